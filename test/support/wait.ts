export interface WaitOptions {
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /** Time between two probes (default 50 ms). */
  intervalMs?: number;
  /** The error thrown on giving up (default 'condition not met in time'). */
  failure?: string;
}

/**
 * Probes until `probe` answers something truthy, and returns it; throws `failure` once `timeoutMs`
 * is up. For what a test cannot await: a scheduler or projector working on its own, another process,
 * a subscriber woken by another connection.
 *
 *   await waitUntil(() => server.output().includes('Projector started'), { timeoutMs: 10_000 });
 *   const passed = await waitUntil(async () => (await historyOf(path)).find((e) => e.type === 'DeadlinePassed'));
 */
export async function waitUntil<T>(probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeoutMs = 5_000, intervalMs = 50, failure = 'condition not met in time' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer) return answer as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
