import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { APP_CONFIG, PG_POOL, type AppConfig } from '@app/platform';
import { PAST_RETENTION } from './idempotency.store';

/** How often the sweep runs, and how soon after the start its first run comes. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;
const FIRST_SWEEP_AFTER_MS = 60 * 1000;
/** Records deleted per statement: a sweep never holds many rows' locks, nor one long statement. */
const BATCH = 1_000;

/**
 * Deletes the Idempotency-Key records past their retention (IDEMPOTENCY_RETENTION_HOURS), so the
 * table holds about the retention's worth of commands rather than every command ever sent with a
 * key (the console sends one with each act). A claim already treats such a record as absent
 * (IdempotencyStore.claim), so what a retry gets never depends on when this ran; a retry after it
 * runs its command again, and the ids derived from its key make it find what the first attempt
 * made, never make a second one. Every API instance sweeps: a record is deleted once, whichever
 * gets to it; a failed sweep is logged and the next one goes on.
 */
@Injectable()
export class IdempotencyRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyRetention.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'idempotencyRetentionHours'>,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_SWEEP_AFTER_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Deletes every record past its retention, a batch at a time; returns how many. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(
        `DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM idempotency_keys WHERE ${PAST_RETENTION('idempotency_keys', '$1')}
            LIMIT ${BATCH} FOR UPDATE SKIP LOCKED))`,
        [this.config.idempotencyRetentionHours],
      );
      deleted += rowCount ?? 0;
      if ((rowCount ?? 0) < BATCH) return deleted;
    }
  }

  private schedule(afterMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweep()
        .then((deleted) => deleted > 0 && this.logger.log(`Idempotency-Key records past their retention deleted: ${deleted}`))
        .catch((error: Error) => this.logger.warn(`Idempotency-Key records not swept (the next sweep goes on): ${error.message}`))
        .finally(() => this.schedule(SWEEP_EVERY_MS));
    }, afterMs);
    this.timer.unref();
  }
}
