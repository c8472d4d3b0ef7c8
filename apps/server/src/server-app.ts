import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { PinoNestLogger, type Clock, type RuntimeConfig } from '@app/platform';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createHttpApp, openApiDocument, type ApiOptions } from '../../api/src';
import { ServerModule } from './server.module';

/**
 * The HTTP application (not yet listening), with the projector inside when APP_ROLE=all. Tests and
 * the demo pass a clock of their own; the demo also the development issuer its private API trusts.
 */
export async function createApiApp(
  config: RuntimeConfig,
  logger: Logger,
  options: { clock?: Clock } & ApiOptions = {},
): Promise<INestApplication> {
  const app = await createHttpApp(ServerModule.forRoot(config, options), logger);
  app.useLogger(new PinoNestLogger(logger));
  // Nest holds an HTTP application's logs until it listens; printed now, and live from here on, a
  // start that waits in a module's start-up work (the unit seeder's appends…) shows where.
  app.flushLogs();
  return app;
}

/** The projector without HTTP (APP_ROLE=projector). */
export async function createProjectorApp(config: RuntimeConfig, logger: Logger): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ServerModule.forRoot({ ...config, appRole: 'projector' }), {
    bufferLogs: true,
  });
  app.useLogger(new PinoNestLogger(logger));
  await app.init();
  return app;
}

/**
 * The API's OpenAPI document (what the management listener serves at /docs-json) without a database:
 * the application is only scanned (Nest's preview mode), no provider is made, nothing connects.
 * The console's typed client is generated from it (cli/openapi.ts).
 */
export async function previewOpenApiDocument(config: RuntimeConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ServerModule.forRoot({ ...config, appRole: 'api' }), { preview: true, logger: false });
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}
