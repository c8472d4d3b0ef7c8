import { PollingLoop } from './polling-loop';

const waitFor = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('PollingLoop', () => {
  it('a failing run is reported and the loop carries on', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const loop = new PollingLoop(
      async () => {
        runs++;
        if (runs <= 2) throw new Error(`database unreachable (${runs})`);
      },
      { intervalMs: 1, maxBackoffMs: 5, onError: (error) => errors.push(error) },
    );
    loop.start();
    await waitFor(() => runs >= 4);
    await loop.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(['database unreachable (1)', 'database unreachable (2)']);
  });

  it('a throwing error handler does not stop the loop either', async () => {
    let runs = 0;
    const loop = new PollingLoop(
      async () => {
        runs++;
        throw new Error('boom');
      },
      {
        intervalMs: 1,
        maxBackoffMs: 2,
        onError: () => {
          throw new Error('logger broken');
        },
      },
    );
    loop.start();
    await waitFor(() => runs >= 3);
    await loop.stop();
  });

  it('never runs twice at once, and stop() waits for the run in progress, after which nothing runs', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let finished = 0;
    const loop = new PollingLoop(
      async () => {
        runs++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 30));
        active--;
        finished++;
      },
      { intervalMs: 0, onError: () => undefined },
    );
    loop.start();
    loop.start(); // idempotent
    await waitFor(() => runs >= 2);
    await loop.stop();
    expect(active).toBe(0);
    expect(finished).toBe(runs);
    expect(maxActive).toBe(1);
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(after);
  });
});
