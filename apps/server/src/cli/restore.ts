import { createPublicKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Client } from 'pg';
import type { AppConfig, ComplainantKeysConfig, OpenDatabase } from '@app/platform';
import { commandLineOrExit, refuseFlagValues } from '@app/platform/command-line';
import { interruptOnSignals, Interrupted, type Interruption } from '@app/platform/signal-interruption';
import { BACKUP_TABLES, type BackupHeader } from './backup-file';
import { BackupFileRefused, BackupSignatureRefused, readBackupFile, type BackupTrust } from './backup-reader';
import { keyIdOrNull } from '../checkpoint-key-pair';
import { stopDatabase } from './interruption';
import { fromInvokingFolder } from './invoking-folder';
import { loadRows } from './restore-rows';
import { embeddedTargetBefore, removeMadeDataDirectory } from './restore-target';

const USAGE = 'usage: npm run restore -- <file> [--verify-key <public-key.pem>] [--accept-unsigned]';
/** A backup whose signature does not show it unaltered (missing, another key's, not verifying): EX_DATAERR. */
const EXIT_SIGNATURE = 65;
/** No checkpoint key here to verify the backup's signature with: the configuration to fix (EX_CONFIG). */
const EXIT_CONFIG = 78;
/** Transaction ids spent per statement while moving the server's counter forward (see advanceTransactionIds). */
const BURN_CHUNK = 50_000;

/** A problem with the file or the target that the operator must fix: exit 1 with this message alone. */
class RestoreRefused extends Error {}

/** A mistake in the command line (a folder or a pipe named as the file): said with the usage, exit 64. */
class UsageMistake extends Error {}

/**
 * `npm run restore -- <file>`: loads a file of `npm run backup` into an empty database, opened as
 * `npm start` does (the embedded server by default, or DATABASE_URL), after the migrations, as the
 * owner of the log (DATABASE_MIGRATION_URL when set). The whole file is read and checked first
 * (backup-reader.ts: form, order, trailer, counts, digest), before any database is started, made or
 * changed: a damaged file is refused at once, whatever its size. Refuses a database that holds any
 * event, checkpoint or complainant, and an EMBEDDED_PG_DIR holding other files (restore-target.ts).
 * The rows are loaded in one transaction that commits only once the file, read again, checks out:
 * a refusal, a row PostgreSQL rejects (said with its line) or Ctrl-C (exit 130) leaves the database
 * empty, and removes a data directory this run made. Read models, projection checkpoints and
 * scheduled deadlines are not in the file: the projector rebuilds them from the log at the next
 * start (or `npm run projections -- rebuild all`). Once restored it says what keeps the log
 * verifiable and its identities readable here, and the next step on the restored database
 * (restore-advice.ts). A relative file name is the folder npm was run in's (invoking-folder.ts).
 * The file's signature (backup-file.ts) is checked in both readings against the checkpoint key this
 * installation verifies with (its signing key's public half, or AUDIT_VERIFY_KEY_FILE), or the public
 * key `--verify-key` names (a backup signed with a key replaced since): a file unsigned, signed with
 * another key or altered after it was signed (its digest written again: else the digest refuses it
 * first, exit 1) is refused, exit 65, before anything is written. A
 * version 1 file (before backups were signed) only with `--accept-unsigned`, said in a warning.
 * Exit 0 when restored, 1 when refused or failed, 64 for bad arguments, 65 for a signature refused,
 * 78 when there is no key to check the signature with.
 */
