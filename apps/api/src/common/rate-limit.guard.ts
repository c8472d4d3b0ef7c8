import { HttpException, Injectable, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { authenticatedCaller } from './request-context';
import { SlidingWindowStorage } from './rate-limit.storage';

/** What a request is counted against: its caller when it has one, else the address it came from. */
export interface RateLimitTracker {
  key: string;
  signedIn: boolean;
}

/**
 * The verified caller's subject when the request is signed in (the guard runs after
 * AuthenticationGuard, api.module.ts), the client's IP address otherwise (behind
 * TRUST_PROXY_HOPS proxies, from X-Forwarded-For). Keyed by subject, everyone behind one address (an
 * office's NAT, the demo on 127.0.0.1) gets a budget of their own. Read afresh each time (it is cheap):
 * before AuthenticationGuard signs a request in it is its address's, after that its caller's.
 */
export function rateLimitTracker(request: Request): RateLimitTracker {
  return callerTracker(request) ?? { key: `ip:${normalizeIp(request.ip ?? 'unknown')}`, signedIn: false };
}

function callerTracker(request: Request): RateLimitTracker | null {
  const caller = authenticatedCaller(request);
  return caller ? { key: `caller:${caller.actorId}`, signedIn: true } : null;
}

/**
 * @nestjs/throttler's guard with one budget per caller or IP across all routes (its default key is
 * per route), refusing with 429 RATE_LIMITED problem+json whose Retry-After says when the oldest
 * request of the window leaves it.
 *
 * A request AuthenticationGuard refuses (no token, a token refused) never reaches this guard as a
 * global one: AuthenticationGuard counts it against its address itself (countWithoutCaller), and
 * before checking the signature of a token it has not accepted before asks whether the address has
 * any budget left (refuseSpentAddress). So garbage tokens from one address cost at most
 * RATE_LIMIT_PER_IP signature checks a window, then 429 before any check, while the signed-in
 * callers behind that address keep budgets of their own.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /**
   * A request that ends without a caller because AuthenticationGuard refused it: counted against its
   * address as a public route's request is (the request has no caller, so its tracker is the address),
   * 429 instead when the address has RATE_LIMIT_PER_IP requests in the window already.
   */
  async countWithoutCaller(context: ExecutionContext): Promise<void> {
    await this.canActivate(context);
  }

  /**
   * Before AuthenticationGuard checks the signature of a token it has not accepted before: 429 when
   * the request's address has RATE_LIMIT_PER_IP requests in the window already, this one not counted
   * (it is, by countWithoutCaller, if its token is refused; a token accepted counts against its caller).
   */
  async refuseSpentAddress(context: ExecutionContext): Promise<void> {
    const request = context.switchToHttp().getRequest<Request>();
    if (authenticatedCaller(request)) return;
    if (!(this.storageService instanceof SlidingWindowStorage)) {
      throw new Error('RateLimitGuard.refuseSpentAddress reads the window of SlidingWindowStorage (rate-limit.module.ts)');
    }
    for (const throttler of this.throttlers) {
      if ((throttler.skipIf ?? this.commonOptions.skipIf)?.(context)) continue;
      const name = throttler.name ?? 'default';
      const ttl = await resolve(context, throttler.ttl);
      const limit = await resolve(context, throttler.limit);
      const tracker = await this.getTracker(request as unknown as Record<string, unknown>);
      const key = this.generateKey(context, tracker, name);
      const state = this.storageService.peek(key, ttl, limit, name);
      if (state.isBlocked) await this.throwThrottlingException(context, { ...state, limit, ttl, key, tracker });
    }
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return rateLimitTracker(request as unknown as Request).key;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    throw new HttpException(
      {
        code: 'RATE_LIMITED',
        message: `More than ${detail.limit} requests in ${detail.ttl / 1000} s; retry in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      },
      429,
    );
  }
}

/** A throttler's option, a number or what a function of the request gives. */
async function resolve(
  context: ExecutionContext,
  value: number | ((context: ExecutionContext) => number | Promise<number>),
): Promise<number> {
  return typeof value === 'function' ? value(context) : value;
}
