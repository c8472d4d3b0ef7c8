import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { APP_CONFIG, PG_POOL, type RuntimeConfig } from '@app/platform';
import { EVENT_STORE, type EventStore } from './event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { createKurrentDbEventStore } from './kurrentdb/create-kurrentdb-event-store';

/** Closes the store (connections, live subscriptions) when the application shuts down. */
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides the EventStore port, backed by the adapter that EVENT_STORE selects. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG, PG_POOL],
          useFactory: (config: RuntimeConfig, pool: Pool): EventStore => {
            if (config.eventStore === 'kurrentdb') return createKurrentDbEventStore(config.kurrentDbUrl!);
            const logger = new Logger('EventStore');
            return new PostgresEventStore(pool, config.databaseUrl, {
              onNotifierError: (error) => logger.warn(`LISTEN/NOTIFY connection trouble, polling meanwhile: ${error.message}`),
            });
          },
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
