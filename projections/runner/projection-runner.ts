import { Client, type Pool } from 'pg';
import type { EventEnvelope, EventStore, Subscription } from '@app/event-store';
import { errorSummary } from './error-summary';
import { batches } from './batches';
import { recordBuildRefusal } from './build-refusals';
import { readCheckpoints } from './checkpoint';
import { FailureRecords } from './failure-records';
import { applyLiveBatch, type KnownPositions } from './live-batch';
import { tryLeadership } from './locks';
import type { Projection, Upcasters } from './projection';
import { LogFailsVerification, rebuildProjections, RebuildStopped, unionOfPrefixes, type RebuildOptions } from './rebuild';
import { RebuildUnderWay } from './rebuild-lock';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerOptions {
  batchSize?: number;
  /** How long a partial batch waits for the next event before it is applied (a lone event's latency). */
  batchWaitMs?: number;
  /** How long a batch's first event waits at most while more keep coming (latency under load). */
  batchMaxWaitMs?: number;
  /** How often a follower retries to lead, and a read model whose batch failed is tried again. */
  leaderRetryMs?: number;
  upcasters?: Upcasters;
  logger?: RunnerLogger;
  /** Verifies the log before a (re)build, which refuses a log that fails (rebuild.ts). */
  integrity?: RebuildOptions['integrity'];
  /** Where a (re)build sets aside the rows of open cases it evicts (RebuildOptions.spillIn). */
  spillIn?: string;
}

/**
 * Keeps read models up to date, reading the log once for all of them: one subscription, each batch
 * handed to every read model it leads (live-batch.ts: one transaction for all of them, each read
 * model's rows and checkpoint together; a failing one alone).
 *
 * Leadership is per read model (a session advisory lock, locks.ts), all held on one connection of
 * the runner's own: two instances never apply the same read model, and when the leader's connection
 * ends, a follower trying every `leaderRetryMs` takes over what it led. Instances may share the
 * read models out between them; each follows the ones it leads.
 *
 * A read model it leads that is not built at its version (first start, a new version) is built in
 * the background, all such in one pass over the log (rebuild.ts), while the others are followed;
 * it joins them once built; one being rebuilt elsewhere meanwhile (rebuild-lock.ts) is followed once
 * that rebuild has built it. The reader starts from the lowest checkpoint of those it follows: each
 * read model skips what its own checkpoint covers (a rebuild, the CLI's too, may have moved it on).
 * One whose batch fails is left out, the others go on; it is tried again after `leaderRetryMs`
 * from its own checkpoint, as it would be on a restart. Each failure is recorded with the event it
 * failed on (failure-records.ts), so that /health tells a read model stopped on an event (failing
 * there time after time) from one merely behind; the record goes once its checkpoint is past it.
 */
