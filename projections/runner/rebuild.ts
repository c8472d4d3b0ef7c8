import { clearBuildRefusals } from './build-refusals';
import { clearFailures } from './projection-stops';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientBase, Pool, PoolClient } from 'pg';
import type { EventEnvelope, EventStore } from '@app/event-store';
import { applyEvents, contextOf } from './apply-events';
import { readCheckpoint, readCheckpoints, writeCheckpoint } from './checkpoint';
import { Lanes } from './lanes';
import { lockBatch } from './locks';
import type { Projection, Upcasters } from './projection';
import {
  analyzeGeneration,
  createGeneration,
  dropGeneration,
  indexGenerations,
  otherGenerations,
  persistGeneration,
  pointViewsAt,
} from './projection-tables';
import { RebuildLock } from './rebuild-lock';
import { RowCache } from './row-cache';
import { RowSpill } from './row-spill';
import { describeHolders, HolderWatch, lockViews, swapRetryPause, SWAP_LOCK_WAIT_MS, SWAP_POLL_MS, viewHolders } from './view-swap';
import { inTransaction, isLockNotGranted } from '@app/platform';

export interface RebuildProgress {
  /** The projections being rebuilt, in one pass. */
  projections: readonly string[];
  /** Events read from the log so far (those of the streams any of them follows). */
  done: number;
}

export interface RebuildOptions {
  /** Events read from the log at a time, each batch applied to every projection in one transaction each. */
  batchSize?: number;
  upcasters?: Upcasters;
  onProgress?: (progress: RebuildProgress) => void;
  /**
   * Apply the batches to the projections concurrently, each projection on a connection and a lane of
   * its own, up to a few batches in front of the slowest (default, lanes.ts), or each batch to one
   * projection after the other: PostgreSQL then writes one projection's batch while Node works out another's.
   */
  concurrent?: boolean;
  /** Rows each projection keeps across batches (row-cache.ts); 0: none, each batch writes its rows. */
  cacheRows?: number;
  /**
   * The folder in which each projection's cache sets aside, in a folder of its own removed when the
   * rebuild ends, the states of cases still open that it evicts (row-spill.ts). Default: the
   * system's temporary folder.
   */
  spillIn?: string;
  /**
   * Tamper evidence (docs/rules.md#tamper-evidence): the log is verified before anything is
   * replayed, and a log that fails is not projected unless `force` (the CLI's `--force`): a rebuild
   * must not copy a forged history into the read models as if it were true.
   */
  integrity?: { verify: () => Promise<LogVerdict>; force?: boolean };
  /**
   * When another rebuild of any of these read models is under way (rebuild-lock.ts): `refuse`
   * (default) throws RebuildUnderWay at once, touching nothing; `wait` waits for it to end, then
   * rebuilds.
   */
  whenUnderWay?: 'refuse' | 'wait';
  /**
   * Rebuild only those not built at their version, as found once no other rebuild can run (the
   * projector's runner): another process may have built them since the caller looked, and its
   * checkpoint is read only now, after that rebuild's swap. Default: every one asked for.
   */
  onlyIfNotBuilt?: boolean;
  /** Called with the read models to rebuild once no other rebuild of them can run until this one ends (none: not called). */
  onStart?: (projections: readonly Projection[]) => void;
  /**
   * Told, each time, why a swap is not done yet: its views held by another session (named), so it
   * waits and tries again (view-swap.ts), or the generation before it left in place.
   */
  onSwapHeldUp?: (message: string) => void;
  /**
   * Asked between batches and before each try of a swap: true stops the rebuild (RebuildStopped),
   * e.g. the projector shutting down, rather than wait, perhaps for long, for a view held elsewhere.
   */
  stopping?: () => boolean;
}

/** The rebuild was told to stop (RebuildOptions.stopping): the read models not yet swapped in are as they were. */
export class RebuildStopped extends Error {
  constructor(projections: readonly string[]) {
    super(`The rebuild of ${projections.join(', ')} was stopped; those not yet swapped in are as they were`);
    this.name = 'RebuildStopped';
  }
}

