import type { ManualClock } from '@app/platform';
import { MINUTE } from './office-calendar';

/**
 * Time as the stories see it. Each story (a case, a unit's appraisal) is an async function that
 * says when it acts next (`await time.until(instant)`); `advanceTo` moves the ManualClock the API
 * and the deadline scheduler read, releases the stories due at each instant, and waits until every
 * released story has sent its request and is waiting again (or has ended) before moving on.
 *
 * Instants are rounded up to a grid of `slotMinutes`, so stories acting in the same slot run
 * concurrently (all their commands carry the same `at`), while the clock never moves under a
 * request in flight. What a story does depends only on its own random stream and on answers about
 * its own case, so the concurrency changes nothing in the sequence of events of any case.
 */
export class SimulatedTime {
  private readonly slotMs: number;
  private readonly waiting: Waiter[] = [];
  private sequence = 0;
  private running = 0;
  private wakeIdle: (() => void) | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly clock: ManualClock,
    slotMinutes: number,
  ) {
    this.slotMs = slotMinutes * MINUTE;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  /** The first error a story threw, if any: the simulation stops at the end of that slot. */
  get failed(): { error: unknown } | null {
    return this.failure;
  }

  /** Starts a story; it runs until its first `until`. */
  start(story: () => Promise<void>): void {
    this.running++;
    story().then(
      () => this.stopped(),
      (error: unknown) => {
        this.failure ??= { error };
        this.stopped();
      },
    );
  }

  /**
   * Suspends the calling story until the clock reaches `instant`, rounded up to the slot grid and
   * at least one slot after now, so two steps of one story never share an instant. Only stories
   * (started with `start`) call this.
   */
  until(instant: number): Promise<void> {
    const earliest = this.now() + this.slotMs;
    const at = Math.ceil(Math.max(instant, earliest) / this.slotMs) * this.slotMs;
    const promise = new Promise<void>((resolve) => this.push({ at, order: this.sequence++, resolve }));
    this.stopped();
    return promise;
  }

  /** Instant of the earliest waiting story, if any. */
  nextWake(): number | null {
    return this.waiting.length > 0 ? this.waiting[0].at : null;
  }

  /** Sets the clock to `instant` and runs every story due by then, slot by slot. */
  async advanceTo(instant: number): Promise<void> {
    for (let next = this.nextWake(); next !== null && next <= instant && !this.failure; next = this.nextWake()) {
      this.clock.set(new Date(next));
      // The order of release is immaterial: each story acts on its own case only.
      while (this.waiting.length > 0 && this.waiting[0].at === next) {
        this.running++;
        this.pop().resolve();
      }
      await this.idle();
    }
    if (!this.failure && instant > this.now()) this.clock.set(new Date(instant));
  }

  /** Resolves once no released story is still between two `until`s. */
  private idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => (this.wakeIdle = resolve));
  }

  private stopped(): void {
    this.running--;
    if (this.running === 0 && this.wakeIdle) {
      const wake = this.wakeIdle;
      this.wakeIdle = null;
      wake();
    }
  }

  // A binary heap on (at, order): tens of thousands of stories wait at once in a big run.
  private push(waiter: Waiter): void {
    const heap = this.waiting;
    heap.push(waiter);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): Waiter {
    const heap = this.waiting;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let smallest = i;
        if (l < heap.length && before(heap[l], heap[smallest])) smallest = l;
        if (r < heap.length && before(heap[r], heap[smallest])) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
}

interface Waiter {
  at: number;
  order: number;
  resolve: () => void;
}

function before(a: Waiter, b: Waiter): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
