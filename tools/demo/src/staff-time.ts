import type { LocalDate } from '@app/domain';
import { beijingDate, MINUTE, type OfficeCalendar } from './office-calendar';
import type { Random } from './random';
import type { StoryTime } from './simulated-time';

/** A step of a story and when it happens. */
export interface TimedStep {
  at: number;
  run: () => Promise<unknown>;
}

/**
 * When the people in one story act: in office hours on working days, getting round to the next
 * step later the same day or the next morning; for an emergency (`sameDay`), at once, in or out
 * of office hours. Draws from the story's own random stream.
 */
export class StaffTime {
  /** Emergencies are handled within the day until the handling report. */
  sameDay = false;

  constructor(
    private readonly time: StoryTime,
    readonly office: OfficeCalendar,
    private readonly rng: Random,
  ) {}

  now(): number {
    return this.time.now();
  }

  today(): LocalDate {
    return beijingDate(this.time.now());
  }

  /** Waits for `instant` in simulated time. */
  at(instant: number): Promise<void> {
    return this.time.until(instant);
  }

  /** About `minMinutes`–`maxMinutes` from now within office hours, else the next working morning; emergencies at once. */
  later(minMinutes: number, maxMinutes: number): number {
    if (this.sameDay) return this.now() + this.rng.int(10, 25) * MINUTE;
    return this.office.officeTimeAfter(this.rng, this.now(), minMinutes, maxMinutes);
  }

  /** A time on `date` (a working day, today or later); if today, a little later, into the evening if need be. */
  onDay(date: LocalDate): number {
    if (date > this.today()) return this.office.officeTime(this.rng, date);
    const t = this.office.officeTimeAfter(this.rng, this.now(), 20, 120);
    return beijingDate(t) === this.today() ? t : this.now() + this.rng.int(20, 90) * MINUTE;
  }

  /** A time `n` working days from today. */
  inWorkingDays(n: number): number {
    return this.onDay(this.office.addWorkingDays(this.today(), n));
  }

  /** Runs steps in time order. */
  async perform(steps: readonly TimedStep[]): Promise<void> {
    for (const step of [...steps].sort((a, b) => a.at - b.at)) {
      await this.at(step.at);
      await step.run();
    }
  }
}