/**
 * What a rebuild needs of a verification (LogVerification, libs/event-store/src/integrity): the log's
 * failures. Not `ok`, which in `audit verify`'s report (AuditVerification) also says whether the audit
 * read model matches the log: a read model that does not is mended by a rebuild, never a reason to
 * refuse one.
 */
export interface LogVerdict {
  failureCount: number;
  firstFailure: { message: string } | null;
  /** The failures listed (LogVerification's), by kind: those of checkpoint rows are not the events'. */
  failures?: readonly { kind: string; message: string }[];
  /** How many checkpoint rows do not verify (each one of `failureCount`). */
  checkpoints?: { invalid?: number };
}

/**
 * The failures a rebuild is refused for: the events' own (a broken hash chain, an event changed or
 * missing, a stream a valid checkpoint signed rewritten, truncated or gone). Not a checkpoint row
 * that does not verify (`checkpoint_invalid`): what it says is not used, so it vouches for nothing
 * and protects nothing, and the valid checkpoints around it still hold the log to what they
 * signed. The application's role may INSERT such a row; counted, one row would refuse every rebuild
 * and make --force routine. Verify still reports it, and its `ok` stays false.
 */
export function eventFailuresOf(verdict: LogVerdict): LogVerdict {
  const invalid = verdict.checkpoints?.invalid ?? 0;
  const firstFailure = verdict.failures ? (verdict.failures.find((f) => f.kind !== 'checkpoint_invalid') ?? null) : verdict.firstFailure;
  return { failureCount: Math.max(0, verdict.failureCount - invalid), firstFailure };
}