export class ProjectionRunner {
  private readonly projections: readonly Projection[];
  private stopped = false;
  /** Its own connection, outside the pool: it holds the leadership of `led` for as long as it is open. */
  private leaderClient?: Client;
  private connectionLost = false;
  private readonly led = new Set<Projection>();
  /** Read models whose batch or build failed: left alone until the time given. */
  private readonly resting = new Map<Projection, number>();
  private readonly known: KnownPositions = new Map();
  private readonly failures: FailureRecords;
  private building?: Promise<void>;
  /** Whether the last build was refused because another rebuild was under way, and that was logged. */
  private toldUnderWay = false;
  /** Whether a build refused because the log fails verification was logged (once: no retry mends it). */
  private toldRefused = false;
  /**
   * Read models whose build was refused because the log fails verification: not built again by this
   * runner (a retry would verify the whole log again, holding their rebuild lock all the while, so an
   * operator's `rebuild --force` would keep meeting "another rebuild under way"); only watched, each
   * round, for being built elsewhere, and followed once they are.
   */
  private readonly refusedForLog = new Set<Projection>();
  private subscription?: Subscription;
  /** Set to end the current subscription and look again at what to follow. */
  private interrupted = false;
  private wake?: () => void;
  private running?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    projections: Projection | readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.projections = Array.isArray(projections) ? projections : [projections as Projection];
    this.failures = new FailureRecords(pool, options.logger, options.upcasters);
  }

  start(): void {
    this.running ??= this.lead();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interrupt();
    await this.running?.catch(() => undefined);
  }

  /**
   * Applies one batch of live events to every read model of the runner, led or not (exported for
   * tests): each skips what its checkpoint already covers (read each time: a batch delivered twice
   * is told by the checkpoint). Throws the first failure, after the others are committed.
   */
  async applyBatch(events: readonly EventEnvelope[]): Promise<void> {
    const failures = await applyLiveBatch(this.pool, this.projections, events, new Map(), this.options.upcasters);
    const [first] = failures.values();
    if (first) throw first.error;
  }

  private get retryMs(): number {
    return this.options.leaderRetryMs ?? 2_000;
  }

  private async lead(): Promise<void> {
    while (!this.stopped) {
      let followed = false;
      try {
        followed = await this.round();
      } catch (error) {
        this.options.logger?.error(`Projections stopped, retrying: ${(error as Error).message}`);
        this.connectionLost = true;
      }
      const lost = this.connectionLost;
      if (lost) await this.letGo();
      // Nothing to follow (another instance leads, a build is under way) or the connection was lost: wait, unless woken.
      if ((!followed || lost) && !this.stopped) await this.pause(this.retryMs);
    }
    await this.building;
    await this.letGo();
  }

  /**
   * Takes what leadership it can, starts building what needs it, follows what is built until
   * interrupted. Answers whether it followed anything.
   */
  private async round(): Promise<boolean> {
    this.interrupted = false;
    await this.takeLeadership();
    if (this.led.size === 0) return false;
    const now = Date.now();
    const due = [...this.led].filter((p) => (this.resting.get(p) ?? 0) <= now);
    for (const p of due) this.resting.delete(p);
    const checkpoints = new Map((await readCheckpoints(this.pool, names(due))).map((c) => [c.name, c]));
    const ready = due.filter((p) => checkpoints.get(p.name)?.version === p.version);
    for (const p of ready) this.refusedForLog.delete(p);
    const stale = due.filter((p) => !ready.includes(p) && !this.refusedForLog.has(p));
    // `stale` may be built by now: a build (this runner's, or another process's) may have ended while
    // the checkpoints were being read. The build looks again once no other can run (onlyIfNotBuilt)
    // rather than replay the whole log a second time.
    if (stale.length > 0 && !this.building) this.building = this.build(stale);
    if (ready.length === 0) return false;
    for (const p of ready) this.known.set(p.name, checkpoints.get(p.name)!.position);
    await this.failures.load(names(ready), this.known);
    await this.follow(ready);
    return true;
  }

  /** Tries to lead each read model it does not lead yet, on its own connection. */
  private async takeLeadership(): Promise<void> {
    if (!this.leaderClient) {
      // Not a pooled connection: a session lock held for hours must not take one the batches need.
      const client = new Client(this.pool.options);
      // Leadership ends with this connection: stop following, and try again to lead.
      client.on('error', () => {
        this.connectionLost = true;
        this.interrupt();
      });
      await client.connect().catch(async (error: unknown) => {
        await client.end().catch(() => undefined);
        throw error;
      });
      this.connectionLost = false;
      this.leaderClient = client;
    }
    const gained: Projection[] = [];
    for (const projection of this.projections) {
      if (this.led.has(projection) || this.connectionLost) continue;
      if (await tryLeadership(this.leaderClient, projection.name)) {
        this.led.add(projection);
        gained.push(projection);
      }
    }
    if (gained.length > 0) this.options.logger?.log(`${label(gained)}: leading`);
  }

  /** Ends the leader connection, and with it every leadership it held. */
  private async letGo(): Promise<void> {
    const client = this.leaderClient;
    this.leaderClient = undefined;
    this.led.clear();
    await client?.end().catch(() => undefined);
  }

  /** Builds the read models in one pass in the background, then has the runner follow them too. */
  private async build(stale: readonly Projection[]): Promise<void> {
    const { upcasters, integrity, spillIn, logger } = this.options;
    try {
      let building: readonly Projection[] = [];
      const onStart = (todo: readonly Projection[]) => {
        building = todo;
        logger?.log(`${label(todo)}: building ${todo.length === 1 ? `version ${todo[0].version}` : 'in one pass over the log'}`);
      };
      const options = {
        upcasters,
        integrity,
        spillIn,
        onStart,
        onlyIfNotBuilt: true,
        onSwapHeldUp: (message: string) => logger?.warn(message),
        stopping: () => this.stopped,
      };
      const rebuilt = await rebuildProjections(this.pool, this.store, stale, options);
      if (rebuilt.length > 0)
        logger?.log(`${label(building)}: built${rebuilt.length === 1 ? ` (generation ${rebuilt[0].generation})` : ''}`);
      this.toldUnderWay = false;
    } catch (error) {
      // Another process is building them (`projections rebuild`, an instance that led them before):
      // they are followed once it has, as any read model built at its version. Told once, not at every try.
      if (error instanceof RebuildStopped)
        logger?.log(`${label(stale)}: build stopped with the projector, taken up again at its next start`);
      else if (error instanceof LogFailsVerification) await this.refused(error, stale);
      else if (!(error instanceof RebuildUnderWay)) logger?.error(`${label(stale)} stopped, retrying: ${errorSummary(error)}`);
      else if (!this.toldUnderWay) logger?.log(`${label(stale)}: being built elsewhere, followed once built (${error.message})`);
      this.toldUnderWay = error instanceof RebuildUnderWay;
      for (const p of stale) this.resting.set(p, Date.now() + this.retryMs);
    } finally {
      this.building = undefined;
      this.interrupt();
    }
  }

  /**
   * A build refused because the log fails verification: no retry mends that, so it is said once
   * (the verification's findings were logged with it), recorded where /health and the read model's
   * 503s find it (build-refusals.ts), and not tried again by this runner until it restarts
   * (`refusedForLog`). It still looks each round whether they were built, so a read model an
   * operator rebuilds with --force, or without once the log is mended, is followed as soon as built.
   */
  private async refused(error: LogFailsVerification, stale: readonly Projection[]): Promise<void> {
    for (const p of stale) this.refusedForLog.add(p);
    const { failureCount, firstFailure } = error.verdict;
    const reason = `the event log fails verification (${failureCount} failures; first: ${firstFailure?.message ?? 'unknown'})`;
    await recordBuildRefusal(this.pool, error.projection.split(', '), reason).catch(() => undefined);
    if (this.toldRefused) return;
    this.toldRefused = true;
    this.options.logger?.error(
      `Not building ${error.projection}: ${reason}. Investigate with "npm run audit -- verify"; build anyway with ` +
        `"npm run projections -- rebuild all --force" (or rebuild, or restart the projector, once the log is mended). ` +
        `Until then their queries answer 503 (GET /api/v1/health/details names them)`,
    );
  }

  /**
   * One subscription from the lowest checkpoint of `ready` over the streams any of them follows,
   * until interrupted (stop, a lost connection, a read model built or led or due again) or until
   * every read model in it has failed.
   */
  private async follow(ready: readonly Projection[]): Promise<void> {
    const following = [...ready];
    const positions = following.map((p) => this.known.get(p.name) ?? null);
    const after = positions.includes(null) ? undefined : positions.reduce((a, b) => (b! < a! ? b : a))!;
    const subscription = this.store.subscribe({ after, filter: { streamPrefixes: unionOfPrefixes(following) } });
    this.subscription = subscription;
    // Interrupted while the checkpoints were being read, before there was a subscription to close.
    if (this.interrupted || this.stopped) await subscription.close();
    const watch = setInterval(() => void this.watch(), this.retryMs);
    try {
      for await (const batch of batches(
        subscription,
        this.options.batchSize ?? 500,
        this.options.batchWaitMs ?? 20,
        this.options.batchMaxWaitMs ?? 100,
      )) {
        const failures = await applyLiveBatch(this.pool, following, batch, this.known, this.options.upcasters);
        for (const [projection, failure] of failures) {
          // Masked as the record of the stop is: a handler's error may quote an event's data.
          this.options.logger?.error(`Projection ${projection.name} stopped, retrying: ${errorSummary(failure.error)}`);
          await this.failures.failed(projection, failure);
          this.resting.set(projection, Date.now() + this.retryMs);
          following.splice(following.indexOf(projection), 1);
        }
        await this.failures.passed(this.known);
        if (this.interrupted || following.length === 0) break;
      }
    } finally {
      clearInterval(watch);
      this.subscription = undefined;
      await subscription.close();
    }
  }

  /** While following: a read model due again, or one more led, ends the subscription to take it in. */
  private async watch(): Promise<void> {
    const now = Date.now();
    if ([...this.resting.values()].some((until) => until <= now)) return this.interrupt();
    if (this.led.size === this.projections.length || this.connectionLost || !this.leaderClient) return;
    const before = this.led.size;
    await this.takeLeadership().catch(() => undefined);
    if (this.led.size > before) this.interrupt();
  }

  private interrupt(): void {
    this.interrupted = true;
    void this.subscription?.close();
    this.wake?.();
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped || this.interrupted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => {
        clearTimeout(timer);
        done();
      };
      function done(): void {
        resolve();
      }
      this.wake = wake;
    }).finally(() => {
      this.wake = undefined;
    });
  }
}

function names(projections: readonly Projection[]): string[] {
  return projections.map((p) => p.name);
}

/** `Projection a` or `Projections a, b`, as the log lines name them. */
function label(projections: readonly Projection[]): string {
  return `${projections.length === 1 ? 'Projection' : 'Projections'} ${names(projections).join(', ')}`;
}
