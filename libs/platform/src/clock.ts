/**
 * Where commands and the scheduler get "now" from. Injected so tests can stand at any instant of the
 * calendar (and step over a due day's midnight) without waiting or faking timers.
 */
export interface Clock {
  now(): Date;
}

/** Nest injection token for the Clock. */
export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to: for tests. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date | string) {
    this.current = new Date(start);
  }

  now(): Date {
    // A copy, so nobody can move the clock by mutating what it returned.
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
