import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { APP_CONFIG, PG_POOL, type RuntimeConfig } from '@app/platform';
import { ConfigurationStreams, lastEventVersions } from './configuration-streams';

/**
 * One ConfigurationStreams per process, shared by the unit directory and the deadline rules, so a
 * command's unit and rules are checked in the same round trip. On PostgreSQL it checks each
 * stream's last event; on KurrentDB it reads each stream on from the version held.
 */
@Module({
  providers: [
    {
      provide: ConfigurationStreams,
      inject: [EVENT_STORE, APP_CONFIG, PG_POOL],
      useFactory: (store: EventStore, config: RuntimeConfig, pool: Pool) =>
        new ConfigurationStreams(store, config.eventStore === 'postgres' ? lastEventVersions(pool) : null),
    },
  ],
  exports: [ConfigurationStreams],
})
export class ConfigurationStreamsModule {}
