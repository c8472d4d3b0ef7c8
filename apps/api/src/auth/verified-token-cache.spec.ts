import { VerifiedTokenCache } from './verified-token-cache';

describe('VerifiedTokenCache', () => {
  const caller = { actorId: 'dev-intake', role: 'intake' as const, unitId: null };

  it('keeps at most 10,000 tokens, letting the oldest go first', () => {
    const cache = new VerifiedTokenCache(30);
    for (let i = 0; i <= 10_000; i++) cache.remember(`token-${i}`, { ...caller }, { exp: 2_000 }, 1_000);
    expect(cache.size).toBe(10_000);
    expect(cache.get('token-0', 1_000)).toBeUndefined();
    expect(cache.get('token-1', 1_000)).toEqual(caller);
    expect(cache.get('token-10000', 1_000)).toEqual(caller);
  });

  it('knows a token as accepted until its exp and the clock skew, after its reuse is over too, then forgets it', () => {
    const cache = new VerifiedTokenCache(30);
    cache.remember('t', { ...caller }, { exp: 2_000 }, 1_000);
    expect([cache.get('t', 1_059), cache.accepted('t', 1_059)]).toEqual([caller, true]);
    // Reused for a minute at most: then verified again, but still known as one accepted.
    expect([cache.get('t', 1_060), cache.accepted('t', 1_060)]).toEqual([undefined, true]);
    expect([cache.get('t', 2_029), cache.accepted('t', 2_029)]).toEqual([undefined, true]);
    expect([cache.get('t', 2_030), cache.accepted('t', 2_030)]).toEqual([undefined, false]);
    expect(cache.size).toBe(0);
    expect(cache.accepted('never-seen', 1_000)).toBe(false);
  });

  it('does not take a token before its nbf, less the clock skew (should the clock go back)', () => {
    const cache = new VerifiedTokenCache(30);
    cache.remember('t', { ...caller }, { exp: 2_000, nbf: 1_000 }, 1_000);
    expect(cache.get('t', 969)).toBeUndefined();
    cache.remember('t', { ...caller }, { exp: 2_000, nbf: 1_000 }, 1_000);
    expect(cache.get('t', 970)).toEqual(caller);
  });
});
