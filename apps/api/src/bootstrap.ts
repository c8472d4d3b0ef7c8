import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { type Clock, type RuntimeConfig } from '@app/platform';
import { bodyParserError, ProblemDetailsFilter } from './common/problem-details.filter';
import { ProjectorModule } from '../../projector/src/projector.module';
import { ApiModule } from './api.module';
import { validationPipe } from './common/validation';
import { setupOpenApi } from './openapi';

/** Largest accepted JSON body; larger ones get 413 problem+json. */
export const JSON_BODY_LIMIT = '256kb';

/** Builds the HTTP application (not yet listening): filters, body limit, OpenAPI. */
export async function createApiApp(config: RuntimeConfig, logger: Logger, options: { clock?: Clock } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, logger, options.clock), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.use((error: unknown, _req: unknown, _res: unknown, next: (error: unknown) => void) => next(bodyParserError(error)));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(validationPipe());
  setupOpenApi(app);
  return app;
}

/** Starts the projector without HTTP (APP_ROLE=projector). */
export async function createProjectorApp(config: RuntimeConfig, logger: Logger): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ProjectorModule.standalone(config, logger), { bufferLogs: true });
  app.useLogger(app.get(NestPinoLogger));
  await app.init();
  return app;
}
