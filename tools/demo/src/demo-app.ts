import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '@app/event-store';
import { openDatabase, PG_POOL, RefusalKeepingPool, type AppConfig, type ManualClock } from '@app/platform';
import { RANKING_READ_MODELS, rebuildProjections } from '@app/projections';
import { createApiApp, DeadlineScheduler, DevTokenIssuer, MIGRATION_FOLDERS } from '../../../apps/server/src';
import { refuseBesideProjector } from './beside-projector';

/** The API the demo drives, and the deadline scheduler it ticks itself. */
export interface DemoApp {
  baseUrl: string;
  /** The application itself, for sending commands in process (in-process-api.ts). */
  nest: INestApplication;
  /** Signs the demo's requests; the demo's API trusts it and nothing else. */
  issuer: DevTokenIssuer;
  /**
   * Brings the deadline table up to date, at least to the case event at `seenUpTo`, and fires what
   * is due at the clock's now, until nothing is left. Answers the red cards (DeadlinePassed,
   * MeasureDeadlinePassed) appended.
   */
  fireDueDeadlines(seenUpTo: bigint | null): Promise<number>;
  /**
   * Builds the read models a ranking is computed from (RANKING_READ_MODELS) from the log as it is
   * now, as `npm run projections -- rebuild` would: the demo's API runs no projector. A projector
   * started afterwards (`npm start`) follows them on from where the build left them.
   */
  buildRankingReadModels(): Promise<void>;
  /** Ends the demo's connections, then stops the embedded PostgreSQL it started; the same promise each call. */
  close(): Promise<void>;
}

/**
 * How long one call may keep finding work before it gives up: a bound in time, not in ticks, because
 * on a busy database the log becomes visible a few events at a time and a tick may feed only those.
 */
const BUSY_LIMIT_MS = 120_000;
const HORIZON_WAIT_MS = 60_000;
/** Deadlines the firer claims at a time: more than a demo day has due, so one tick fires them all. */
const FIRE_BATCH_SIZE = 50;

/**
 * The real application on the real database, the way `npm start` gets it (DATABASE_URL, else the
 * embedded PostgreSQL in EMBEDDED_PG_DIR; migrations applied; units seeded from UNITS_SEED_FILE),
 * with three differences: a ManualClock, so the simulated year is "now" for every command;
 * APP_ROLE=api, so no scheduler polls on its own; and its connections commit without waiting for
 * the disk (asyncCommit). The demo constructs the DeadlineScheduler as
 * deadline-scheduler.providers.ts does, on the same database and clock (with connections of its
 * own), and ticks it at each simulated midnight: overdue cases get their DeadlinePassed from the
 * real scheduler, at a deterministic point between the stories' steps.
 *
 * The API listens on an ephemeral port on 127.0.0.1 only, for this process, and trusts only tokens
 * signed by a key made for this run and kept in memory: whatever sign-in the configuration names
 * (an OIDC provider, the development key file), the demo needs none of it.
 */
export async function startDemoApp(config: AppConfig, clock: ManualClock, logger: Logger): Promise<DemoApp> {
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  try {
    await refuseBesideProjector(database.url);
    const runtime = { ...config, appRole: 'api' as const, databaseUrl: asyncCommit(database.url) };
    const issuer = DevTokenIssuer.generate();
    const app = await createApiApp(runtime, logger, { clock, trustedIssuer: issuer });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const warnings: string[] = [];
    // The scheduler's own connections: its round trips are the spine of the simulated year (one
    // tick per midnight, one after another), and must not queue behind the stories' commands.
    const pool = new RefusalKeepingPool({ connectionString: runtime.databaseUrl, max: 2 });
    pool.on('error', (error) => warnings.push(`scheduler connection: ${error.message}`));
    const store = config.eventStore === 'postgres' ? new PostgresEventStore(pool, runtime.databaseUrl) : app.get<EventStore>(EVENT_STORE);
    const appPool = app.get<Pool>(PG_POOL);
    let closing: Promise<void> | undefined;
    const scheduler = new DeadlineScheduler(
      {
        pool,
        store,
        clock,
        logger: { log: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
      },
      { fireBatchSize: FIRE_BATCH_SIZE },
    );
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      nest: app,
      issuer,
      async fireDueDeadlines(seenUpTo) {
        let fired = 0;
        const started = Date.now();
        for (;;) {
          const tick = await scheduler.tick();
          fired += tick.fired + tick.replayed;
          // A deadline the scheduler could not fire would silently go missing from the demo data.
          if (tick.failed > 0) throw new Error(`The deadline scheduler could not fire ${tick.failed} deadline(s): ${warnings.join('; ')}`);
          // Done once the feeder has seen every case event the demo appended, and the firer's first
          // batch was not full (it claims batches until one is not: nothing was left due). The feeder
          // reads the log only below the cluster-wide visibility horizon, which another session's
          // open transaction can hold back: a deadline fed a day late could find the unit had acted
          // meanwhile, and the same seed would no longer give the same history.
          const more = tick.claimed >= FIRE_BATCH_SIZE;
          const seen = seenUpTo === null || (tick.seenUpTo ?? -1n) >= seenUpTo;
          if (seen && !more) return fired;
          if (tick.fed > 0 || more) {
            if (Date.now() - started > BUSY_LIMIT_MS) {
              throw new Error(`The deadline scheduler had still work left after ${BUSY_LIMIT_MS / 1000} s`);
            }
            continue;
          }
          if (Date.now() - started > HORIZON_WAIT_MS) {
            throw new Error(
              `The deadline scheduler has not seen position ${seenUpTo} after ${HORIZON_WAIT_MS / 1000} s: is a transaction left open on the database?`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      async buildRankingReadModels() {
        // A projector of the same database (APP_ROLE=projector, started meanwhile) may be building
        // them at its first start: this build waits for it, then builds them as the log is now.
        await rebuildProjections(appPool, store, RANKING_READ_MODELS, { whenUnderWay: 'wait' });
      },
      // Once, however often asked: an interrupted run closes as the signal comes, then again as it unwinds.
      close() {
        return (closing ??= (async () => {
          const drained = Promise.all([poolDrained(appPool, 2_000), poolDrained(pool, 2_000)]);
          try {
            if (store !== app.get<EventStore>(EVENT_STORE)) await store.close();
            await pool.end();
            await app.close();
            await drained;
          } finally {
            await database.stop();
          }
        })());
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/**
 * The URL with `synchronous_commit=off` for its sessions: a commit returns once written to the WAL,
 * without waiting for the flush to disk (PostgreSQL flushes within a fraction of a second). The
 * rows are the same; a crash of the machine in that fraction would lose the last demo commits, in
 * order, never leave them half written. A demo year commits thousands of times one after another,
 * and a flush costs more than the command (several ms on a virtual disk): off for the demo's
 * sessions only, never for the server started afterwards.
 */
export function asyncCommit(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options');
  url.searchParams.set('options', `${options ? `${options} ` : ''}-c synchronous_commit=off`);
  return url.toString();
}

/**
 * Resolves when the pool's connections have closed (or after `timeoutMs`). pg-pool's end()
 * resolves before its connections are closed, and stopping the embedded PostgreSQL right after
 * made each still-closing connection log "Idle connection error: terminating connection due to
 * administrator command".
 */
function poolDrained(pool: Pool, timeoutMs: number): Promise<void> {
  let open = pool.totalCount;
  if (open === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    pool.on('remove', () => {
      if (--open > 0) return;
      clearTimeout(timer);
      resolve();
    });
  });
}
