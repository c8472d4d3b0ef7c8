import { Logger as NestLogger, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { EventStoreModule } from '@app/event-store/event-store.module';
import { ClockModule, httpLoggingParams, PlatformModule, type RuntimeConfig } from '@app/platform';
import { deadlineSchedulerProviders, type DeadlineSchedulerConfig } from './deadlines/deadline-scheduler.providers';
import { projectionProviders } from './projections.providers';

class ProjectorStartup implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    new NestLogger('Projector').log('Projector started');
  }
}

export interface ProjectorOptions {
  deadlineScheduler?: DeadlineSchedulerConfig;
}

/**
 * The projector's work: the read-model projections and the deadline scheduler.
 * Runs inside the API process (APP_ROLE=all) or as its own process. Needs the global PG_POOL,
 * EVENT_STORE and CLOCK providers.
 */
@Module({})
export class ProjectorModule {
  static forRoot(options: ProjectorOptions = {}): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [CqrsModule],
      providers: [ProjectorStartup, ...deadlineSchedulerProviders(options.deadlineScheduler), ...projectionProviders()],
    };
  }

  /** The projector as a process of its own, with its platform modules and logging. */
  static standalone(config: RuntimeConfig, logger: Logger): DynamicModule {
    return {
      module: class StandaloneProjector {},
      imports: [
        LoggerModule.forRoot(httpLoggingParams(logger)),
        PlatformModule.forRoot(config),
        EventStoreModule.forRoot(),
        ClockModule.forRoot(),
        ProjectorModule.forRoot(),
      ],
    };
  }
}
