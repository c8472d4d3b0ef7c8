import { Client, type Pool } from 'pg';
import type { EventEnvelope, EventStore, Subscription } from '@app/event-store';
import { applyEvents } from './apply-events';
import { batches } from './batches';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { lockBatch, releaseLeadership, tryLeadership } from './locks';
import type { Projection, Upcasters } from './projection';
import { rebuildProjection, type RebuildOptions } from './rebuild';
import { inTransaction } from '@app/platform';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerOptions {
  batchSize?: number;
  /** How long a partial batch waits for more events before it is applied (live latency). */
  batchWaitMs?: number;
  /** How often a follower retries to become the leader. */
  leaderRetryMs?: number;
  upcasters?: Upcasters;
  logger?: RunnerLogger;
  /** Verifies the log before a (re)build, which refuses a log that fails (rebuild.ts). */
  integrity?: RebuildOptions['integrity'];
}

/**
 * Keeps one projection up to date. Only the leader (a session advisory lock) runs it; other
 * instances wait and take over when the leader's connection ends. The leader first builds or
 * rebuilds the tables if the projection's version changed, then follows the store's subscription
 * from the checkpoint, applying each batch and the checkpoint in one transaction.
 */
export class ProjectionRunner {
  private stopped = false;
  private subscription?: Subscription;
  /** Its own connection, outside the pool: held for as long as this instance leads. */
  private leaderClient?: Client;
  private running?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private wakeFromRetry?: () => void;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {}

  start(): void {
    this.running ??= this.lead();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.wakeFromRetry?.();
    await this.subscription?.close();
    await this.running?.catch(() => undefined);
  }

  /** Applies one batch of live events (exported for tests): skips what the checkpoint already covers. */
  async applyBatch(events: readonly EventEnvelope[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await lockBatch(client, this.projection.name);
      const checkpoint = await readCheckpoint(client, this.projection.name);
      if (!checkpoint || checkpoint.version !== this.projection.version) {
        throw new Error(`Projection ${this.projection.name} is not built at version ${this.projection.version}`);
      }
      const fresh = events.filter((e) => checkpoint.position === null || e.position > checkpoint.position);
      if (fresh.length === 0) return;
      const result = await applyEvents(client, this.projection, checkpoint.generation, fresh, this.options.upcasters);
      await writeCheckpoint(
        client,
        {
          ...checkpoint,
          position: result.lastPosition ?? checkpoint.position,
          eventsApplied: checkpoint.eventsApplied + result.applied,
          eventsSkipped: checkpoint.eventsSkipped + result.skipped,
        },
        result.lastEventAt,
      );
    });
  }

  private async lead(): Promise<void> {
    const logger = this.options.logger;
    while (!this.stopped) {
      try {
        // Not a pooled connection: a session lock held for hours must not starve the pool the
        // batches need (one per projection would exhaust it).
        this.leaderClient = new Client(this.pool.options);
        // Leadership ends with this connection: stop following, and try again to lead.
        this.leaderClient.on('error', () => void this.subscription?.close());
        await this.leaderClient.connect();
        if (await tryLeadership(this.leaderClient, this.projection.name)) {
          logger?.log(`Projection ${this.projection.name}: leading`);
          await this.follow();
          await releaseLeadership(this.leaderClient, this.projection.name).catch(() => undefined);
        }
      } catch (error) {
        logger?.error(`Projection ${this.projection.name} stopped, retrying: ${(error as Error).message}`);
      }
      await this.leaderClient?.end().catch(() => undefined);
      this.leaderClient = undefined;
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          this.wakeFromRetry = resolve;
          this.retryTimer = setTimeout(resolve, this.options.leaderRetryMs ?? 2_000);
        });
      }
    }
  }

  private async follow(): Promise<void> {
    const checkpoint = await inTransaction(this.pool, (client) => readCheckpoint(client, this.projection.name));
    if (!checkpoint || checkpoint.version !== this.projection.version) {
      this.options.logger?.log(`Projection ${this.projection.name}: building version ${this.projection.version}`);
      await rebuildProjection(this.pool, this.store, this.projection, {
        upcasters: this.options.upcasters,
        integrity: this.options.integrity,
      });
    }
    if (this.stopped) return;
    const after = (await inTransaction(this.pool, (client) => readCheckpoint(client, this.projection.name)))?.position ?? undefined;
    this.subscription = this.store.subscribe({ after, filter: { streamPrefixes: this.projection.streamPrefixes } });
    // stop() may have come while the checkpoint was being read, before there was a subscription to close.
    if (this.stopped) await this.subscription.close();
    try {
      for await (const batch of batches(this.subscription, this.options.batchSize ?? 500, this.options.batchWaitMs ?? 20)) {
        await this.applyBatch(batch);
        if (this.stopped) break;
      }
    } finally {
      await this.subscription.close();
    }
  }
}
