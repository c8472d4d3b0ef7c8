import { addDays } from '@app/domain';
import type { Span } from './arrivals';
import { beijingDate, beijingInstant } from './office-calendar';
import { count, type Progress } from './progress';
import type { SimulatedTime } from './simulated-time';

export interface YearLoopInput {
  time: SimulatedTime;
  span: Span;
  /** How far (ms) the stories may run ahead of the midnight the deadline scheduler is at (pacing `ahead`). */
  lookAheadMs: number;
  /** Ticks the deadline scheduler at the clock's now, once it has seen `seenUpTo`; answers the red cards (DeadlinePassed, MeasureDeadlinePassed) appended. */
  fireDueDeadlines: (seenUpTo: bigint | null) => Promise<number>;
  progress: Progress;
  /** Requests answered so far, for the progress lines. */
  requests: () => number;
  report: (line: string) => void;
}

/**
 * Walks the span day by day: runs the stories' steps up to each Beijing midnight, then ticks the
 * deadline scheduler at that midnight, the moment a due date passes (docs/rules.md#when-a-due-date-has-passed), so a case
 * still unanswered gets its DeadlinePassed before anyone acts on it the next morning (a case with a
 * deadline that day waits for it; the others may be further on, up to `lookAheadMs`). Prints one
 * progress line per month. Throws the first error of any story.
 */
export async function runYear({ time, span, lookAheadMs, fireDueDeadlines, progress, requests, report }: YearLoopInput): Promise<void> {
  const started = Date.now();
  const line = (label: string) =>
    report(
      `${label}  cases filed ${count(progress.filed)}/${count(progress.total)}, done ${count(progress.done)}/${count(progress.total)} ` +
        `(closed ${count(progress.closed)}, rejected ${count(progress.rejected)}), red cards ${count(progress.deadlinesPassed)}, ` +
        `${count(requests())} requests, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  const runUpTo = async (instant: number) => {
    await time.advanceTo(instant, Math.min(instant + lookAheadMs, span.end));
    if (time.failed) throw time.failed.error;
    // Every case event up to `instant` is appended by now (stories further on may be appending more).
    // A midnight no deadline falls due at is skipped: the scheduler would find nothing to fire.
    if (time.schedulerDueAt(instant) || instant === span.end) {
      progress.deadlinesPassed += await fireDueDeadlines(progress.lastCasePosition);
    }
    time.scheduledAt(instant);
  };

  for (let day = addDays(beijingDate(span.start), 1); beijingInstant(day, 0) <= span.end; day = addDays(day, 1)) {
    await runUpTo(beijingInstant(day, 0));
    if (day.endsWith('-01')) line(addDays(day, -1).slice(0, 7));
  }
  if (time.now() < span.end) {
    // A span that ends now, inside a day: run that day up to now.
    await runUpTo(span.end);
    line(`${beijingDate(span.end)} (now)`);
  }
}
