export interface PollingLoopOptions {
  intervalMs: number;
  /** Longest wait after consecutive failures (the wait doubles from intervalMs). */
  maxBackoffMs?: number;
  onError(error: unknown): void;
}

/**
 * Runs `work` again and again, `intervalMs` after the previous run ended (never two at once). A
 * failed run is reported and retried later, never thrown: a database outage must not crash the
 * process, only delay the work.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private active = false;
  private failures = 0;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly options: PollingLoopOptions,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  /** Stops, and waits for a run in progress to finish (so the pool can then be closed safely). */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => this.run(), delayMs);
    // The loop alone does not keep the process alive: the HTTP server or the projector's keep-alive do.
    this.timer.unref();
  }

  private run(): void {
    this.timer = null;
    // Through a promise, so even a synchronous throw is caught.
    this.running = Promise.resolve()
      .then(() => this.work())
      .then(
        () => {
          this.failures = 0;
        },
        (error: unknown) => {
          this.failures++;
          try {
            this.options.onError(error);
          } catch {
            // A failing logger must not stop the loop either.
          }
        },
      )
      .finally(() => {
        this.running = null;
        if (this.active) this.schedule(this.nextDelay());
      });
  }

  private nextDelay(): number {
    const { intervalMs, maxBackoffMs = 30_000 } = this.options;
    if (this.failures === 0) return intervalMs;
    return Math.min(intervalMs * 2 ** this.failures, Math.max(maxBackoffMs, intervalMs));
  }
}
