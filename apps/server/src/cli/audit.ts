import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import type { EventStore } from '@app/event-store';
import { commandLineOrExit, refuseFlagValues } from '@app/platform/command-line';
import { ScriptInterruption } from '@app/platform/script-interruption';
import { idArgument } from './id-argument';

const USAGE = 'usage: npm run audit -- verify [--json] [--actor <id>]';

/**
 * `npm run audit -- verify`: re-checks the whole log, its hash chains and signed checkpoints
 * (libs/event-store/src/integrity), compares the audit read model with it (projections/audit),
 * prints what it found, naming the first event that fails and the rows that do not match, and
 * records the result in the log (AuditLogVerified, actor `--actor` or cli:<os user>). Exit status
 * 0 when the log holds and the read model matches it, 1 when not (or the check could not run), 64 for bad arguments,
 * 130 (143) when interrupted. Logs go to stderr, so `--json` output on stdout stays parseable.
 */
async function main(argv: string[]): Promise<number> {
  const { json, actor } = commandLineOrExit(argv, USAGE, readArguments);
  // Loaded once the arguments are read: --help and a mistake answer without a second of module loading.
  const { createKurrentDbEventStore, describeVerification, escaped, PostgresEventStore, recordVerification } =
    await import('@app/event-store');
  const { verifyLogAndAuditReadModel } = await import('@app/projections');
  const { closeScriptDatabase, createLogger, loadConfigOrExit, openDatabase, openScriptPool } = await import('@app/platform');
  const { MIGRATION_FOLDERS } = await import('../migration-folders');
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'stderr');
  const database = await interruption.opening(openDatabase(config, logger, { migrations: MIGRATION_FOLDERS, existing: true }));
  const pool = openScriptPool(database.url, 2, logger);
  const store: EventStore =
    config.eventStore === 'kurrentdb' ? createKurrentDbEventStore(config.kurrentDbUrl!) : new PostgresEventStore(pool, database.url);
  try {
    const result = await verifyLogAndAuditReadModel(store, pool, config);
    // Interrupted while the log was read: no result, so none recorded.
    if (interruption.interrupted) return 1;
    recording = true;
    const recorded = await recordVerification(store, result, { actorId: actor, role: 'system', unitId: null, correlationId: randomUUID() });
    if (json) {
      process.stdout.write(
        JSON.stringify({ ...result, recorded: { ...recorded, position: recorded.position.toString() } }, null, 2) + '\n',
      );
    } else {
      const where = `${recorded.streamId} version ${recorded.version} (position ${recorded.position})`;
      // Each line escaped (quoted.ts): no value read from a row can break a line or steer the terminal.
      process.stdout.write([...describeVerification(result), `Recorded as AuditLogVerified in ${where}.`].map(escaped).join('\n') + '\n');
    }
    return result.ok ? 0 : 1;
  } finally {
    await closeScriptDatabase(database, pool, store);
  }
}

function readArguments(args: string[]): { json: boolean; actor: string } {
  refuseFlagValues(args, ['actor']);
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, actor: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new Error('name the command: verify');
  if (positionals[0] !== 'verify') throw new Error(`unknown command "${positionals[0]}"`);
  if (positionals.length > 1) throw new Error(`unexpected argument "${positionals[1]}"`);
  if (values.actor === '') throw new Error('--actor needs a name');
  // Recorded in the log for good: an id the audit history can be asked for (GET /audit/events?actorId=).
  // `cli:<user>`: SYSTEM_ACTORS.auditCli's form (libs/event-store), written out here as the arguments are
  // read before @app/event-store is loaded; an id no token may name (README "Signing in").
  const actor = values.actor === undefined ? `cli:${os.userInfo().username}` : idArgument('--actor', values.actor);
  return { json: values.json ?? false, actor };
}

let recording = false;
const interruption = new ScriptInterruption((signal) =>
  recording
    ? `Audit verification interrupted (${signal}) while its result was being recorded: it may be in the log, unprinted; run it again`
    : `Audit verification interrupted (${signal}): nothing was recorded in the log`,
);
main(process.argv.slice(2)).then(
  (status) => interruption.exit(status),
  (error: unknown) => interruption.exit(1, `Audit verification failed to run: ${(error as Error)?.message ?? String(error)}`),
);
