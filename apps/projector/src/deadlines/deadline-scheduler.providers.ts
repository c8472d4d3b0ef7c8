import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CLOCK, PG_POOL, type Clock } from '@app/platform';
import { DeadlineScheduler } from './deadline-scheduler';

export interface DeadlineSchedulerConfig {
  /** Default true. Off only where something else drives the scheduler (tests calling `tick()`). */
  enabled?: boolean;
  /** Pause between ticks; default 1 s. */
  intervalMs?: number;
}

const DEADLINE_SCHEDULER_CONFIG = Symbol('DEADLINE_SCHEDULER_CONFIG');

/**
 * Starts the polling loop once the application is up, and stops it on module destroy, i.e. before
 * the pool and the event store close (they close on application shutdown), so no tick is cut off.
 */
class DeadlineSchedulerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(DeadlineScheduler) private readonly scheduler: DeadlineScheduler,
    @Inject(DEADLINE_SCHEDULER_CONFIG) private readonly config: DeadlineSchedulerConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.enabled === false) return;
    this.scheduler.start();
    new Logger('DeadlineScheduler').log('Deadline scheduler started');
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }
}

/**
 * The scheduler's providers, for the projector module. Needs the global PG_POOL, EVENT_STORE and
 * CLOCK (ClockModule): the scheduler tells time by the same clock as the commands.
 */
export function deadlineSchedulerProviders(config: DeadlineSchedulerConfig = {}): Provider[] {
  return [
    { provide: DEADLINE_SCHEDULER_CONFIG, useValue: config },
    {
      provide: DeadlineScheduler,
      inject: [PG_POOL, EVENT_STORE, CLOCK],
      useFactory: (pool: Pool, store: EventStore, clock: Clock) =>
        new DeadlineScheduler({ pool, store, clock, logger: new Logger('DeadlineScheduler') }, { intervalMs: config.intervalMs }),
    },
    DeadlineSchedulerLifecycle,
  ];
}
