import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the guard is told of a request (the package does not export the type by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A key's hits still in its window: their expiry instants in the order they were counted, those before `head` gone. */
interface Window {
  expiries: number[];
  head: number;
}

/** How often keys with no hit left in their window are forgotten. */
const SWEEP_MS = 60_000;

/**
 * The rate limits' sliding window, counted in this process's memory at a constant cost per request.
 * @nestjs/throttler's own storage filters a key's whole list of hits and spreads it into Math.min
 * on every request: with one caller at a few hundred requests/s that is a copy of up to
 * RATE_LIMIT_PER_CALLER (12,000) numbers per request, which showed in the read routes' profile
 * and in garbage collection. Every hit of a throttler has the same ttl, so expiries are counted in
 * increasing order: the expired ones are at the front, and the oldest live one is the first left.
 *
 * Same answers as the library's for the way this API throttles (rate-limit.module.ts): a request
 * is refused while the window holds `limit` others, refused requests are not counted, and no
 * extra block follows (blockDuration 0); any other block duration is refused at the first request.
 */
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.nextSweep = now() + SWEEP_MS;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (blockDuration > 0)
      throw new Error(`SlidingWindowStorage counts without an extra block; ${throttlerName} asks for ${blockDuration} ms`);
    return this.count(key, ttl, limit, throttlerName, true);
  }

  /**
   * What `increment` would answer now, without counting the request: whether the window holds
   * `limit` requests already (RateLimitGuard.refuseSpentAddress, before a token's signature check).
   */
  peek(key: string, ttl: number, limit: number, throttlerName: string): ThrottlerStorageRecord {
    return this.count(key, ttl, limit, throttlerName, false);
  }

  private count(key: string, ttl: number, limit: number, throttlerName: string, counted: boolean): ThrottlerStorageRecord {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    // A peek of a key never counted keeps nothing of it.
    if (!window) {
      window = { expiries: [], head: 0 };
      if (counted) this.windows.set(id, window);
    }
    const held = this.live(window, now);
    const isBlocked = held >= limit;
    if (!isBlocked && counted) window.expiries.push(now + ttl);
    // None held (a peek of an empty window): the window would start with this request.
    const oldest = window.head < window.expiries.length ? window.expiries[window.head] : now + ttl;
    const secondsUntilOldestExpires = Math.ceil((oldest - now) / 1000);
    return {
      totalHits: held + 1,
      timeToExpire: secondsUntilOldestExpires,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsUntilOldestExpires : 0,
    };
  }

  /** Hits of `window` still unexpired at `now`, the expired ones dropped from its front. */
  private live(window: Window, now: number): number {
    const { expiries } = window;
    while (window.head < expiries.length && expiries[window.head] <= now) window.head++;
    // Compacted once the dead front outweighs the live rest, so each hit is copied at most about once.
    if (window.head > 64 && window.head * 2 > expiries.length) {
      window.expiries = expiries.slice(window.head);
      window.head = 0;
    }
    return window.expiries.length - window.head;
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (this.live(window, now) === 0) this.windows.delete(id);
    this.nextSweep = now + SWEEP_MS;
  }

  /** Keys counted now, for the spec. */
  get keys(): number {
    return this.windows.size;
  }
}
