import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import {
  createKurrentDbEventStore,
  describeVerification,
  PostgresEventStore,
  recordVerification,
  verifyConfiguredLog,
  type EventStore,
  type LogVerification,
} from '@app/event-store';
import { CallbackQueryClient, commandLineOrExit, createLogger, loadConfigOrExit, openDatabase, type AppConfig } from '@app/platform';
import { PROJECTIONS, type Projection } from '@app/projections';
import { LogFailsVerification, rebuildProjections, unionOfPrefixes, type RebuildOptions } from '@app/projections/runner/rebuild';
import { boundRebuildHeapGrowth } from '@app/projections/runner/rebuild-heap';
import { RebuildProgressReporter } from './rebuild-progress';

const USAGE = 'usage: npm run projections -- rebuild <name|all> [--force]   (names: ' + PROJECTIONS.map((p) => p.name).join(', ') + ')';

/**
 * `npm run projections -- rebuild <name|all> [--force]`: replays the log into fresh tables and swaps
 * them in; the API keeps answering from the old tables meanwhile. `all` reads the log once for every
 * read model (rebuildProjections). Safe while projectors run (the
 * swap waits for their batch; they continue from the new checkpoint). The entry is the composition
 * root's (apps/server/src/cli/projections.ts): it knows every package's `migrations`, applied first
 * as at any start, since a database migrated only in part could not be migrated in full afterwards.
 *
 * The log is verified first (hash chains, signed checkpoints; the result is recorded like any
 * verification): a log that fails is not rebuilt unless `--force`, and then only with a warning.
 */
export function runProjectionsCli(argv: string[], migrations: readonly string[]): void {
  boundRebuildHeapGrowth();
  main(argv, migrations).catch((error: unknown) => {
    process.stderr.write(`Rebuild failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  });
}

async function main(argv: string[], migrations: readonly string[]): Promise<void> {
  const { chosen, force } = commandLineOrExit(argv, USAGE, readArguments);
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger, { migrations, existing: true });
  // A connection per projection (a batch is applied to them concurrently) and one reading ahead; a
  // CallbackQueryClient each, so that the rows of their queries die young (callback-query-client.ts).
  const pool = new Pool({ connectionString: database.url, max: chosen.length + 1, Client: CallbackQueryClient });
  const store: EventStore =
    config.eventStore === 'kurrentdb' ? createKurrentDbEventStore(config.kurrentDbUrl!) : new PostgresEventStore(pool, database.url);
  const integrity = { verify: onceRecorded(store, pool, config, force), force };
  try {
    await rebuild(pool, store, chosen, { integrity, spillIn: config.rebuildSpillDir ?? undefined });
  } catch (error) {
    if (!(error instanceof LogFailsVerification)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
    await pool.end();
    await database.stop();
  }
}

function readArguments(args: string[]): { chosen: readonly Projection[]; force: boolean } {
  const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean' } }, strict: true, allowPositionals: true });
  const [command, target, ...rest] = positionals;
  if (command !== 'rebuild') throw new Error(command === undefined ? 'name the command: rebuild' : `unknown command "${command}"`);
  if (target === undefined) throw new Error('name the read model to rebuild, or all');
  const chosen = target === 'all' ? PROJECTIONS : PROJECTIONS.filter((p) => p.name === target);
  if (chosen.length === 0) throw new Error(`no read model is called "${target}"`);
  if (rest.length > 0) throw new Error(`unexpected argument "${rest[0]}"`);
  return { chosen, force: values.force ?? false };
}

/** The log verified once for the whole command, the result printed and recorded in the log. */
function onceRecorded(store: EventStore, pool: Pool, config: AppConfig, force: boolean): () => Promise<LogVerification> {
  let verification: Promise<LogVerification> | undefined;
  return () =>
    (verification ??= (async () => {
      const result = await verifyConfiguredLog(store, pool, config);
      const actorId = `projections-cli:${os.userInfo().username}`;
      await recordVerification(store, result, { actorId, role: 'system', unitId: null, correlationId: randomUUID() });
      process.stderr.write(describeVerification(result).join('\n') + '\n');
      if (!result.ok && force) process.stderr.write('--force: rebuilding from a log that fails verification\n');
      return result;
    })());
}

async function rebuild(
  pool: Pool,
  store: EventStore,
  projections: readonly Projection[],
  options: Pick<RebuildOptions, 'integrity' | 'spillIn'>,
): Promise<void> {
  const prefixes = unionOfPrefixes(projections);
  const label = projections.length === 1 ? projections[0].name : `${projections.length} read models`;
  const progress = new RebuildProgressReporter(label, await countEvents(store, prefixes));
  let read = 0;
  const rebuilt = await rebuildProjections(pool, store, projections, {
    ...options,
    onProgress: ({ done }) => progress.update((read = done)),
    onSwapHeldUp: (message) => process.stderr.write(`${message}\n`),
  });
  progress.finish(read);
  for (const { projection, generation } of rebuilt) process.stderr.write(`${projection}: generation ${generation} is live\n`);
}

/** Events the rebuild will read (a fast first pass over the log, for the progress bar and ETA). */
async function countEvents(store: EventStore, streamPrefixes: readonly string[]): Promise<number> {
  let count = 0;
  for (let after: bigint | undefined, page = await store.readAll({ limit: 10_000, filter: { streamPrefixes } }); page.length;) {
    count += page.length;
    after = page[page.length - 1].position;
    page = await store.readAll({ after, limit: 10_000, filter: { streamPrefixes } });
  }
  return count;
}