/** The log failed verification and the rebuild was not forced: nothing was replayed. */
export class LogFailsVerification extends Error {
  constructor(
    /** The projection refused, or several, comma-separated. */
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

export interface Rebuilt {
  projection: string;
  generation: number;
  /** Events of the streams it follows that it was handed, applied or skipped. */
  events: number;
}

/**
 * Events per read and per transaction of each projection. A batch costs a few round trips and holds
 * in memory every row its events touch (loaded, or kept across batches: row-cache.ts). How many that
 * is grows with the log up to the batch's size: the longer the log, the more cases are open at once
 * (generated logs, 5,000 events: 1,275 cases at 100k events, 2,350 at 300k; at 1M nearly every event
 * of a batch is of another case). Before the row cache, large batches were faster (a row loaded and
 * written once per batch); with it, a row is loaded once and written once or a few times whatever
 * the batches, and what the batch size still sets is that peak: on the same logs (shared machine)
 * 10,000 peaked at 421 MiB at 100k events and 506 at 300k, 2,500 at 309 and 367. Its speed: on the 1M
 * log, idle, 2,500, 5,000 and 10,000 taking turns, within what the host moved from run to run (15% and
 * more), while 5,000 cost 30 MiB more and 10,000 75 (bench/JOURNAL.md, 7 December).
 */
const DEFAULT_BATCH_SIZE = 2_500;

/**
 * Rows each projection keeps across batches (RebuildOptions.cacheRows). The generated logs of the
 * bench hold about 9,300 cases per 100k events, 1 to 4 rows each per read model: 10,000 rows is
 * about what the busiest read models fill at 100k events already, so the rebuild holds about as much
 * at 1M. With 20,000 at 1M events every case list row was written once and the dashboard's case rows
 * 2.8 times, but the rebuild peaked at 740 MiB: memory, not rows, is what the bound must keep flat.
 * Measured again once the young generation was sized for a batch (2 December): 40,000 rebuilt the
 * 1M log about a fifth faster but peaked at 557–610 MiB there and 339 at 100k events, where the
 * cache is not yet full: memory that grows with the log up to the bound. What the bound holds is
 * chosen instead (RowCache.foresee: the rows needed soonest).
 */
const DEFAULT_CACHE_ROWS = 10_000;

/**
 * Batches the fastest projection may be in front of the slowest (Lanes): enough that none waits at
 * the end of a batch for the slowest to finish its share, few enough that the batches held stay a
 * few megabytes.
 */
const LANES_AHEAD = 3;

/**
 * A replayed batch's transaction plans without parallel workers. Its reads are look-ups of the
 * batch's rows by key, and PostgreSQL planned the dashboard's (a UNION ALL of three tables, about
 * a thousand keys each) as a Parallel Append once the tables held tens of thousands of rows: two
 * worker processes started for each load. On the bench's 1M-event log, such a load cost 135 ms of
 * the machine's CPU with the workers against 49 without, and took 79 ms against 34
 * (bench/JOURNAL.md, 4 December). LOCAL: only this transaction, whoever's pool the connection is from.
 */
const NO_PARALLEL_WORKERS = 'SET LOCAL max_parallel_workers_per_gather = 0';

interface Batch {
  events: readonly EventEnvelope[];
  ahead: Ahead | undefined;
}

/** See rebuildProjections; one projection. */
export async function rebuildProjection(
  pool: Pool,
  store: EventStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<{ generation: number; events: number }> {
  const [rebuilt] = await rebuildProjections(pool, store, [projection], options);
  return { generation: rebuilt.generation, events: rebuilt.events };
}

/**
 * Replays the whole log, read once, into a fresh generation of each projection's tables while the
 * live ones keep answering: each batch read goes to every projection (only the events of the streams
 * it follows), one transaction per projection and batch. Then, for one projection after the other,
 * holding its batch lock so no live batch interleaves: catches up the last events, points the views
 * at the new tables and moves the checkpoint, in one transaction; its old generation is dropped
 * afterwards. An interrupted rebuild leaves the live tables untouched (the ones already swapped are
 * complete). With `integrity`, a log that fails verification is refused before anything is replayed.
 * One rebuild of a read model at a time (rebuild-lock.ts): another one under way is refused, or
 * waited for with `whenUnderWay: 'wait'`.
 */
export async function rebuildProjections(
  pool: Pool,
  store: EventStore,
  asked: readonly Projection[],
  options: RebuildOptions = {},
): Promise<Rebuilt[]> {
  const lock = await RebuildLock.take(
    pool,
    asked.map((p) => p.name),
    { wait: options.whenUnderWay === 'wait' },
  );
  // The states each row cache sets aside (row-spill.ts), removed whatever happens.
  const spills: RowSpill[] = [];
  try {
    const projections = options.onlyIfNotBuilt ? await notBuiltAtVersion(lock.connection, asked) : asked;
    if (projections.length === 0) return [];
    const names = projections.map((p) => p.name);
    options.onStart?.(projections);
    if (options.integrity) {
      const verdict = eventFailuresOf(await options.integrity.verify());
      if (verdict.failureCount > 0 && !options.integrity.force) throw new LogFailsVerification(names.join(', '), verdict);
    }
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const replays: Replay[] = [];
    for (const projection of projections) {
      const current = await inTransaction(pool, (client) => readCheckpoint(client, projection.name));
      const next = (current?.generation ?? 0) + 1;
      const live = current ? [current.generation] : [];
      for (const leftover of await otherGenerations(lock.connection, projection, [...live, next])) {
        await dropWhenFree(pool, projection, leftover, 1, options);
      }
      const spill = new RowSpill(options.spillIn);
      spills.push(spill);
      const cache = new RowCache(options.cacheRows ?? DEFAULT_CACHE_ROWS, spill);
      const replay = new Replay(projection, next, options.upcasters, cache);
      await inTransaction(pool, (client) => createGeneration(client, projection, replay.generation));
      replays.push(replay);
    }
    return await replayInto(pool, store, projections, replays, batchSize, options, spills, lock);
  } finally {
    for (const spill of spills) spill.close();
    await lock.release();
  }
}

/** Those of `projections` whose checkpoint is missing or of another version. */
async function notBuiltAtVersion(db: ClientBase, projections: readonly Projection[]): Promise<Projection[]> {
  const checkpoints = await readCheckpoints(
    db,
    projections.map((p) => p.name),
  );
  const versions = new Map(checkpoints.map((c) => [c.name, c.version]));
  return projections.filter((p) => versions.get(p.name) !== p.version);
}

/** rebuildProjections once each projection has its fresh generation: the log into them, then the swap. */
async function replayInto(
  pool: Pool,
  store: EventStore,
  projections: readonly Projection[],
  replays: readonly Replay[],
  batchSize: number,
  options: RebuildOptions,
  spills: readonly RowSpill[],
  lock: RebuildLock,
): Promise<Rebuilt[]> {
  const names = projections.map((p) => p.name);

  // The bulk of the log: no lock (nobody else writes these tables). Each projection on a lane of its
  // own (lanes.ts), or one after the other.
  let done = 0;
  const applyTo = (replay: Replay) => async (batch: Batch) => {
    lock.assertHeld();
    if (options.stopping?.()) throw new RebuildStopped(names);
    return inTransaction(pool, (client) => replay.apply(client, batch.events, true, batch.ahead));
  };
  const lanes = new Lanes(replays.map(applyTo), LANES_AHEAD);
  let position: bigint | undefined;
  try {
    position = await readLogOnce(store, projections, batchSize, undefined, async (events, ahead) => {
      if (options.concurrent === false) for (const replay of replays) await applyTo(replay)({ events, ahead });
      else await lanes.push({ events, ahead });
      done += events.length;
      options.onProgress?.({ projections: names, done });
    });
  } catch (error) {
    // A read that failed while lanes were still applying: they end their batches before it comes out.
    await lanes.drain().catch(() => undefined);
    throw error;
  }
  await lanes.drain();

  // The rows still kept, written before anything reads the tables: indexes, the tail, the swap.
  // Nothing checkpoints before this (the checkpoint moves once, at the swap), so no checkpoint can
  // claim an event whose rows are still only in memory; a crash before it leaves the live tables
  // alone and a generation the next rebuild drops (createGeneration).
  // Then logged (createGeneration made them unlogged): crash-safe before they are indexed and swapped in.
  await allSettledOrThrow(
    replays.map((r) =>
      inTransaction(pool, async (client) => {
        await r.flush(client);
        await persistGeneration(client, r.projection, r.generation);
      }),
    ),
  );
  // Everything set aside is written now: its files go before the indexes are built.
  for (const spill of spills) spill.close();

  // Indexed once filled (createGeneration left them out), before the lock: live batches go on meanwhile.
  await indexGenerations(pool, replays);

  // The tail and the swap, each projection atomically with respect to its live batches.
  for (const replay of replays) {
    const previous = await swapIn(pool, store, replay, position, batchSize, options, lock);
    if (previous !== null && previous !== replay.generation) await dropWhenFree(pool, replay.projection, previous, DROP_ATTEMPTS, options);
  }
  // Built, forced or not: a refusal the runner recorded for them no longer stands.
  await clearBuildRefusals(pool, names);
  // Rebuilt from the log: whatever event a live batch failed on, the read model is past it or afresh.
  await clearFailures(pool, names);
  return replays.map((r) => ({ projection: r.projection.name, generation: r.generation, events: r.applied + r.skipped }));
}

/**
 * Catches the replay up with the log and swaps it in: its views pointed at its generation and its
 * checkpoint moved, in one transaction holding its batch lock (no live batch interleaves) and its
 * views' lock (view-swap.ts). While a session has held a view for long, it does not ask for the
 * lock: it says who holds it and looks again, catching up meanwhile. Then it asks before anything
 * is written, for a moment only; refused, the transaction lets go and the swap is tried again after
 * a pause. Returns the generation that was live.
 */
async function swapIn(
  pool: Pool,
  store: EventStore,
  replay: Replay,
  from: bigint | undefined,
  batchSize: number,
  options: RebuildOptions,
  lock: RebuildLock,
): Promise<number | null> {
  const { projection, generation } = replay;
  const waiting = `${projection.name}: waiting to swap in generation ${generation}, its views held by`;
  let after = from;
  let refusals = 0;
  let named = ''; // the holders last named, so that a long wait says so once, and again when they change
  const watch = new HolderWatch();
  for (;;) {
    if (options.stopping?.()) throw new RebuildStopped([projection.name]);
    // Up to the log's head in transactions of its own (nobody else writes these tables), so the
    // tail applied while readers wait for the swap is only what came in meanwhile.
    after = await applyTail(store, replay, after, batchSize, (tail) => {
      lock.assertHeld();
      return inTransaction(pool, (client) => replay.apply(client, tail, false));
    });
    const { long, wait } = watch.look(await viewHolders(pool, projection));
    if (wait) {
      const pids = long.map((h) => h.pid).join();
      if (long.length > 0 && pids !== named) options.onSwapHeldUp?.(`${waiting} ${describeHolders(long)}; swapped in once they let go`);
      if (long.length > 0) named = pids;
      await sleepUnless(SWAP_POLL_MS, options.stopping);
      continue;
    }
    let locked = false;
    try {
      return await inTransaction(pool, async (client) => {
        await lockBatch(client, projection.name);
        lock.assertHeld();
        await lockViews(client, projection);
        locked = true;
        const live = await readCheckpoint(client, projection.name);
        after = await applyTail(store, replay, after, batchSize, (tail) => replay.apply(client, tail, false));
        await pointViewsAt(client, projection, generation);
        await writeCheckpoint(
          client,
          {
            name: projection.name,
            version: projection.version,
            generation,
            // Past every event of its streams read so far: the others in between are not its own.
            position: after ?? null,
            eventsApplied: replay.applied,
            eventsSkipped: replay.skipped,
          },
          null,
        );
        return live?.generation ?? null;
      });
    } catch (error) {
      // Only a refusal of the views' lock is tried again: nothing of this attempt was applied yet.
      if (locked || !isLockNotGranted(error)) throw error;
      const pause = swapRetryPause(refusals++);
      const holders = await viewHolders(pool, projection).catch(() => []);
      options.onSwapHeldUp?.(`${waiting} ${describeHolders(holders)}; tried again in ${pause / 1000} s`);
      named = holders.map((h) => h.pid).join();
      await sleepUnless(pause, options.stopping);
    }
  }
}

/** Hands the events of the replay's streams after `after` to `apply`, a batch at a time, to the log's head; returns the last position. */
async function applyTail(
  store: EventStore,
  replay: Replay,
  after: bigint | undefined,
  batchSize: number,
  apply: (tail: readonly EventEnvelope[]) => Promise<void>,
): Promise<bigint | undefined> {
  const own = { streamPrefixes: replay.projection.streamPrefixes };
  for (let tail; (tail = await store.readAll({ after, limit: batchSize, filter: own })).length > 0;) {
    await apply(tail);
    after = tail[tail.length - 1].position;
  }
  return after;
}

/**
 * Drops a generation no view reads (the one live before a swap, or a leftover: otherGenerations).
 * Its readers are those that began before the swap, so it waits for them a moment at a time, as the
 * swap does; still held after `attempts` tries, it is left in place, said so, for whoever holds it
 * to let go: the next rebuild of the read model drops it.
 */
async function dropWhenFree(
  pool: Pool,
  projection: Projection,
  generation: number,
  attempts: number,
  options: RebuildOptions,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await inTransaction(pool, async (client) => {
        await client.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_WAIT_MS}ms'`);
        await dropGeneration(client, projection, generation);
      });
      return;
    } catch (error) {
      if (!isLockNotGranted(error)) throw error;
      if (attempt >= attempts - 1) {
        options.onSwapHeldUp?.(`${projection.name}: generation ${generation} left in place, still read; the next rebuild drops it`);
        return;
      }
      await sleep(swapRetryPause(attempt));
    }
  }
}