async function main(argv: string[], interruption: Interruption): Promise<number> {
  const args = commandLineOrExit(argv, USAGE, restoreArguments);
  const file = fromInvokingFolder(args.file);
  refuseUnlessRegularFile(file);
  const verifyKey = args.verifyKey === undefined ? undefined : givenVerifyKey(fromInvokingFolder(args.verifyKey));
  // Loaded once the arguments are read: --help and a mistake answer without a second of module loading.
  const { createLogger, loadConfigOrExit, openDatabase } = await import('@app/platform');
  const { MIGRATION_FOLDERS } = await import('../migration-folders');
  const { Client } = await import('pg');
  const config = loadConfigOrExit();
  if (config.eventStore === 'kurrentdb') {
    throw new RestoreRefused('npm run restore loads the PostgreSQL event store; unset EVENT_STORE=kurrentdb to restore into it.');
  }
  const trust = await backupTrust(config.tamperEvidence, verifyKey, args.acceptUnsigned);
  const header = await interruption.until(readBackupFile(file, trust));
  if (header.signedBy === null) {
    process.stderr.write(
      `Warning: ${file} is an unsigned backup (format version 1): restoring it as --accept-unsigned asks, ` +
        'with nothing to show it was not altered since it was written.\n',
    );
  }
  const before = embeddedTargetBefore(config);
  if (typeof before === 'object') throw new RestoreRefused(before.refusal);

  const logger = createLogger(config.logLevel, 'stderr');
  const opening = openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  let database: OpenDatabase | undefined;
  let client: Client | undefined;
  let committed = false;
  try {
    database = await interruption.until(opening);
    const connected = new Client({ connectionString: database.migrationUrl });
    client = connected;
    // The server going away between queries is an 'error' event: without a listener, a stack and
    // the process ended; the query that follows fails and says it.
    client.on('error', () => undefined);
    await interruption.until(
      (async () => {
        await connected.connect();
        await refuseUnlessEmpty(connected);
        await refuseNewerSchema(connected, header.lastMigration);
        await advanceTransactionIds(connected, header.maxTransactionId);
        await connected.query('BEGIN');
        await loadRows(connected, file, header, trust);
      })(),
    );
    // From here the outcome is PostgreSQL's: a signal no longer undoes anything.
    await client.query('COMMIT');
    committed = true;

    const total = BACKUP_TABLES.map(({ table }) => `${header.counts[table]} ${table}`).join(', ');
    process.stdout.write(`Restored ${total} from ${file} (taken ${header.createdAt}).\n`);
    // Restored whatever these find: a check that cannot run says so, and the exit stays 0.
    const { checkpointKeyAdvice, nextStep } = await import('./restore-advice');
    const warnings = [
      await warning('the checkpoint key', async () => checkpointKeyAdvice(header, config.tamperEvidence, file)),
      await warning('the master keys of the restored data keys', () =>
        restoredDataKeys(header) ? masterKeysNotConfigured(database!.migrationUrl, config.complainantKeys) : Promise.resolve(null),
      ),
    ];
    for (const line of [...warnings, nextStep(config)]) if (line) process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    // Interrupted, a statement may still run: ending the connection (below) rolls the transaction back.
    if (!(error instanceof Interrupted)) await client?.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client?.end().catch(() => undefined);
    // Interrupted while the embedded server was starting: it is stopped once started, not left running.
    await stopDatabase(opening, config);
    if (!committed) removeMadeDataDirectory(config, before);
  }
}

/** `<file> [--verify-key <file>] [--accept-unsigned]`. */
function restoreArguments(argv: string[]): { file: string; verifyKey?: string; acceptUnsigned: boolean } {
  refuseFlagValues(argv, ['verify-key']);
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'verify-key': { type: 'string' }, 'accept-unsigned': { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'name the file' : `one file only, not ${positionals.length}`);
  return { file: positionals[0], verifyKey: values['verify-key'], acceptUnsigned: values['accept-unsigned'] === true };
}

/** The public key `--verify-key` names (a PEM public key, or a private key whose public half is taken). */
function givenVerifyKey(file: string): { publicKey: KeyObject; keyId: string; file: string } {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageMistake(`--verify-key: no such file: ${file}`);
  const read = () => createPublicKey(fs.readFileSync(file));
  const keyId = keyIdOrNull(read);
  if (keyId === null) throw new UsageMistake(`--verify-key: ${file} is not an Ed25519 public key (PEM)`);
  return { publicKey: read(), keyId, file };
}

/**
 * The key a backup's signature must verify with: the one given with `--verify-key`, else the one this
 * installation verifies checkpoints with (AUDIT_VERIFY_KEY_FILE, else its signing key's public half);
 * none is generated here. Never the key in the file's header, which whoever altered it wrote.
 */
async function backupTrust(
  files: AppConfig['tamperEvidence'],
  given: ReturnType<typeof givenVerifyKey> | undefined,
  acceptUnsigned: boolean,
): Promise<BackupTrust> {
  if (given) return { key: given, source: `--verify-key ${given.file}`, acceptUnsigned };
  const { loadVerifyKey } = await import('@app/event-store');
  const key = loadVerifyKey(files, { generate: false });
  const source = files.verifyKeyFile
    ? `AUDIT_VERIFY_KEY_FILE ${files.verifyKeyFile}`
    : key
      ? `this installation's signing key, AUDIT_SIGNING_KEY_FILE ${files.signingKeyFile}`
      : `AUDIT_SIGNING_KEY_FILE ${files.signingKeyFile} is not there`;
  return { key, source, acceptUnsigned };
}

