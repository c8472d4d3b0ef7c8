import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { HardeningConfig } from '@app/platform';

/** What a browser on an allowed origin may send and read (CORS_ORIGINS). */
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id', 'X-Request-Id'];
const CORS_RESPONSE_HEADERS = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed', 'X-Request-Id', 'Content-Disposition'];

/**
 * Response headers of every route (OWASP API8): helmet's set (HSTS, nosniff, frame-ancestors none,
 * a same-origin Content-Security-Policy that Swagger UI and the console work under — the console may
 * also fetch from the OIDC provider `oidcIssuer`, …) without X-Powered-By;
 * `Cache-Control: no-store` unless a route says otherwise, since answers carry case files and may
 * carry personal data; CORS only for the configured origins (none by default, so a browser on
 * another origin cannot read any answer); the client's IP from X-Forwarded-For only behind the
 * configured number of proxies.
 */
export function applySecurityHeaders(app: NestExpressApplication, config: HardeningConfig, oidcIssuer: string | null = null): void {
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxyHops);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Served over plain HTTP on a LAN or localhost, upgrading Swagger UI's own scripts to https would break it.
        // The console signs in at the OIDC provider: its discovery document and token endpoint are fetched from the page.
        directives: { upgradeInsecureRequests: null, ...(oidcIssuer ? { connectSrc: ["'self'", new URL(oidcIssuer).origin] } : {}) },
      },
    }),
  );
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_RESPONSE_HEADERS,
      maxAge: 600,
    });
  }
}
