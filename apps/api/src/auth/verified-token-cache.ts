import type { AuthenticatedCaller } from '../common/request-context';

/** Entries kept at most: the oldest goes first when full (a few MB of tokens and callers). */
const MAX_ENTRIES = 10_000;
/**
 * How long a verification is reused at most, whatever the token's `exp`: a provider's key withdrawn
 * from its JWKS stops being trusted within this (jose re-reads the JWKS only every 10 minutes anyway).
 */
const MAX_REUSE_SECONDS = 60;

interface Verified {
  caller: AuthenticatedCaller;
  /** Reused while the time in seconds is below this: `exp` plus the clock skew, or the reuse limit. */
  until: number;
  /** `exp` plus the clock skew: known as accepted (`accepted`) while the time is below this, then forgotten. */
  expires: number;
  /** The token's `nbf` less the clock skew (jose's rule): not reused before it, should the clock go back. */
  from: number;
}

/**
 * Callers of tokens already verified, keyed by the exact token string, so a client sending the same
 * bearer token on every request pays the signature check (ES256/RS256, the largest item of a read
 * route's CPU) once a minute instead of each time. Only tokens that passed every check are kept;
 * a token differing in any character (tampered) is another key and goes through full verification.
 * An entry is used only while its token is within `exp` give or take the clock skew, as jose
 * judges it: an expired token is never accepted from here. What is checked after sign-in (the
 * route's roles, the unit scope) still is, per request, from the caller.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly clockSkewSeconds: number) {}

  /** The caller of `token` if it was verified and is still within its validity at `nowSeconds`. */
  get(token: string, nowSeconds: number): AuthenticatedCaller | undefined {
    const entry = this.live(token, nowSeconds);
    return entry && nowSeconds < entry.until ? entry.caller : undefined;
  }

  /**
   * Whether `token` passed verification before and is still within its `exp` (and `nbf`) at
   * `nowSeconds`, its reuse over or not. Such a token is checked again once its reuse is over, but
   * it is not a stranger's: AuthenticationGuard lets an address that has spent its rate limit send
   * it (an office's valid users behind one NAT), not a token it never accepted.
   */
  accepted(token: string, nowSeconds: number): boolean {
    return this.live(token, nowSeconds) !== undefined;
  }

  /** `token`'s entry while it is within `nbf` and `exp`; forgotten past `exp`. */
  private live(token: string, nowSeconds: number): Verified | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowSeconds < entry.expires && nowSeconds >= entry.from) return entry;
    if (nowSeconds >= entry.expires) this.entries.delete(token);
    return undefined;
  }

  /** Keeps the caller of a token that passed verification at `nowSeconds`, with its `exp` and `nbf`. */
  remember(token: string, caller: AuthenticatedCaller, claims: { exp?: number; nbf?: number }, nowSeconds: number): void {
    if (typeof claims.exp !== 'number') return;
    // Verified again (its reuse over): the newest entry, not one to let go first.
    this.entries.delete(token);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, {
      // Shared by every request with this token: frozen, so none can change what the next one gets.
      caller: Object.freeze(caller),
      until: Math.min(claims.exp + this.clockSkewSeconds, nowSeconds + MAX_REUSE_SECONDS),
      expires: claims.exp + this.clockSkewSeconds,
      from: typeof claims.nbf === 'number' ? claims.nbf - this.clockSkewSeconds : -Infinity,
    });
  }

  get size(): number {
    return this.entries.size;
  }
}
