import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { type Clock, type RuntimeConfig } from '@app/platform';
import { createHttpApp, type ApiOptions } from '../../api/src';
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
  const app = await createHttpApp(ServerModule.forRoot(config, logger, options));
  app.useLogger(app.get(NestPinoLogger));
  return app;
}

/** The projector without HTTP (APP_ROLE=projector). */
export async function createProjectorApp(config: RuntimeConfig, logger: Logger): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ServerModule.forRoot({ ...config, appRole: 'projector' }, logger), {
    bufferLogs: true,
  });
  app.useLogger(app.get(NestPinoLogger));
  await app.init();
  return app;
}
