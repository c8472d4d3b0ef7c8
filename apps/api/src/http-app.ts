import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bodyParserError, ProblemDetailsFilter } from './common/problem-details.filter';
import { validationPipe } from './common/validation';

/** Largest accepted JSON body; larger ones get 413 problem+json. */
export const JSON_BODY_LIMIT = '256kb';

/**
 * Builds the HTTP application (not yet listening) around `root`, a module that imports ApiModule:
 * JSON body limit, body-parser failures and every other error as problem+json, request validation.
 * (The OpenAPI document and Swagger UI are on the management listener: health/management-app.ts.)
 * Logs are buffered until the caller hands the app its logger (`app.useLogger`).
 */
export async function createHttpApp(root: DynamicModule): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(root, { bufferLogs: true, bodyParser: false });
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.use((error: unknown, _req: unknown, _res: unknown, next: (error: unknown) => void) => next(bodyParserError(error)));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(validationPipe());
  return app;
}