/** Tries to drop the generation live before a swap: about 15 s with the swap's pauses. */
const DROP_ATTEMPTS = 6;

/** Sleeps `ms`, or less once `stopping` says so (asked every 100 ms). */
async function sleepUnless(ms: number, stopping: (() => boolean) | undefined): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end && !stopping?.();) await sleep(Math.min(100, end - Date.now()));
}

/**
 * Reads the log once, from its start, in batches of `batchSize` events of the streams any of
 * `projections` follows, up to `until` (inclusive; default: its end), handing each batch to `apply`
 * while the next one is read, with where each of its streams goes on after it (`Ahead`) if the
 * store can tell (EventStore.nextPositions). Returns the position of the last event handed
 * (undefined: none). If `apply` fails, the failure comes out once the read under way is back.
 */
export async function readLogOnce(
  store: EventStore,
  projections: readonly Projection[],
  batchSize: number,
  until: bigint | undefined,
  apply: (events: readonly EventEnvelope[], ahead: Ahead | undefined) => Promise<void>,
  /** Whether to ask where the streams go on (false: a reader that only reads, as the bench's floor). */
  lookAhead = true,
): Promise<bigint | undefined> {
  const filter = { streamPrefixes: unionOfPrefixes(projections) };
  const read = async (after?: bigint): Promise<ReadBatch> => {
    const all = await store.readAll({ after, limit: batchSize, filter });
    const events = until === undefined ? all : all.filter((e) => e.position <= until);
    const more = all.length === batchSize && events.length === all.length;
    return { events, more, ahead: lookAhead && events.length > 0 ? await aheadOf(store, events) : undefined };
  };
  let position: bigint | undefined;
  let reading: Promise<ReadBatch> | null = read();
  while (reading) {
    const { events, more, ahead }: ReadBatch = await reading;
    if (events.length === 0) break;
    position = events[events.length - 1].position;
    reading = more ? read(position) : null;
    // Not awaited until the batch is applied: a failed read must not count as unhandled meanwhile.
    reading?.catch(() => undefined);
    try {
      await apply(events, ahead);
    } catch (error) {
      // The next batch's read holds a connection: the caller hears of the failure once it is back
      // in the pool, so nothing of this pass is still running when the failure comes out.
      await reading?.catch(() => undefined);
      throw error;
    }
  }
  return position;
}

