import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '@app/event-store';
import { applyEvents } from './apply-events';
import { readCheckpointForUpdate, writeCheckpoint } from './checkpoint';
import { lockBatch } from './locks';
import type { Projection, Upcasters } from './projection';
import { createGeneration, dropGeneration, pointViewsAt } from './projection-tables';
import { inTransaction } from '@app/platform';

export interface RebuildProgress {
  projection: string;
  done: number;
}

export interface RebuildOptions {
  batchSize?: number;
  upcasters?: Upcasters;
  onProgress?: (progress: RebuildProgress) => void;
  /**
   * Tamper evidence (docs/rules.md#tamper-evidence): the log is verified before anything is
   * replayed, and a log that fails is not projected unless `force` (the CLI's `--force`): a rebuild
   * must not copy a forged history into the read models as if it were true.
   */
  integrity?: { verify: () => Promise<LogVerdict>; force?: boolean };
}

/** What a rebuild needs of a verification (LogVerification, libs/event-store/src/integrity). */
export interface LogVerdict {
  ok: boolean;
  failureCount: number;
  firstFailure: { message: string } | null;
}

/** The log failed verification and the rebuild was not forced: nothing was replayed. */
export class LogFailsVerification extends Error {
  constructor(
    readonly projection: string,
    readonly verdict: LogVerdict,
  ) {
    super(
      `Refusing to rebuild ${projection}: the event log fails verification (${verdict.failureCount} failures; first: ` +
        `${verdict.firstFailure?.message ?? 'unknown'}). Investigate with "npm run audit -- verify"; rebuild anyway with --force`,
    );
    this.name = 'LogFailsVerification';
  }
}

/**
 * Replays the whole log into a fresh generation of the projection's tables while the live one keeps
 * answering, then — holding the batch lock, so no live batch interleaves — catches up the last
 * events, points the views at the new tables and moves the checkpoint, in one transaction. The old
 * generation is dropped afterwards. An interrupted rebuild leaves the live tables untouched. With
 * `integrity`, a log that fails verification is refused before anything is replayed.
 */
export async function rebuildProjection(
  pool: Pool,
  store: EventStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<{ generation: number; events: number }> {
  if (options.integrity) {
    const verdict = await options.integrity.verify();
    if (!verdict.ok && !options.integrity.force) throw new LogFailsVerification(projection.name, verdict);
  }
  const batchSize = options.batchSize ?? 1000;
  const filter = { streamPrefixes: projection.streamPrefixes };
  const current = await inTransaction(pool, (client) => readCheckpointForUpdate(client, projection.name));
  const generation = (current?.generation ?? 0) + 1;
  await inTransaction(pool, (client) => createGeneration(client, projection, generation));

  let position: bigint | undefined;
  let applied = 0;
  let skipped = 0;
  /** Applies the next batch of the log after `position` on `client`; returns how many events it read. */
  const applyNext = async (client: PoolClient): Promise<number> => {
    const events = await store.readAll({ after: position, limit: batchSize, filter });
    if (events.length === 0) return 0;
    const result = await applyEvents(client, projection, generation, events, options.upcasters);
    applied += result.applied;
    skipped += result.skipped;
    position = result.lastPosition ?? position;
    options.onProgress?.({ projection: projection.name, done: applied + skipped });
    return events.length;
  };
  // The bulk of the log: a transaction per batch, no lock (nobody else writes these tables).
  while ((await inTransaction(pool, applyNext)) === batchSize);
  // The tail and the swap, atomically with respect to live batches.
  const previous = await inTransaction(pool, async (client) => {
    await lockBatch(client, projection.name);
    const live = await readCheckpointForUpdate(client, projection.name);
    while ((await applyNext(client)) > 0);
    await pointViewsAt(client, projection, generation);
    await writeCheckpoint(
      client,
      {
        name: projection.name,
        version: projection.version,
        generation,
        position: position ?? null,
        eventsApplied: applied,
        eventsSkipped: skipped,
      },
      null,
    );
    return live?.generation ?? null;
  });
  if (previous !== null && previous !== generation) await inTransaction(pool, (client) => dropGeneration(client, projection, previous));
  return { generation, events: applied + skipped };
}
