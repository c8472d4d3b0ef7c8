import { HttpException, Injectable, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { authenticatedCaller } from './request-context';

/** What a request is counted against: its caller when it has one, else the address it came from. */
export interface RateLimitTracker {
  key: string;
  signedIn: boolean;
}

const trackers = new WeakMap<object, RateLimitTracker>();

/**
 * The verified caller's subject when the request is signed in (the guard runs after
 * AuthenticationGuard, api.module.ts), the client's IP address otherwise (behind
 * TRUST_PROXY_HOPS proxies, from X-Forwarded-For). Keyed by subject, everyone behind one address (an
 * office's NAT, the demo on 127.0.0.1) gets a budget of their own. Remembered per request: the
 * limit and the key are asked for separately.
 */
export function rateLimitTracker(request: Request): RateLimitTracker {
  let tracker = trackers.get(request);
  if (!tracker) {
    tracker = callerTracker(request) ?? { key: `ip:${normalizeIp(request.ip ?? 'unknown')}`, signedIn: false };
    trackers.set(request, tracker);
  }
  return tracker;
}

function callerTracker(request: Request): RateLimitTracker | null {
  const caller = authenticatedCaller(request);
  return caller ? { key: `caller:${caller.actorId}`, signedIn: true } : null;
}

/**
 * @nestjs/throttler's guard with one budget per caller or IP across all routes (its default key is
 * per route), refusing with 429 RATE_LIMITED problem+json whose Retry-After says when the oldest
 * request of the window leaves it.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
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