/** The file must be there and be a file: read twice (checked, then loaded), a pipe or a device cannot be. */
function refuseUnlessRegularFile(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new RestoreRefused(`No such file: ${file}`);
  if (stat.isDirectory())
    throw new UsageMistake(`${file} is a folder: name the backup file in it, e.g. ${file.replace(/\/$/, '')}/cases.ndjson`);
  if (!stat.isFile()) {
    throw new UsageMistake(
      `${file} is not a regular file: restore reads the file twice (checked whole, then loaded), so save the backup to a file first`,
    );
  }
}

async function refuseUnlessEmpty(client: Client): Promise<void> {
  const tables = BACKUP_TABLES.map(({ table }) => table);
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    if (rows[0].n > 0) found.push(`${rows[0].n} ${table}`);
  }
  if (found.length > 0) {
    throw new RestoreRefused(
      `Refusing to restore into a database that is not empty (it holds ${found.join(', ')}). ` +
        'Restore into a new database: a new EMBEDDED_PG_DIR for the embedded server, or an empty DATABASE_URL.',
    );
  }
}

/** A file from a database migrated further than this version knows would lose the columns it added. */
async function refuseNewerSchema(client: Client, lastMigration: string | null): Promise<void> {
  if (lastMigration === null) return;
  const { rows } = await client.query('SELECT 1 FROM pgmigrations WHERE name = $1', [lastMigration]);
  if (rows.length === 0) {
    throw new RestoreRefused(
      `The file was taken from a database migrated up to ${lastMigration}, which this version does not know: restore it with that version or a later one.`,
    );
  }
}

/**
 * Readers see an event only once its transaction id is below the snapshot's xmin, and new events
 * are numbered from the current transaction id (global_position = xid << 20). The restored events
 * keep their ids and positions (the signed checkpoints name positions), so this server's counter
 * must first move past the highest id in the file: else the restored events would stay invisible
 * and new ones would be numbered before them. A new cluster starts low; each committed transaction
 * that asks for an id spends one.
 */
async function advanceTransactionIds(client: Client, maxTransactionId: string | null): Promise<void> {
  if (maxTransactionId === null) return;
  const next = async () =>
    BigInt((await client.query<{ next: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next')).rows[0].next);
  let missing = BigInt(maxTransactionId) + 1n - (await next());
  if (missing <= 0n) return;
  process.stderr.write(
    `Moving the transaction counter forward by ${missing} past the file's highest transaction id ${maxTransactionId}…\n`,
  );
  await client.query('SET synchronous_commit = off');
  while (missing > 0n) {
    const count = Number(missing < BigInt(BURN_CHUNK) ? missing : BigInt(BURN_CHUNK));
    await client.query(`DO $$ BEGIN FOR i IN 1..${count} LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$`);
    missing = BigInt(maxTransactionId) + 1n - (await next());
  }
  await client.query('RESET synchronous_commit');
}

/** A warning after the restore, or what kept it from being checked: never a failure of the restore. */
async function warning(what: string, check: () => Promise<string | null>): Promise<string | null> {
  try {
    return await check();
  } catch (error) {
    return `Could not check ${what}: ${(error as Error)?.message ?? String(error)}`;
  }
}

function restoredDataKeys(header: BackupHeader): boolean {
  return (header.counts.complainant_data_keys ?? 0) + (header.counts.ledger_person_keys ?? 0) > 0;
}

/**
 * The restored data keys wrapped by master keys this installation does not have (as `complainant-keys
 * -- status` reports them; no key file is generated): after `rotate --forget-retired`, a backup
 * from before it holds data keys only the dropped key unwraps.
 */
async function masterKeysNotConfigured(url: string, keys: ComplainantKeysConfig): Promise<string | null> {
  const { masterKeyWarning } = await import('./restore-advice');
  await import('reflect-metadata');
  const { masterKeyCoverage } = await import('../../../api/src');
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  try {
    return masterKeyWarning(await masterKeyCoverage(pool, keys), keys);
  } finally {
    await pool.end();
  }
}

main(process.argv.slice(2), interruptOnSignals()).then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof Interrupted) {
      process.stderr.write(`Restore interrupted by ${error.signal}: nothing was restored.\n`);
      process.exit(error.exitCode);
    }
    if (error instanceof UsageMistake) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(64);
    }
    if (error instanceof BackupSignatureRefused) {
      process.stderr.write(`${error.message}. Nothing was restored.\n`);
      process.exit(error.noKey ? EXIT_CONFIG : EXIT_SIGNATURE);
    }
    if (error instanceof BackupFileRefused) {
      process.stderr.write(`${error.message}. Nothing was restored.\n`);
      process.exit(1);
    }
    const refused = error instanceof RestoreRefused;
    process.stderr.write(`${refused ? '' : 'Restore failed: '}${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