/** For each stream of a batch, the position of its next event after the batch; Infinity: none yet. */
export type Ahead = ReadonlyMap<string, number>;

interface ReadBatch {
  events: EventEnvelope[];
  /** The read was full and within `until`: there may be more. */
  more: boolean;
  ahead: Ahead | undefined;
}

/** Where the streams of `events` go on after them, asked in one go; undefined if the store cannot tell. */
async function aheadOf(store: EventStore, events: readonly EventEnvelope[]): Promise<Ahead | undefined> {
  if (!store.nextPositions) return undefined;
  const versions = new Map<string, number>();
  for (const e of events) versions.set(e.streamId, e.streamVersion);
  const next = await store.nextPositions([...versions].map(([streamId, version]) => ({ streamId, version })));
  // Positions as numbers: compared thousands of times a batch, and far below 2^53 in any log.
  return new Map([...versions.keys()].map((streamId) => [streamId, Number(next.get(streamId) ?? Infinity)]));
}

/** One projection's share of a rebuild: the generation it fills and what it was handed so far. */
export class Replay {
  applied = 0;
  skipped = 0;
  /** Batches of the bulk of the log handed that held events of its streams. */
  private batches = 0;

  constructor(
    readonly projection: Projection,
    readonly generation: number,
    private readonly upcasters: Upcasters | undefined,
    private readonly cache: RowCache,
  ) {}

