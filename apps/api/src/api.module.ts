import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { EventStoreModule } from '@app/event-store/event-store.module';
import { httpLoggingParams, PlatformModule, type RuntimeConfig } from '@app/platform';
import { ProjectorModule } from '../../projector/src/projector.module';
import { HealthController } from './health/health.controller';

/** The HTTP API; with APP_ROLE=all it also hosts the projector in the same process. */
@Module({})
export class ApiModule {
  static forRoot(config: RuntimeConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(httpLoggingParams(logger)),
        PlatformModule.forRoot(config),
        EventStoreModule.forRoot(),
        CqrsModule.forRoot(),
        ...(config.appRole === 'all' ? [ProjectorModule.forRoot()] : []),
      ],
      controllers: [HealthController],
    };
  }
}
