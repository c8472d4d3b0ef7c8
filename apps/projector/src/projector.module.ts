import { Logger as NestLogger, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { EventStoreModule } from '@app/event-store/event-store.module';
import { httpLoggingParams, PlatformModule, type RuntimeConfig } from '@app/platform';

class ProjectorStartup implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    new NestLogger('Projector').log('Projector started');
  }
}

/**
 * The projector's work: projections and the deadline scheduler (added by the read-side and
 * case-lifecycle work). Runs inside the API process (APP_ROLE=all) or as its own process.
 */
@Module({})
export class ProjectorModule {
  static forRoot(): DynamicModule {
    return { module: ProjectorModule, imports: [CqrsModule], providers: [ProjectorStartup] };
  }

  /** The projector as a process of its own, with its platform modules and logging. */
  static standalone(config: RuntimeConfig, logger: Logger): DynamicModule {
    return {
      module: class StandaloneProjector {},
      imports: [
        LoggerModule.forRoot(httpLoggingParams(logger)),
        PlatformModule.forRoot(config),
        EventStoreModule.forRoot(),
        ProjectorModule.forRoot(),
      ],
    };
  }
}
