import { GENERATED_END, GENERATED_START, markdownTable, ratioOf, replaceGenerated, textTable, type ReportLine } from './bench-report';

const line = (
  section: string,
  measure: string,
  ours: number,
  reference: number | null,
  ratio: number | null,
  met?: boolean,
): ReportLine => ({
  section,
  row: {
    measure,
    ours,
    reference: reference === null ? null : { name: 'raw pg INSERT', value: reference },
    ratio,
    ...(met === undefined ? {} : { target: { text: '>= 0.8x raw pg INSERT', met } }),
    unit: 'appends/s',
  },
});

describe('the bench report', () => {
  it('states ratios as "higher is better": throughput ours / reference, latency reference / ours', () => {
    expect(ratioOf(2473, 3092)).toBe(0.8);
    expect(ratioOf(120, 40, { lowerIsBetter: true })).toBe(0.33);
    expect(ratioOf(5, 0)).toBeNull();
    expect(ratioOf(5, null)).toBeNull();
  });

  it('prints each row with its reference, ratio and whether the target was met', () => {
    const table = textTable([
      line('append', 'append, c = 8', 1106, 3092, 0.36, false),
      line('append', 'append, c = 1', 1278.4, null, null),
    ]);
    const [heading, , first, second] = table.split('\n');
    expect(heading).toMatch(/^measure\s+ours\s+reference\s+ratio\s+target\s+met$/);
    expect(first).toMatch(/^append, c = 8\s+1,106 appends\/s\s+3,092 appends\/s \(raw pg INSERT\)\s+0\.36x\s+>= 0\.8x raw pg INSERT\s+NO$/);
    expect(second).toMatch(/^append, c = 1\s+1,278 appends\/s\s+—\s+—\s+—\s+—$/);
  });

  it('writes the Markdown table with the section first and pipes escaped', () => {
    const table = markdownTable([line('post-cases', 'a | b', 1.5, 3, 0.5, true)]);
    expect(table.split('\n')[2]).toBe(
      '| post-cases | a \\| b | 1.5 appends/s | 3 appends/s (raw pg INSERT) | 0.50x | >= 0.8x raw pg INSERT | yes |',
    );
  });

  it('replaces only the generated block of BENCHMARKS.md, keeping the hand-written text around it', () => {
    const document = `# Benchmarks\n\nintro\n\n${GENERATED_START}\nold table\n${GENERATED_END}\n\n## Where the time goes\n\nhand-written\n`;
    const skeleton = () => 'unused';
    expect(replaceGenerated(document, 'new table', skeleton)).toBe(
      `# Benchmarks\n\nintro\n\n${GENERATED_START}\nnew table\n${GENERATED_END}\n\n## Where the time goes\n\nhand-written\n`,
    );
    expect(replaceGenerated('# Mine\n', 'new table', skeleton)).toBe(`# Mine\n\n${GENERATED_START}\nnew table\n${GENERATED_END}\n`);
    expect(replaceGenerated(null, 'new table', (generated) => `# Benchmarks\n\n${generated}\n`)).toContain(
      `${GENERATED_START}\nnew table\n`,
    );
  });
});
