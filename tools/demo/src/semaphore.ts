import { MinHeap } from './min-heap';

/**
 * Bounds the requests in flight, so a busy moment of the simulation does not queue more than the
 * connection pool can serve. Waiting requests go in order of `priority` (lowest first), then of
 * arrival: the demo passes a step's instant, so the steps the scheduler's next midnight waits for
 * are served before steps further ahead.
 */
export class Semaphore {
  private inFlight = 0;
  private arrivals = 0;
  private readonly queue = new MinHeap<{ priority: number; order: number; go: () => void }>(
    (a, b) => a.priority < b.priority || (a.priority === b.priority && a.order < b.order),
  );

  constructor(private readonly max: number) {}

  acquire(priority = 0): Promise<void> {
    if (this.inFlight < this.max) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((go) => this.queue.push({ priority, order: this.arrivals++, go }));
  }

  release(): void {
    const next = this.queue.pop();
    if (next) next.go();
    else this.inFlight--;
  }
}
