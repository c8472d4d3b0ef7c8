import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { APP_CONFIG, CLOCK, PG_POOL, type Clock, type RuntimeConfig } from '@app/platform';
import { CheckpointSigner } from './checkpoint-signer';

/** Starts the signer once the application is up (unless AUDIT_CHECKPOINT_INTERVAL_SECONDS=0) and stops it before the pool closes. */
class CheckpointSignerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(CheckpointSigner) private readonly signer: CheckpointSigner,
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.tamperEvidence.checkpointIntervalSeconds;
    if (seconds === 0) return;
    this.signer.start();
    new Logger('Checkpoints').log(`Checkpoint signer started: every ${seconds} s`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.signer.stop();
  }
}

/** The checkpoint signer's providers, for the projector module (needs PG_POOL, EVENT_STORE, CLOCK, APP_CONFIG). */
export function checkpointSignerProviders(): Provider[] {
  return [
    {
      provide: CheckpointSigner,
      inject: [PG_POOL, EVENT_STORE, CLOCK, APP_CONFIG],
      useFactory: (pool: Pool, store: EventStore, clock: Clock, config: RuntimeConfig) =>
        new CheckpointSigner(
          { pool, store, clock, keyFiles: config.tamperEvidence, logger: new Logger('Checkpoints') },
          Math.max(1, config.tamperEvidence.checkpointIntervalSeconds) * 1000,
        ),
    },
    CheckpointSignerLifecycle,
  ];
}
