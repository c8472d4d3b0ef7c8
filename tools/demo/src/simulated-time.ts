import { addDays, type LocalDate } from '@app/domain';
import type { ManualClock } from '@app/platform';
import { MinHeap } from './min-heap';
import { beijingInstant, MINUTE } from './office-calendar';

/**
 * How the stories' steps are released, and so what decides each command's `at`:
 * - `slots`: the ManualClock the API reads is moved slot by slot, and the stories due in one slot
 *   run together, all at the clock's instant. Needed when the commands go over HTTP, where nothing
 *   but the clock can tell the API the instant of a request.
 * - `ahead`: each command carries its own story's instant (the demo runs it with StoryClock.runAt),
 *   so every story runs as far ahead as `advanceTo` lets it, all at once, while the deadline
 *   scheduler is still busy with an earlier midnight; only a case with a deadline due waits for the
 *   scheduler to have been at the midnight ending that day (`dueOn`).
 */
export type Pacing = 'slots' | 'ahead';

/** One story's time: the instant it acts at, and waiting for its next step. */
export interface StoryTime {
  now(): number;
  /**
   * Suspends the story until `instant`, rounded up to the slot grid and at least one slot after its
   * now, so two steps of one story never share an instant.
   */
  until(instant: number): Promise<void>;
  /**
   * The story's case has deadlines due on these days (the due dates the API answered): a step after
   * one of them waits until the scheduler has been at the midnight ending it (`scheduledAt`), so a
   * DeadlinePassed comes before the case's next event, as it would in real time.
   */
  dueOn(dates: readonly LocalDate[]): void;
}

/**
 * Time as the stories see it. Each story (a case, a unit's appraisal) is an async function that
 * says when it acts next (`await time.until(instant)`) on a StoryTime of its own; `advanceTo(instant)`
 * releases the stories due, as the pacing says, and returns once every step up to `instant` has
 * been taken (all the stories are waiting beyond it, or have ended), the ManualClock the deadline
 * scheduler reads then at that instant. The year loop then ticks the scheduler and tells
 * `scheduledAt`.
 *
 * Instants are rounded up to a grid of `slotMinutes`. What a story does depends only on its own
 * random stream and on answers about its own case, its instants only on its own steps, and a case's
 * deadlines fire between the same two of its steps either way, so neither the pacing nor the
 * concurrency changes anything in the events of any case, their `at` included (demo.spec.ts compares
 * a run of each pacing). In `ahead` the log holds the events of different cases out of time order by
 * up to the look-ahead, as a log written by many hands does by a little.
 */
export class SimulatedTime {
  private readonly slotMs: number;
  /** Stories waiting for a step beyond `reach`, earliest first. */
  private readonly waiting = new MinHeap<Waiter>(before);
  /** Stories waiting for the scheduler, by the midnight they wait for. */
  private readonly blocked = new Map<number, Waiter[]>();
  /** Stories between two `until`s, at their step's instant. */
  private readonly running = new Set<Timeline>();
  /** The same, earliest first; an entry whose story has moved on since is dropped when met. */
  private readonly runningAt = new MinHeap<{ timeline: Timeline; at: number }>((a, b) => a.at < b.at);
  private sequence = 0;
  private failure: { error: unknown } | null = null;
  /** `ahead`: steps due by then are released at once. */
  private reach = -Infinity;
  /** The latest instant the deadline scheduler has been at. */
  private scheduled = -Infinity;
  /** The midnights ending a day some case has a deadline due on, beyond `scheduled`. */
  private readonly dueMidnights = new Set<number>();
  private settled: { done: () => boolean; resolve: () => void } | null = null;

  constructor(
    private readonly clock: ManualClock,
    slotMinutes: number,
    readonly pacing: Pacing,
  ) {
    this.slotMs = slotMinutes * MINUTE;
  }

  /** The clock's instant: where advanceTo has got to. */
  now(): number {
    return this.clock.now().getTime();
  }

  /** The first error a story threw, if any: no story takes another step after it. */
  get failed(): { error: unknown } | null {
    return this.failure;
  }

  /** Time for a new story, starting at the clock's now. */
  story(): StoryTime {
    return new Timeline(this, this.now());
  }

  /** Starts a story on its time; it runs until its first `until`. */
  start(time: StoryTime, story: () => Promise<void>): void {
    const timeline = time as Timeline;
    this.running.add(timeline);
    this.runningAt.push({ timeline, at: timeline.current });
    story().then(
      () => this.ended(timeline),
      (error: unknown) => {
        this.failure ??= { error };
        this.ended(timeline);
      },
    );
  }

