import { addDays, beijingDateOf, dayOfWeek, type LocalDate, type WorkingCalendar } from '@app/domain';
import type { Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const BEIJING_OFFSET = 8 * HOUR;

/** Office hours of a government office (Beijing time), in minutes of the day: 08:30–12:00 and 14:00–17:30. */
const MORNING = { from: 8 * 60 + 30, to: 12 * 60 } as const;
const AFTERNOON = { from: 14 * 60, to: 17 * 60 + 30 } as const;

/** The instant of a Beijing wall-clock time on `date`. */
export function beijingInstant(date: LocalDate, minuteOfDay: number): number {
  return Date.parse(`${date}T00:00:00+08:00`) + minuteOfDay * MINUTE;
}

/** Beijing dates by day number (days since the epoch in Beijing time): a story asks many times a step. */
const beijingDates = new Map<number, LocalDate>();

/** The Beijing date of an instant. */
export function beijingDate(instant: number): LocalDate {
  const day = Math.floor((instant + BEIJING_OFFSET) / DAY);
  let date = beijingDates.get(day);
  if (date === undefined) {
    date = beijingDateOf(new Date(instant).toISOString());
    beijingDates.set(day, date);
  }
  return date;
}

/** Minutes since Beijing midnight. */
export function beijingMinuteOfDay(instant: number): number {
  return Math.floor(((instant + BEIJING_OFFSET) % DAY) / MINUTE);
}

/** `2025-03-04T09:10:00+08:00`: how people in the office would write the time (receivedAt). */
export function beijingIso(instant: number): string {
  return `${new Date(instant + BEIJING_OFFSET).toISOString().slice(0, 19)}+08:00`;
}

/**
 * When people in the simulation work: working days of the official calendar (with 调休 make-up
 * days), office hours in Beijing time. Built from the calendar the API serves, so the stories
 * schedule their work on the same days the API counts deadlines on.
 */
export class OfficeCalendar {
  /**
   * Answers already worked out: the stories ask about the same few hundred days over and over (the
   * demo's own arithmetic was a tenth of its process's CPU), and the calendar never changes in a run.
   */
  private readonly workingDays = new Map<LocalDate, boolean>();
  private readonly nextWorkingDays = new Map<LocalDate, LocalDate>();

  constructor(private readonly calendar: WorkingCalendar) {}

  /**
   * Outside the years the calendar holds (the year after the simulated one, when not yet
   * published), Monday to Friday. Only used to place steps that fall after the end of the
   * simulation, which never run; the API itself never guesses.
   */
  isWorkingDay(date: LocalDate): boolean {
    let working = this.workingDays.get(date);
    if (working === undefined) {
      if (this.calendar.covers(Number(date.slice(0, 4)))) working = this.calendar.isWorkingDay(date);
      else working = dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6;
      this.workingDays.set(date, working);
    }
    return working;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    let next = this.nextWorkingDays.get(date);
    if (next === undefined) {
      next = addDays(date, 1);
      while (!this.isWorkingDay(next)) next = addDays(next, 1);
      this.nextWorkingDays.set(date, next);
    }
    return next;
  }

  /** `date` itself if it is a working day, else the next one. */
  workingDayOnOrAfter(date: LocalDate): LocalDate {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /** The `n`-th working day after `date` (0: `date` itself). */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    let result = date;
    for (let i = 0; i < n; i++) result = this.nextWorkingDay(result);
    return result;
  }

  /** The `n`-th working day before `date` (0: `date` itself). */
  subtractWorkingDays(date: LocalDate, n: number): LocalDate {
    let result = date;
    for (let i = 0; i < n;) {
      result = addDays(result, -1);
      if (this.isWorkingDay(result)) i++;
    }
    return result;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not later). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (this.isWorkingDay(date)) count++;
    return count;
  }

  /** A time in office hours on `date`, morning or afternoon. */
  officeTime(rng: Random, date: LocalDate): number {
    const span = rng.chance(0.55) ? MORNING : AFTERNOON;
    return beijingInstant(date, rng.int(span.from, span.to - 10));
  }

  /** A time in the morning office hours of `date`: work that is done first thing. */
  morningTime(rng: Random, date: LocalDate): number {
    return beijingInstant(date, rng.int(MORNING.from, MORNING.from + 90));
  }

  /**
   * About `minMinutes`–`maxMinutes` after `after` if that is still in office hours on a working
   * day; otherwise first thing on the next working day. How staff get round to the next step.
   */
  officeTimeAfter(rng: Random, after: number, minMinutes: number, maxMinutes: number): number {
    const t = after + rng.int(minMinutes, maxMinutes) * MINUTE;
    const date = beijingDate(t);
    const minute = beijingMinuteOfDay(t);
    if (beijingDate(after) === date && this.isWorkingDay(date)) {
      if (minute < MORNING.from) return beijingInstant(date, MORNING.from + rng.int(0, 60));
      if (minute < MORNING.to || (minute >= AFTERNOON.from && minute < AFTERNOON.to)) return t;
      if (minute < AFTERNOON.from) return beijingInstant(date, AFTERNOON.from + rng.int(0, 60));
    }
    return this.morningTime(rng, this.nextWorkingDay(beijingDate(after)));
  }
}
