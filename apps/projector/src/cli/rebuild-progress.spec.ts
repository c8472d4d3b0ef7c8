import { RebuildProgressReporter } from './rebuild-progress';

/** What the reporter wrote, as a pipe (no terminal: a line a call, the first at once) or a terminal (the bar redrawn). */
function written(isTTY: boolean): { out: { write: (text: string) => boolean; isTTY: boolean }; text: () => string } {
  let text = '';
  return { out: { isTTY, write: (chunk: string) => ((text += chunk), true) }, text: () => text };
}

describe('RebuildProgressReporter', () => {
  it('never shows more events done than in all: events appended after the count raise the total', () => {
    const pipe = written(false);
    new RebuildProgressReporter('case-list', 44_016, pipe.out).update(44_017);
    expect(pipe.text()).toMatch(/^case-list: 44,017\/44,017 events /);
  });

  it('on a terminal, a full bar at most, and the raised total', () => {
    const terminal = written(true);
    const reporter = new RebuildProgressReporter('2 read models', 10, terminal.out);
    reporter.update(5);
    reporter.update(12);
    expect(terminal.text()).toContain(`[${'#'.repeat(15)}${'.'.repeat(15)}] 5/10 events`);
    expect(terminal.text()).toContain(`[${'#'.repeat(30)}] 12/12 events`);
  });
});
