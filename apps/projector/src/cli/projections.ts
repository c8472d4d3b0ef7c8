import { Pool } from 'pg';
import { createKurrentDbEventStore, PostgresEventStore, type EventStore } from '@app/event-store';
import { createLogger, loadConfigOrExit, openDatabase } from '@app/platform';
import { PROJECTIONS, rebuildProjection, type Projection } from '@app/projections';
import { RebuildProgressReporter } from './rebuild-progress';

const USAGE = 'usage: npm run projections -- rebuild <name|all>   (names: ' + PROJECTIONS.map((p) => p.name).join(', ') + ')';

/**
 * `npm run projections -- rebuild <name|all>`: replays the log into fresh tables and swaps them in;
 * the API keeps answering from the old tables meanwhile. Safe while projectors run (the swap waits
 * for their batch; they continue from the new checkpoint). The entry is the composition root's
 * (apps/server/src/cli/projections.ts): it knows every package's `migrations`, applied first as at
 * any start, since a database migrated only in part could not be migrated in full afterwards.
 */
export function runProjectionsCli(argv: string[], migrations: readonly string[]): void {
  main(argv, migrations).catch((error: unknown) => {
    process.stderr.write(`Rebuild failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  });
}

async function main(argv: string[], migrations: readonly string[]): Promise<void> {
  const [command, target] = argv;
  const chosen = target === 'all' ? PROJECTIONS : PROJECTIONS.filter((p) => p.name === target);
  if (command !== 'rebuild' || !target || chosen.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(64);
  }
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger, { migrations });
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const store: EventStore =
    config.eventStore === 'kurrentdb' ? createKurrentDbEventStore(config.kurrentDbUrl!) : new PostgresEventStore(pool, database.url);
  try {
    for (const projection of chosen) await rebuild(pool, store, projection);
  } finally {
    await store.close();
    await pool.end();
    await database.stop();
  }
}

async function rebuild(pool: Pool, store: EventStore, projection: Projection): Promise<void> {
  const total = await countEvents(store, projection);
  const progress = new RebuildProgressReporter(projection.name, total);
  const { events, generation } = await rebuildProjection(pool, store, projection, { onProgress: ({ done }) => progress.update(done) });
  progress.finish(events);
  process.stderr.write(`${projection.name}: generation ${generation} is live\n`);
}

/** Events the rebuild will replay (a fast first pass over the log, for the progress bar and ETA). */
async function countEvents(store: EventStore, projection: Projection): Promise<number> {
  let count = 0;
  for (
    let after: bigint | undefined, page = await store.readAll({ limit: 10_000, filter: { streamPrefixes: projection.streamPrefixes } });
    page.length;
  ) {
    count += page.length;
    after = page[page.length - 1].position;
    page = await store.readAll({ after, limit: 10_000, filter: { streamPrefixes: projection.streamPrefixes } });
  }
  return count;
}
