import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { commandLineOrExit } from '@app/platform/command-line';
import { ScriptInterruption } from '@app/platform/script-interruption';
import { COMPLAINANT_KEYS_USAGE } from '../../../api/src/command-usages';

/**
 * `npm run complainant-keys -- status | rotate [--forget-retired]`: the master keys that wrap
 * complainants' data keys, and their rotation (apps/api/src/complainants/complainant-keys.command.ts).
 * The report alone on stdout; logs go to stderr.
 */
async function main(argv: string[]): Promise<number> {
  const { command } = commandLineOrExit(argv, COMPLAINANT_KEYS_USAGE, readArguments);
  // Loaded once the arguments are read: --help and a mistake answer without a second of module loading.
  const { closeScriptDatabase, configOrExit, createLogger, loadConfig, openDatabase, openScriptPool, requireMasterKeyFile } =
    await import('@app/platform');
  const { dataKeysByMasterKey, runComplainantKeysCommand, SEALED_PEOPLE_STORES } = await import('../../../api/src');
  const { MIGRATION_FOLDERS } = await import('../migration-folders');
  const config = configOrExit(() => requireMasterKeyFile(loadConfig(process.env)));
  const keys = config.complainantKeys;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  // `status` only reads: the command would generate the key file (as the API does on first use), and its folders.
  const noKeyFile = command === 'status' && keys.masterKeys === null && !fs.existsSync(keys.keyFile);
  if (noKeyFile) out(`no master key file at ${keys.keyFile} (COMPLAINANT_MASTER_KEY_FILE): no master key is configured`);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'stderr');
  const database = await interruption.opening(openDatabase(config, logger, { migrations: MIGRATION_FOLDERS, existing: true }));
  const pool = openScriptPool(database.url, 2, logger);
  try {
    if (!noKeyFile) {
      const onRotation = (keyId: string, stage: 'started' | 'rewrapped') => (rotation = { keyId, stage });
      return await runComplainantKeysCommand(argv, { pool, keys, out, onRotation });
    }
    const counts = Object.entries(await dataKeysByMasterKey(pool, SEALED_PEOPLE_STORES));
    for (const [id, n] of counts) out(`  ${id}: ${n} data keys — NOT CONFIGURED: these identities cannot be read`);
    if (counts.length === 0) out('no data keys are stored either: the first start of the API (or rotate) generates the file');
    return counts.length > 0 ? 1 : 0;
  } finally {
    await closeScriptDatabase(database, pool);
  }
}

function readArguments(args: string[]): { command: 'status' | 'rotate' } {
  const { values, positionals } = parseArgs({
    args,
    options: { 'forget-retired': { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  const [command, ...rest] = positionals;
  if (command !== 'status' && command !== 'rotate') {
    throw new Error(command === undefined ? 'name the command: status or rotate' : `unknown command "${command}"`);
  }
  if (rest.length > 0) throw new Error(`unexpected argument "${rest[0]}"`);
  if (values['forget-retired'] && command !== 'rotate') throw new Error('--forget-retired goes with rotate');
  return { command };
}

/** How far a rotation got: the master key the data keys go under, and whether every one is under it. */
let rotation: { keyId: string; stage: 'started' | 'rewrapped' } | undefined;
// A rotation rewraps in batches, each committed whole: those done stay done, under a key the file or
// variable holds. Run again, it finishes under the same key: with the key file it generates no other
// while the rotation it began is unfinished (complainant-keys.command.ts).
const interruption = new ScriptInterruption((signal) => {
  const interrupted = `complainant-keys interrupted (${signal})`;
  if (!rotation) return `${interrupted}: nothing was changed`;
  if (rotation.stage === 'rewrapped') {
    return `${interrupted}: every data key is rewrapped under master key ${rotation.keyId}; retired keys may still be listed (status shows them)`;
  }
  return (
    `${interrupted}: the data keys rewrapped so far stay under master key ${rotation.keyId}; ` +
    `run rotate again to finish: it rewraps the rest under ${rotation.keyId}, generating no other key`
  );
});
main(process.argv.slice(2)).then(
  (status) => interruption.exit(status),
  (error: unknown) => interruption.exit(1, `complainant-keys failed: ${(error as Error)?.message ?? String(error)}`),
);
