import { Logger as NestLogger, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { checkpointSignerProviders } from './checkpoints/checkpoint-signer.providers';
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
 * The projector's work: the read-model projections, the deadline scheduler and the signed
 * checkpoints of the log.
 * Runs inside the API process (APP_ROLE=all) or as its own process (APP_ROLE=projector), as the
 * composition root (apps/server) decides. Needs the global PG_POOL, EVENT_STORE and CLOCK providers.
 */
@Module({})
export class ProjectorModule {
  static forRoot(options: ProjectorOptions = {}): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [CqrsModule],
      providers: [
        ProjectorStartup,
        ...deadlineSchedulerProviders(options.deadlineScheduler),
        ...projectionProviders(),
        ...checkpointSignerProviders(),
      ],
    };
  }
}
