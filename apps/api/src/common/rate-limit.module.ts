import { Module, type ExecutionContext } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, DEFAULT_RATE_LIMIT, type RuntimeConfig } from '@app/platform';
import { RateLimitGuard, rateLimitTracker } from './rate-limit.guard';
import { SlidingWindowStorage } from './rate-limit.storage';

/**
 * Rate limits on every route (RATE_LIMIT_* in the README's configuration): a sliding window of
 * RATE_LIMIT_WINDOW_SECONDS, RATE_LIMIT_PER_CALLER requests for a signed-in caller and
 * RATE_LIMIT_PER_IP for a request without one; RATE_LIMIT=off turns it off. Counted in this
 * process's memory: with several API instances, each counts its own share. ApiModule places its
 * guard between AuthenticationGuard and RolesGuard, so a signed-in caller is counted by subject;
 * AuthenticationGuard counts the requests it refuses against their IP with the same guard and window.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: RuntimeConfig) => {
        const limits = config.hardening.rateLimit ?? DEFAULT_RATE_LIMIT;
        return {
          throttlers: [
            {
              ttl: limits.windowSeconds * 1000,
              limit: (context: ExecutionContext) =>
                rateLimitTracker(context.switchToHttp().getRequest<Request>()).signedIn ? limits.perCaller : limits.perIp,
              // No extra penalty once over: a request is refused only while the window holds `limit` others.
              blockDuration: 0,
            },
          ],
          skipIf: () => config.hardening.rateLimit === null,
          setHeaders: false,
          // The window at a constant cost per request (the package's own copies every hit of it).
          storage: new SlidingWindowStorage(),
        };
      },
    }),
  ],
  providers: [RateLimitGuard],
  exports: [RateLimitGuard, ThrottlerModule],
})
export class RateLimitModule {}
