import { addDays } from '@app/domain';
import type { Span } from './arrivals';
import { beijingDate, beijingInstant } from './office-calendar';
import { count, type Progress } from './progress';
import type { SimulatedTime } from './simulated-time';

export interface YearLoopInput {
  time: SimulatedTime;
  span: Span;
  /** Ticks the deadline scheduler at the clock's now, once it has seen `seenUpTo`; answers the DeadlinePassed events appended. */
  fireDueDeadlines: (seenUpTo: bigint | null) => Promise<number>;
  progress: Progress;
  /** Requests answered so far, for the progress lines. */
  requests: () => number;
  report: (line: string) => void;
}

/**
 * Walks the span day by day: runs the stories' steps up to each Beijing midnight, then ticks the
 * deadline scheduler at that midnight, the moment a due date passes (docs/rules.md#when-a-due-date-has-passed), so a case
 * still unanswered gets its DeadlinePassed before anyone acts on it the next morning. Prints one
 * progress line per month. Throws the first error of any story.
 */
export async function runYear({ time, span, fireDueDeadlines, progress, requests, report }: YearLoopInput): Promise<void> {
  const started = Date.now();
  const line = (label: string) =>
    report(
      `${label}  cases filed ${count(progress.filed)}/${count(progress.total)}, done ${count(progress.done)}/${count(progress.total)} ` +
        `(closed ${count(progress.closed)}, rejected ${count(progress.rejected)}), DeadlinePassed ${count(progress.deadlinesPassed)}, ` +
        `${count(requests())} requests, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  const tick = async () => {
    if (time.failed) throw time.failed.error;
    progress.deadlinesPassed += await fireDueDeadlines(progress.lastCasePosition);
  };

  for (let day = addDays(beijingDate(span.start), 1); beijingInstant(day, 0) <= span.end; day = addDays(day, 1)) {
    await time.advanceTo(beijingInstant(day, 0));
    await tick();
    if (day.endsWith('-01')) line(addDays(day, -1).slice(0, 7));
  }
  if (time.now() < span.end) {
    // A span that ends now, inside a day: run that day up to now.
    await time.advanceTo(span.end);
    await tick();
    line(`${beijingDate(span.end)} (now)`);
  }
}
