import { ThrottlerStorageService } from '@nestjs/throttler';
import { SlidingWindowStorage } from './rate-limit.storage';

describe('SlidingWindowStorage', () => {
  const MINUTE = 60_000;

  it('refuses a request while the window holds `limit` others, does not count refusals, and frees a place as the oldest expires', async () => {
    let now = 1_000_000;
    const storage = new SlidingWindowStorage(() => now);
    const hit = () => storage.increment('caller:a', MINUTE, 3, 0, 'default');
    for (const at of [0, 10_000, 20_000]) {
      now = 1_000_000 + at;
      expect(await hit()).toMatchObject({ isBlocked: false, timeToBlockExpire: 0 });
    }
    now = 1_030_000;
    expect(await hit()).toEqual({ totalHits: 4, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 30 });
    expect(await hit()).toMatchObject({ isBlocked: true });
    now = 1_060_000;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 3 });
    now = 1_060_001;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 10 });
    expect(await storage.increment('caller:b', MINUTE, 3, 0, 'default')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('peek answers as increment would, without counting the request, and keeps nothing of a key never counted', async () => {
    let now = 1_000_000;
    const storage = new SlidingWindowStorage(() => now);
    expect(storage.peek('ip:a', MINUTE, 2, 'default')).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(storage.keys).toBe(0);
    await storage.increment('ip:a', MINUTE, 2, 0, 'default');
    now += 15_000;
    await storage.increment('ip:a', MINUTE, 2, 0, 'default');
    for (let i = 0; i < 3; i++) {
      expect(storage.peek('ip:a', MINUTE, 2, 'default')).toEqual({
        totalHits: 3,
        timeToExpire: 45,
        isBlocked: true,
        timeToBlockExpire: 45,
      });
    }
    now += 45_000;
    expect(storage.peek('ip:a', MINUTE, 2, 'default')).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await storage.increment('ip:a', MINUTE, 2, 0, 'default')).toMatchObject({ totalHits: 2, isBlocked: false });
  });

  // All but timeToExpire, which only feeds the X-RateLimit-Reset header this API does not send (setHeaders: false).
  it('refuses and counts as @nestjs/throttler’s own storage does, request for request', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const theirs = new ThrottlerStorageService();
    const ours = new SlidingWindowStorage(() => Date.now());
    try {
      // A fixed pseudo-random sequence: three callers, bursts and pauses, around a limit of 5 per 10 s.
      let seed = 7;
      const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
      let refused = 0;
      for (let i = 0; i < 800; i++) {
        jest.advanceTimersByTime(next() < 0.8 ? Math.floor(next() * 400) : Math.floor(next() * 6_000));
        const key = `caller:${Math.floor(next() * 3)}`;
        const { timeToExpire: _theirs, ...expected } = await theirs.increment(key, 10_000, 5, 0, 'default');
        const { timeToExpire: _ours, ...answered } = await ours.increment(key, 10_000, 5, 0, 'default');
        expect(answered).toEqual(expected);
        if (expected.isBlocked) refused++;
      }
      expect(refused).toBeGreaterThan(50);
    } finally {
      theirs.onApplicationShutdown();
      jest.useRealTimers();
    }
  });

  it('forgets keys with no hit left in their window, once a minute', async () => {
    let now = 0;
    const storage = new SlidingWindowStorage(() => now);
    for (let i = 0; i < 100; i++) await storage.increment(`ip:${i}`, 1_000, 10, 0, 'default');
    expect(storage.keys).toBe(100);
    now = MINUTE;
    await storage.increment('ip:late', 1_000, 10, 0, 'default');
    expect(storage.keys).toBe(1);
  });

  it('refuses a block duration it does not implement', async () => {
    await expect(new SlidingWindowStorage().increment('k', MINUTE, 3, 5_000, 'default')).rejects.toThrow(/without an extra block/);
  });
});
