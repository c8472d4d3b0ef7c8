import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { doublingPause } from './lock-not-granted';
import { describeSession, SESSION_SEEN_COLUMNS, type SessionSeen } from './session-description';

/**
 * How migrations take their locks without stopping the readers of what they change.
 *
 * A migration that alters a table (or replaces a view) takes its ACCESS EXCLUSIVE lock. Asked for
 * while another session holds any lock on it (a report, a psql session left idle in a
 * transaction), it waits, and every statement on that table that comes after queues behind it: an
 * instance of the version before, still serving during a rolling start, stops answering reads of
 * that table until its pool is full. So the migrations' session waits at most
 * MIGRATION_LOCK_WAIT_MS for any lock (`lock_timeout`); refused, their one transaction rolls back
 * with nothing applied, the sessions that held it up are named, and the migrations run again after
 * a pause that doubles up to MIGRATION_RETRY_MAX_MS, for as long as it takes. Readers wait at most
 * that half second an attempt. Processes starting together queue on the migrations' advisory lock,
 * which is taken before the bound.
 */
export const MIGRATION_LOCK_WAIT_MS = 500;
export const MIGRATION_RETRY_FIRST_MS = 500;
export const MIGRATION_RETRY_MAX_MS = 10_000;

/** The pause after the n-th refusal (0-based): MIGRATION_RETRY_FIRST_MS, doubling, at most MIGRATION_RETRY_MAX_MS. */
export function migrationRetryPause(refusals: number): number {
  return doublingPause(refusals, MIGRATION_RETRY_FIRST_MS, MIGRATION_RETRY_MAX_MS);
}

/** How often the watch asks whom the migrating session waits for: a few looks within one wait. */
const WATCH_EVERY_MS = 100;

/**
 * Who holds up a session waiting for a lock: pg_blocking_pids of it, asked on a connection of its
 * own every WATCH_EVERY_MS while the migrations run (a session that is refused no longer waits, so
 * it must be seen while it does). Keeps the sessions of the last look that found any.
 */
export class LockWaitWatch {
  private seen: SessionSeen[] = [];
  private stopped = false;
  private readonly looking: Promise<void>;

  private constructor(
    private readonly client: Client,
    private readonly pid: number,
  ) {
    this.looking = this.lookUntilStopped();
  }

  static async start(databaseUrl: string, pid: number): Promise<LockWaitWatch> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'complaint-cases migrations (watch)' });
    client.on('error', () => undefined); // its next look fails and ends the watch
    await client.connect();
    return new LockWaitWatch(client, pid);
  }

  /** `pid 4242 (psql, idle in transaction, transaction open 310 s), …`, or what the look could not see. */
  get heldUpBy(): string {
    return this.seen.length > 0 ? this.seen.map(describeSession).join(', ') : 'a session not seen (gone before it was looked at)';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.looking;
    await this.client.end().catch(() => undefined);
  }

  private async lookUntilStopped(): Promise<void> {
    try {
      while (!this.stopped) {
        const { rows } = await this.client.query<SessionSeen>(
          `SELECT b.pid, ${SESSION_SEEN_COLUMNS}
             FROM unnest(pg_blocking_pids($1)) AS b(pid) LEFT JOIN pg_stat_activity a ON a.pid = b.pid
            ORDER BY b.pid`,
          [this.pid],
        );
        if (rows.length > 0) this.seen = rows;
        await sleep(WATCH_EVERY_MS);
      }
    } catch {
      // The watch only names who held the migrations up; without it they still run, and say less.
    }
  }
}
