import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { describeVerification, EVENT_STORE, verifyConfiguredLog, type EventStore, type LogVerification } from '@app/event-store';
import { APP_CONFIG, PG_POOL, type RuntimeConfig } from '@app/platform';
import { buildStaleProjections, ProjectionRunner, PROJECTIONS } from '@app/projections';

/**
 * One runner per read model, started once the application is up and stopped on module destroy
 * (before the pool and the event store close). Each runner leads its projection only while no
 * other instance does, so several projector processes are safe.
 *
 * A runner that (re)builds its read model (first start, a new version) has the log verified first,
 * once per process for all of them, and refuses a log that fails (docs/rules.md#tamper-evidence):
 * the read model then stays as it was until someone looks and runs `npm run projections -- rebuild
 * <name> --force`.
 *
 * Read models that need building at start (after a restore, an upgrade changing several) are built
 * first in one pass over the log (buildStaleProjections), then the runners start and follow them.
 */
class ProjectionsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners: ProjectionRunner[];
  private readonly verify: () => Promise<LogVerification>;
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: RuntimeConfig,
  ) {
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
    this.verify = verify;
    this.runners = PROJECTIONS.map(
      (projection) => new ProjectionRunner(pool, store, projection, { logger: this.logger, integrity: { verify } }),
    );
  }

  onApplicationBootstrap(): void {
    this.starting = buildStaleProjections(this.pool, this.store, PROJECTIONS, {
      integrity: { verify: this.verify },
      log: (message) => this.logger.log(message),
    })
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`The one-pass build failed, each read model builds on its own: ${(error as Error).message}`),
      )
      .then(() => {
        if (!this.stopped) for (const runner of this.runners) runner.start();
      });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}

export function projectionProviders(): Provider[] {
  return [ProjectionsLifecycle];
}