  /**
   * Runs every step due by `instant`, then sets the clock to it. In `ahead`, stories may meanwhile
   * go on up to `reach` (at least `instant`), and keep going while the caller ticks the scheduler.
   */
  async advanceTo(instant: number, reach = instant): Promise<void> {
    if (this.pacing === 'ahead') {
      this.reach = Math.max(this.reach, reach, instant);
      for (let next = this.waiting.peek(); next && next.at <= this.reach && !this.failure; next = this.waiting.peek()) {
        this.release(this.waiting.pop()!);
      }
      await this.until(() => this.frontier() > instant);
    } else {
      for (let next = this.waiting.peek(); next && next.at <= instant && !this.failure; next = this.waiting.peek()) {
        const slot = next.at;
        this.clock.set(new Date(slot));
        // The order of release is immaterial: each story acts on its own case only.
        while (this.waiting.peek()?.at === slot) this.release(this.waiting.pop()!);
        await this.until(() => this.running.size === 0);
      }
    }
    if (!this.failure && instant > this.now()) this.clock.set(new Date(instant));
  }

  /**
   * Whether the scheduler may have anything to fire at `instant`, once advanceTo has run every step
   * up to it. In `ahead`, only if a day some case has a deadline due on ends there: every deadline
   * is set by a command whose due dates the story then learns (StoryTime.dueOn) before its next
   * step, and falls due at the midnight ending its day, so a tick at any other midnight would fire
   * nothing. In `slots`, always: the plain reference that demo.spec.ts compares `ahead` with.
   */
  schedulerDueAt(instant: number): boolean {
    return this.pacing === 'slots' || this.dueMidnights.has(instant);
  }

  /** The deadline scheduler has been at `instant`: the cases waiting for it go on. */
  scheduledAt(instant: number): void {
    this.scheduled = Math.max(this.scheduled, instant);
    for (const midnight of this.dueMidnights) if (midnight <= this.scheduled) this.dueMidnights.delete(midnight);
    for (const [midnight, waiters] of [...this.blocked]) {
      if (midnight > this.scheduled) continue;
      this.blocked.delete(midnight);
      for (const waiter of waiters) this.place(waiter);
    }
    this.check();
  }

  /** @internal Timeline.until */
  wait(timeline: Timeline, instant: number): Promise<void> {
    const at = Math.ceil(Math.max(instant, timeline.current + this.slotMs) / this.slotMs) * this.slotMs;
    this.running.delete(timeline);
    const promise = new Promise<void>((resolve) => this.place({ timeline, at, order: this.sequence++, resolve }));
    this.check();
    return promise;
  }

  /** @internal Timeline.dueOn: the midnights ending those days, unless the scheduler is past them. */
  dueOn(timeline: Timeline, dates: readonly LocalDate[]): void {
    for (const date of dates) {
      const midnight = beijingInstant(addDays(date, 1), 0);
      if (midnight <= this.scheduled) continue;
      this.dueMidnights.add(midnight);
      if (!timeline.dues.includes(midnight)) timeline.dues.push(midnight);
    }
  }

  /** Where a waiting story goes: on at once, to wait for the scheduler, or to wait for its instant. */
  private place(waiter: Waiter): void {
    if (this.failure) return; // it never takes another step
    const timeline = waiter.timeline;
    timeline.dues = timeline.dues.filter((midnight) => midnight > this.scheduled);
    const dues = timeline.dues.filter((midnight) => midnight < waiter.at);
    if (dues.length > 0) {
      const midnight = Math.min(...dues);
      this.blocked.set(midnight, [...(this.blocked.get(midnight) ?? []), waiter]);
    } else if (waiter.at <= this.reach) {
      this.release(waiter);
    } else {
      this.waiting.push(waiter);
    }
  }

  private release(waiter: Waiter): void {
    waiter.timeline.current = waiter.at;
    this.running.add(waiter.timeline);
    this.runningAt.push({ timeline: waiter.timeline, at: waiter.at });
    waiter.resolve();
  }

  private ended(timeline: Timeline): void {
    this.running.delete(timeline);
    this.check();
  }

  /** The earliest instant a story is at or waits for, but for those waiting for the scheduler (always later). */
  private frontier(): number {
    for (let top = this.runningAt.peek(); top; top = this.runningAt.peek()) {
      if (this.running.has(top.timeline) && top.timeline.current === top.at) break;
      this.runningAt.pop();
    }
    return Math.min(this.waiting.peek()?.at ?? Infinity, this.runningAt.peek()?.at ?? Infinity);
  }

  /** Resolves once `done` holds, checked whenever a story moves; or, after a failure, once none is running. */
  private until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.settled = { done, resolve };
      this.check();
    });
  }

  private check(): void {
    const settled = this.settled;
    if (!settled) return;
    if (this.failure ? this.running.size === 0 : settled.done()) {
      this.settled = null;
      settled.resolve();
    }
  }
}

/** One story's StoryTime: its instant, and the midnights its case's deadlines fall due at. */
class Timeline implements StoryTime {
  dues: number[] = [];

  constructor(
    private readonly time: SimulatedTime,
    public current: number,
  ) {}

  now(): number {
    return this.current;
  }

  until(instant: number): Promise<void> {
    return this.time.wait(this, instant);
  }

  dueOn(dates: readonly LocalDate[]): void {
    this.time.dueOn(this, dates);
  }
}

interface Waiter {
  timeline: Timeline;
  at: number;
  order: number;
  resolve: () => void;
}

function before(a: Waiter, b: Waiter): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
