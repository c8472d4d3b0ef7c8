import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { openDatabase, PG_POOL, type AppConfig, type ManualClock } from '@app/platform';
import { createApiApp, DeadlineScheduler, DevTokenIssuer, MIGRATION_FOLDERS, readCheckpoint } from '../../../apps/server/src';

/** The API the demo drives, and the deadline scheduler it ticks itself. */
export interface DemoApp {
  baseUrl: string;
  /** Signs the demo's requests; the demo's API trusts it and nothing else. */
  issuer: DevTokenIssuer;
  /**
   * Brings the deadline table up to date, at least to the case event at `seenUpTo`, and fires what
   * is due at the clock's now, until nothing is left. Answers the DeadlinePassed events appended.
   */
  fireDueDeadlines(seenUpTo: bigint | null): Promise<number>;
  close(): Promise<void>;
}

/**
 * How long one call may keep finding work before it gives up: a bound in time, not in ticks, because
 * on a busy database the log becomes visible a few events at a time and a tick may feed only those.
 */
const BUSY_LIMIT_MS = 120_000;
/** The checkpoint DeadlineFeeder keeps by default, which the scheduler built here uses. */
const FEEDER_CHECKPOINT = 'deadline-scheduler';
const HORIZON_WAIT_MS = 60_000;

/**
 * The real application on the real database, the way `npm start` gets it (DATABASE_URL, else the
 * embedded PostgreSQL in EMBEDDED_PG_DIR; migrations applied; units seeded from UNITS_SEED_FILE),
 * with two differences: a ManualClock, so the simulated year is "now" for every command, and
 * APP_ROLE=api, so no scheduler polls on its own. The demo constructs the DeadlineScheduler as
 * deadline-scheduler.providers.ts does, on the same pool, store and clock, and ticks it at each
 * simulated midnight: overdue cases get their DeadlinePassed from the real scheduler, at a
 * deterministic point between the stories' steps.
 *
 * The API listens on an ephemeral port on 127.0.0.1 only, for this process, and trusts only tokens
 * signed by a key made for this run and kept in memory: whatever sign-in the configuration names
 * (an OIDC provider, the development key file), the demo needs none of it.
 */
export async function startDemoApp(config: AppConfig, clock: ManualClock, logger: Logger): Promise<DemoApp> {
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  try {
    const runtime = { ...config, appRole: 'api' as const, databaseUrl: database.url };
    const issuer = DevTokenIssuer.generate();
    const app = await createApiApp(runtime, logger, { clock, trustedIssuer: issuer });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const warnings: string[] = [];
    const pool = app.get<Pool>(PG_POOL);
    const scheduler = new DeadlineScheduler({
      pool,
      store: app.get<EventStore>(EVENT_STORE),
      clock,
      logger: { log: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      issuer,
      async fireDueDeadlines(seenUpTo) {
        let fired = 0;
        const started = Date.now();
        for (;;) {
          const tick = await scheduler.tick();
          fired += tick.fired + tick.replayed;
          // A deadline the scheduler could not fire would silently go missing from the demo data.
          if (tick.failed > 0) throw new Error(`The deadline scheduler could not fire ${tick.failed} deadline(s): ${warnings.join('; ')}`);
          if (tick.fed > 0 || tick.claimed > 0) {
            if (Date.now() - started > BUSY_LIMIT_MS) {
              throw new Error(`The deadline scheduler had still work left after ${BUSY_LIMIT_MS / 1000} s`);
            }
            continue;
          }
          // Quiet. But the feeder reads the log only below the cluster-wide visibility horizon, which
          // another session's open transaction can hold back: a deadline fed a day late could find
          // the unit had acted meanwhile, and the same seed would no longer give the same history.
          // So the scheduler is done only once it has seen every case event the demo appended.
          if (seenUpTo === null || ((await readCheckpoint(pool, FEEDER_CHECKPOINT)) ?? -1n) >= seenUpTo) return fired;
          if (Date.now() - started > HORIZON_WAIT_MS) {
            throw new Error(
              `The deadline scheduler has not seen position ${seenUpTo} after ${HORIZON_WAIT_MS / 1000} s: is a transaction left open on the database?`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      async close() {
        const drained = poolDrained(pool, 2_000);
        try {
          await app.close();
          await drained;
        } finally {
          await database.stop();
        }
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
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
