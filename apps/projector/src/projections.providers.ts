import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { describeVerification, EVENT_STORE, verifyConfiguredLog, type EventStore, type LogVerification } from '@app/event-store';
import { APP_CONFIG, PG_POOL, type RuntimeConfig } from '@app/platform';
import { ProjectionRunner, PROJECTIONS } from '@app/projections';

/**
 * One runner for every read model (projections/runner/projection-runner.ts): one subscription to
 * the log, each batch handed to every read model this instance leads. Started once the application
 * is up and stopped on module destroy (before the pool and the event store close). It leads each
 * read model only while no other instance does, so several projector processes are safe.
 *
 * A read model the runner (re)builds (first start, a new version; several at once in one pass over
 * the log) has the log verified first, once per process, and is refused a log that fails
 * (docs/rules.md#tamper-evidence): it then stays as it was until someone looks and runs
 * `npm run projections -- rebuild <name> --force`.
 */
class ProjectionsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runner: ProjectionRunner;

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(EVENT_STORE) store: EventStore, @Inject(APP_CONFIG) config: RuntimeConfig) {
    let verification: Promise<LogVerification> | undefined;
    const verify = () =>
      (verification ??= verifyConfiguredLog(store, pool, config).then(
        (result) => {
          if (!result.ok) this.logger.error(describeVerification(result).join('\n'));
          return result;
        },
        (error: unknown) => {
          verification = undefined; // could not check (the database was away): check again next time
          throw error;
        },
      ));
    this.runner = new ProjectionRunner(pool, store, PROJECTIONS, {
      logger: this.logger,
      integrity: { verify },
      spillIn: config.rebuildSpillDir ?? undefined,
    });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}

export function projectionProviders(): Provider[] {
  return [ProjectionsLifecycle];
}