  /**
   * Applies the events of `events` in the streams the projection follows, on `client`: through the
   * cache (`kept`, the bulk of the log), or writing every row (the tail, after `flush`). `ahead`:
   * where the batch's streams go on, for the cache to keep what comes back soonest.
   */
  async apply(client: PoolClient, events: readonly EventEnvelope[], kept = true, ahead?: Ahead): Promise<void> {
    const prefixes = this.projection.streamPrefixes;
    const own = events.filter((e) => prefixes.some((prefix) => e.streamId.startsWith(prefix)));
    if (own.length === 0) return;
    await client.query(NO_PARALLEL_WORKERS);
    const cache = kept && this.cache.maxRows > 0 ? this.cache : undefined;
    if (cache && ahead) cache.foresee(() => keysAhead(ahead, prefixes));
    const result = await applyEvents(client, this.projection, this.generation, own, this.upcasters, cache);
    this.applied += result.applied;
    this.skipped += result.skipped;
    // Only in the bulk: the tail runs under the batch lock, which live batches wait for.
    if (kept && isAnalyzedAfter(++this.batches)) await analyzeGeneration(client, this.projection, this.generation);
  }

  /** Writes the rows the cache still holds, on `client`. */
  async flush(client: PoolClient): Promise<void> {
    await this.cache.flush(contextOf(client, this.projection, this.generation, this.cache));
  }
}

