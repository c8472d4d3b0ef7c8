import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { Pool } from 'pg';
import {
  createKurrentDbEventStore,
  describeVerification,
  PostgresEventStore,
  recordVerification,
  SYSTEM_ACTORS,
  verifyConfiguredLog,
  type EventStore,
  type LogVerification,
} from '@app/event-store';
import {
  closeScriptDatabase,
  createLogger,
  loadConfigOrExit,
  openDatabase,
  openScriptPool,
  ScriptInterruption,
  type AppConfig,
} from '@app/platform';
import { PROJECTIONS, type Projection } from '@app/projections';
import { LogFailsVerification, rebuildProjections, unionOfPrefixes, type RebuildOptions } from '@app/projections/runner/rebuild';
import { boundRebuildHeapGrowth } from '@app/projections/runner/rebuild-heap';
import { RebuildProgressReporter } from './rebuild-progress';

/** What `npm run projections -- rebuild <name|all> [--force]` asks for, its command line read already. */
export interface RebuildRequest {
  /** The read models to rebuild, by name (`all`: every name of PROJECTIONS). */
  readModels: readonly string[];
  force: boolean;
}

/**
 * `npm run projections -- rebuild <name|all> [--force]`: replays the log into fresh tables and swaps
 * them in; the API keeps answering from the old tables meanwhile. `all` reads the log once for every
 * read model (rebuildProjections). Safe while projectors run (the
 * swap waits for their batch; they continue from the new checkpoint). The entry is the composition
 * root's (apps/server/src/cli/projections.ts): it knows every package's `migrations`, applied first
 * as at any start, since a database migrated only in part could not be migrated in full afterwards.
 * It reads the command line too, before this module is loaded (a second of pg and the rest), so that
 * `--help` and a mistake answer at once: the names it takes are projections/read-model-names.ts's.
 *
 * The log is verified first (hash chains, signed checkpoints; the result is recorded like any
 * verification): a log that fails is not rebuilt unless `--force`, and then only with a warning.
 *
 * What it did (the verification, progress, the generations swapped in) goes to stdout, its log and
 * what went wrong to stderr, as for `audit` and `backup`. Ctrl-C (SIGTERM) swaps nothing in: the
 * swap is one transaction, rolled back with the connections (ScriptInterruption); exit 130 (143).
 */
export function runProjectionsCli(request: RebuildRequest, migrations: readonly string[]): void {
  boundRebuildHeapGrowth();
  let several = false;
  // `all` swaps its read models in one after the other: those swapped in before the signal stay, whole.
  const interruption = new ScriptInterruption((signal) =>
    several
      ? `Rebuild interrupted (${signal}): the read models in use are unchanged, but for any already swapped in whole; the partial generations are dropped by the next rebuild`
      : `Rebuild interrupted (${signal}): the read models in use are unchanged; the partial generation is dropped by the next rebuild`,
  );
  main(request, migrations, interruption, (chosen) => (several = chosen.length > 1)).then(
    (status) => interruption.exit(status),
    (error: unknown) => interruption.exit(1, `Rebuild failed: ${(error as Error)?.message ?? String(error)}`),
  );
}

async function main(
  { readModels, force }: RebuildRequest,
  migrations: readonly string[],
  interruption: ScriptInterruption,
  onChosen: (chosen: readonly Projection[]) => void,
): Promise<number> {
  const chosen = projectionsNamed(readModels);
  onChosen(chosen);
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'stderr');
  const database = await interruption.opening(openDatabase(config, logger, { migrations, existing: true }));
  // A connection per projection (a batch is applied to them concurrently) and one reading ahead; a
  // CallbackQueryClient each (RefusalKeepingPool's), so that the rows of their queries die young
  // (callback-query-client.ts).
  const pool = openScriptPool(database.url, chosen.length + 1, logger);
  const store: EventStore =
    config.eventStore === 'kurrentdb' ? createKurrentDbEventStore(config.kurrentDbUrl!) : new PostgresEventStore(pool, database.url);
  const integrity = { verify: onceRecorded(store, pool, config, force), force };
  try {
    // Once interrupted, no further swap is tried: the process ends as soon as the server is let go.
    await rebuild(pool, store, chosen, {
      integrity,
      spillIn: config.rebuildSpillDir ?? undefined,
      stopping: () => interruption.interrupted,
    });
    return 0;
  } catch (error) {
    if (!(error instanceof LogFailsVerification)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  } finally {
    await closeScriptDatabase(database, pool, store);
  }
}

/** The projections named, in PROJECTIONS' order; the entry checked the names, so one unknown here is a fault. */
function projectionsNamed(names: readonly string[]): readonly Projection[] {
  const chosen = PROJECTIONS.filter((p) => names.includes(p.name));
  const unknown = names.filter((name) => !chosen.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`not a read model: ${unknown.join(', ')}`);
  return chosen;
}

/** The log verified once for the whole command, the result printed and recorded in the log. */
function onceRecorded(store: EventStore, pool: Pool, config: AppConfig, force: boolean): () => Promise<LogVerification> {
  let verification: Promise<LogVerification> | undefined;
  return () =>
    (verification ??= (async () => {
      const result = await verifyConfiguredLog(store, pool, config);
      const actorId = SYSTEM_ACTORS.projectionsCli(os.userInfo().username);
      await recordVerification(store, result, { actorId, role: 'system', unitId: null, correlationId: randomUUID() });
      process.stdout.write(describeVerification(result).join('\n') + '\n');
      if (!result.ok && force) process.stderr.write('--force: rebuilding from a log that fails verification\n');
      return result;
    })());
}

async function rebuild(
  pool: Pool,
  store: EventStore,
  projections: readonly Projection[],
  options: Pick<RebuildOptions, 'integrity' | 'spillIn' | 'stopping'>,
): Promise<void> {
  const prefixes = unionOfPrefixes(projections);
  const label = projections.length === 1 ? projections[0].name : `${projections.length} read models`;
  const progress = new RebuildProgressReporter(label, await countEvents(store, prefixes), process.stdout);
  let read = 0;
  const rebuilt = await rebuildProjections(pool, store, projections, {
    ...options,
    onProgress: ({ done }) => progress.update((read = done)),
    onSwapHeldUp: (message) => process.stdout.write(`${message}\n`),
  });
  progress.finish(read);
  for (const { projection, generation } of rebuilt) process.stdout.write(`${projection}: generation ${generation} is live\n`);
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
