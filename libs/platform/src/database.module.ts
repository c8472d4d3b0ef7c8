import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { createPool, endPool, PG_POOL } from './database';
import { APP_CONFIG, type RuntimeConfig } from './runtime-config';

class PoolLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await endPool(this.pool);
  }
}

/** The runtime configuration and the PostgreSQL pool, available everywhere. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    const logger = new Logger('Database');
    return {
      module: PlatformModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: PG_POOL,
          useFactory: () =>
            createPool(
              config.databaseUrl,
              config.pgPoolMax,
              (error) => logger.error(`Idle connection error: ${error.message}`),
              config.pgPoolWaitMs,
            ),
        },
        PoolLifecycle,
      ],
      exports: [APP_CONFIG, PG_POOL],
    };
  }
}
