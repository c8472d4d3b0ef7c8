import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { APP_CONFIG, type RuntimeConfig } from '@app/platform';
import { answerClientErrorsAsProblems } from './common/client-errors';
import { ApiExpressAdapter } from './common/express-adapter';
import { bodyParserError, ProblemDetailsFilter } from './common/problem-details.filter';
import { bodyTypeGuard, JSON_BODY_TYPES, jsonBodyGuard, jsonTextGuard, urlGuard } from './common/request-guards';
import { REQUEST_LIMITS } from './common/request-limits';
import { applySecurityHeaders } from './common/security-headers';
import { headOutsideApi } from './common/method-not-allowed';
import { validationPipe } from './common/validation';
import { requestLogging } from './http-logging';
import { HttpMetrics } from './metrics/http-metrics';
import { RegisteredUnitFilters } from './units/registered-unit-filter';
import { UnitDirectory } from './units/unit-directory';
import { serveConsole } from './console/console-assets';

/** Largest accepted JSON body; larger ones get 413 problem+json. */
export const JSON_BODY_LIMIT = REQUEST_LIMITS.bodyBytes;

/**
 * Builds the HTTP application (not yet listening) around `root`, a module that imports ApiModule:
 * request timing for /metrics, the access log (`logger`, http-logging.ts), security headers and CORS, the URL guard, the web console at `/` when built (console/console-assets.ts), the JSON body guards (README "Limits"), body-parser failures,
 * requests Node's parser refuses (headers over 16 kB) and every other error as problem+json, request validation (a query parameter the route does not read included; a unit filter naming no registered unit). Rate limits are a guard of ApiModule's
 * (common/rate-limit.module.ts). The OpenAPI document and Swagger UI are on the management listener
 * (health/management-app.ts). Logs are buffered until the caller hands the app its logger (`app.useLogger`).
 */
export async function createHttpApp(root: DynamicModule, logger: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(root, new ApiExpressAdapter(), { bufferLogs: true, bodyParser: false });
  // No ETag made up by hashing each answer's bytes (express's default): answers are never stored
  // (Cache-Control: no-store), so nothing would ever send it back, and the hash cost every answer
  // a pass over its body. The ETags that mean something, a stream's version for If-Match, are set
  // by their routes.
  app.set('etag', false);
  // First, so every request is timed, those the guards below refuse included.
  app.use(app.get(HttpMetrics).middleware);
  app.use(requestLogging(logger));
  const config = app.get<RuntimeConfig>(APP_CONFIG);
  applySecurityHeaders(app, config.hardening, config.auth.oidc?.issuer ?? null);
  answerClientErrorsAsProblems(app.getHttpServer());
  app.use(urlGuard);
  // HEAD runs a GET route's handler, side effects included: no API route takes it (method-not-allowed.ts).
  app.use(headOutsideApi);
  serveConsole(app);
  app.use(bodyTypeGuard);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: JSON_BODY_TYPES, verify: jsonTextGuard });
  app.use((error: unknown, _req: unknown, _res: unknown, next: (error: unknown) => void) => next(bodyParserError(error)));
  app.use(jsonBodyGuard);
  app.useGlobalFilters(new ProblemDetailsFilter());
  // A query's unit filter is looked up once the query is valid: an unknown unit is 422, not zeros.
  app.useGlobalPipes(validationPipe(), new RegisteredUnitFilters(app.get(UnitDirectory, { strict: false })));
  return app;
}