/** keysAhead's answers for a batch, by the prefixes asked: read models that follow the same streams share one. */
const keysAheadOf = new WeakMap<Ahead, Map<string, Map<string, number>>>();

/**
 * `ahead` by the keys a read model's rows have: a stream's id after the prefix it follows it by,
 * as written and in lower case — a case's rows hold its uuid as PostgreSQL writes it (lower case),
 * a finding's its id as filed (`WT-…`). A key no row has is harmless; two streams of one key (a
 * case and its complainant's access log) count the sooner.
 */
export function keysAhead(ahead: Ahead, prefixes: readonly string[]): Map<string, number> {
  let byPrefixes = keysAheadOf.get(ahead);
  if (!byPrefixes) keysAheadOf.set(ahead, (byPrefixes = new Map()));
  const asked = prefixes.join('\n');
  let byKey = byPrefixes.get(asked);
  if (byKey) return byKey;
  byPrefixes.set(asked, (byKey = new Map()));
  for (const [streamId, next] of ahead) {
    const prefix = prefixes.find((p) => streamId.startsWith(p));
    if (prefix === undefined) continue;
    const id = streamId.slice(prefix.length);
    sooner(byKey, id, next);
    const lower = id.toLowerCase();
    if (lower !== id) sooner(byKey, lower, next);
  }
  return byKey;
}

function sooner(byKey: Map<string, number>, key: string, next: number): void {
  const known = byKey.get(key);
  if (known === undefined || next < known) byKey.set(key, next);
}

/**
 * Whether a replay's tables are analyzed after its n-th batch (analyzeGeneration): after the 1st,
 * 4th, 16th, … — as often as the tables grow by a factor of four, so the statistics keep up with
 * their shape while the analyses (about 30,000 sampled rows each, at most) cost a few per rebuild
 * whatever the log's length. Once is not enough: the first batches hold cases just filed, a few
 * rows each; later ones, cases with measures and deadlines by the dozen.
 */
export function isAnalyzedAfter(batches: number): boolean {
  // 4^k: a power of two with its one bit at an even place.
  return batches > 0 && (batches & (batches - 1)) === 0 && (batches & 0x55555555) !== 0;
}

/**
 * The prefixes that select every stream any of the projections follows, without those another one
 * already covers (`''`, every stream, covers all).
 */
export function unionOfPrefixes(projections: readonly Projection[]): string[] {
  const all = [...new Set(projections.flatMap((p) => p.streamPrefixes))];
  return all.filter((prefix) => !all.some((other) => other !== prefix && prefix.startsWith(other)));
}

/** Waits for every one (no transaction left running behind a failure), then throws the first failure. */
async function allSettledOrThrow(work: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
