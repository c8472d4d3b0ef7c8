import type { BenchRow } from './bench-section';

/**
 * The pure part of the runner's report: ratios, the results table (terminal and Markdown) and the
 * generated block of BENCHMARKS.md. No I/O here, so the spec can pin the formatting down.
 */

/** Where the generated part of BENCHMARKS.md begins and ends; everything outside is written by hand. */
export const GENERATED_START = '<!-- bench:generated:start (npm run bench rewrites this block) -->';
export const GENERATED_END = '<!-- bench:generated:end -->';

/**
 * "Higher is better" ratio of ours to the reference, rounded to 2 decimals: ours / reference for a
 * throughput, reference / ours for a latency (`lowerIsBetter`). Null when either side is missing or
 * the denominator is 0, rather than an Infinity or NaN in the table.
 */
export function ratioOf(ours: number, reference: number | null | undefined, options: { lowerIsBetter?: boolean } = {}): number | null {
  if (reference === null || reference === undefined || !Number.isFinite(ours) || !Number.isFinite(reference)) return null;
  const [numerator, denominator] = options.lowerIsBetter ? [reference, ours] : [ours, reference];
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 100) / 100;
}

/** A figure as the table shows it: thousands separated, at most 2 decimals, fewer for big numbers. */
export function formatFigure(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export interface ReportLine {
  section: string;
  row: BenchRow;
}

const HEADINGS = ['measure', 'ours', 'reference', 'ratio', 'target', 'met'] as const;

function cells({ row }: ReportLine): string[] {
  const unit = row.unit ? ` ${row.unit}` : '';
  return [
    row.measure,
    `${formatFigure(row.ours)}${unit}`,
    row.reference ? `${formatFigure(row.reference.value)}${unit} (${row.reference.name})` : '—',
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}x`,
    row.target?.text ?? '—',
    row.target ? (row.target.met ? 'yes' : 'NO') : '—',
  ];
}

/** The table for the terminal: fixed-width columns, one line per row, sections separated by a rule. */
export function textTable(lines: readonly ReportLine[]): string {
  const body = lines.map(cells);
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const format = (c: readonly string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [format(HEADINGS), rule];
  lines.forEach((line, i) => {
    if (i > 0 && lines[i - 1].section !== line.section) out.push(rule);
    out.push(format(body[i]));
  });
  return out.join('\n');
}

/** The same table in Markdown, with the section as the first column. */
export function markdownTable(lines: readonly ReportLine[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const out = [`| section | ${HEADINGS.join(' | ')} |`, `|${' --- |'.repeat(HEADINGS.length + 1)}`];
  for (const line of lines) out.push(`| ${[line.section, ...cells(line)].map(escape).join(' | ')} |`);
  return out.join('\n');
}

/**
 * `document` with the generated block replaced by `block`, so the hand-written reading around it is
 * never overwritten: no document yet gets `skeleton` around the block, a document without the
 * markers gets the block appended.
 */
export function replaceGenerated(document: string | null, block: string, skeleton: (generated: string) => string): string {
  const generated = `${GENERATED_START}\n${block.trim()}\n${GENERATED_END}`;
  if (document === null) return skeleton(generated);
  const start = document.indexOf(GENERATED_START);
  const end = document.indexOf(GENERATED_END);
  if (start < 0 || end < start) return `${document.trimEnd()}\n\n${generated}\n`;
  return document.slice(0, start) + generated + document.slice(end + GENERATED_END.length);
}
