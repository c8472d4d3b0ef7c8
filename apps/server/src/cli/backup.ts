import * as fs from 'node:fs';
import { once } from 'node:events';
import type { Client } from 'pg';
import type { CheckpointSigningKey, loadVerifyKey } from '@app/event-store';
import type { AppConfig, OpenDatabase } from '@app/platform';
import { commandLineOrExit, oneFileArgument } from '@app/platform/command-line';
import { interruptOnSignals, Interrupted, type Interruption } from '@app/platform/signal-interruption';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_TABLES,
  BodyDigest,
  selectRowsSql,
  signBackup,
  type BackupHeader,
  type BackupTrailer,
  type TableCounts,
} from './backup-file';
import { backupTargetRefusal } from './backup-target';
import { stopDatabase } from './interruption';
import { fromInvokingFolder } from './invoking-folder';

const USAGE = 'usage: npm run backup -- <file>';
/** Rows fetched per round trip from the cursor: memory stays flat whatever the size of the log. */
const FETCH_ROWS = 1_000;

/**
 * `npm run backup -- <file>`: writes the event log, with all that verifies it, and the complainant
 * store to `<file>` (format: backup-file.ts), opening the database as `npm start` does (the embedded
 * server by default, or DATABASE_URL). Everything is read in one REPEATABLE READ transaction, so the
 * file is one consistent moment even while the system runs; rows are streamed through a cursor and
 * written as they come. The file appears under its name only once complete (written to
 * `<file>.partial`, then renamed); a name that is not a regular file is refused (backup-target.ts).
 * The trailer's digest is signed with the checkpoint signing key (AUDIT_SIGNING_KEY_FILE, read as the
 * projector reads it; never generated here), so that restore can tell a file altered on purpose, its
 * digest recomputed, from the one written here: without that key the backup is refused, exit 78.
 * Ctrl-C or SIGTERM removes the `.partial` and exits 130 or 143. Exit 0 when written, 1 on failure,
 * 64 for bad arguments, 78 without a signing key.
 */
async function main(argv: string[], interruption: Interruption): Promise<number> {
  // Relative to the folder npm was run in (it runs the script in the project's): the messages name it whole.
  const file = fromInvokingFolder(commandLineOrExit(argv, USAGE, oneFileArgument));
  // Loaded once the arguments are read: --help and a mistake answer without a second of module loading.
  const { createLogger, loadConfigOrExit, openDatabase } = await import('@app/platform');
  const { MIGRATION_FOLDERS } = await import('../migration-folders');
  const { Client } = await import('pg');
  const config = loadConfigOrExit();
  if (config.eventStore === 'kurrentdb') {
    process.stderr.write(
      'npm run backup reads the PostgreSQL event store; with EVENT_STORE=kurrentdb back up KurrentDB with its own tools.\n',
    );
    return 1;
  }
  const refusal = backupTargetRefusal(file);
  if (refusal) {
    process.stderr.write(`${refusal}\n${USAGE}\n`);
    return 64;
  }
  const signingKey = await backupSigningKey(config);
  if (typeof signingKey === 'string') {
    process.stderr.write(`${signingKey}\n`);
    return 78;
  }
  const partial = `${file}.partial`;
  // The log of complaints about officials, the sealed identities and their wrapped keys: readable by
  // the owner only, as the keys in ./.data are. A partial file left by a backup that died goes first;
  // 'wx' then makes a new file or fails, so the mode is ours and no link planted there is followed.
  // Opened before the database, so that a folder that is not there fails at once.
  if (fs.lstatSync(partial, { throwIfNoEntry: false })?.isFile()) fs.rmSync(partial);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(partial, 'wx', 0o600);
  } catch (error) {
    process.stderr.write(`Backup failed: cannot write ${partial}: ${(error as Error).message}\n`);
    return 1;
  }
  const out = handle.createWriteStream({ encoding: 'utf8' });
  // A write that fails later (the disk full) rejects the wait for 'drain' or 'finish' below; kept
  // here too, so that it is never an unhandled 'error' event, which would end the process at once.
  let writeError: Error | undefined;
  out.on('error', (error) => (writeError ??= error));
  const digest = new BodyDigest();
  const write = async (line: string) => {
    if (writeError) throw writeError;
    digest.add(line);
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };

  const logger = createLogger(config.logLevel, 'stderr');
  const opening = openDatabase(config, logger, { migrations: MIGRATION_FOLDERS, existing: true });
  let database: OpenDatabase | undefined;
  let client: Client | undefined;
  try {
    database = await interruption.until(opening);
    client = new Client({ connectionString: database.migrationUrl });
    // The server going away between queries (stopped, restarted) is an 'error' event: without a
    // listener it would end the process with a stack; the query that follows fails and says it.
    client.on('error', () => undefined);
    const { counts, key } = await interruption.until(writeRows(client, config, write));
    const sha256 = digest.hex();
    const trailer: BackupTrailer = { end: true, counts, sha256, signature: signBackup(sha256, signingKey) };
    out.end(`${JSON.stringify(trailer)}\n`);
    await interruption.until(once(out, 'finish'));
    if (writeError) throw writeError;
    // Checked again just before the rename: a link or device put there meanwhile is not replaced.
    const late = backupTargetRefusal(file);
    if (late) throw new Error(late);
    fs.renameSync(partial, file);
    const total = Object.entries(counts)
      .map(([table, n]) => `${n} ${table}`)
      .join(', ');
    process.stdout.write(`Backed up ${total} to ${file}.\n`);
    process.stdout.write(`Signed with checkpoint key ${signingKey.keyId}: restore checks the file with its public key.\n`);
    if (!key) process.stdout.write('No checkpoint key is configured: the file carries none to verify its checkpoints with.\n');
    return 0;
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    if (!(error instanceof Interrupted)) throw error;
    process.stderr.write(`Backup interrupted by ${error.signal}: ${file} was not written, and ${partial} is removed.\n`);
    return error.exitCode;
  } finally {
    // Interrupted while a query runs: ending the connection ends the transaction (it only read).
    await client?.end().catch(() => undefined);
    // Interrupted while the embedded server was starting: it is stopped once started, not left running.
    await stopDatabase(opening, config);
  }
}

/**
 * The key that signs the backup: the checkpoint signing key, which only the installation holds. Not
 * generated when missing (the development default, before the first start): a key made here would
 * sign nothing else, and restore would find it nowhere. A message (exit 78) when there is none.
 */
async function backupSigningKey(config: AppConfig): Promise<CheckpointSigningKey | string> {
  const { signingKeyFile } = config.tamperEvidence;
  if (!fs.existsSync(signingKeyFile)) {
    return (
      `Configuration error: AUDIT_SIGNING_KEY_FILE: no such file: ${signingKeyFile}. A backup is signed with the checkpoint signing key: ` +
      'run it where the server that signs checkpoints runs, with its AUDIT_SIGNING_KEY_FILE (the default key is made at its first start)'
    );
  }
  const { loadSigningKey } = await import('@app/event-store');
  return loadSigningKey({ ...config.tamperEvidence, generateIfMissing: false });
}

/** Reads every table in one snapshot and writes the header and the rows; answers the counts and the checkpoint key. */
async function writeRows(
  client: Client,
  config: AppConfig,
  write: (line: string) => Promise<void>,
): Promise<{ counts: TableCounts; key: ReturnType<typeof loadVerifyKey> }> {
  const { loadVerifyKey, publishedKey } = await import('@app/event-store');
  await client.connect();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const counts: TableCounts = {};
  for (const { table } of BACKUP_TABLES) {
    counts[table] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  }
  const { rows } = await client.query<{ max: string | null; version: string }>(
    'SELECT max(transaction_id)::text AS max, current_setting($1) AS version FROM events',
    ['server_version'],
  );
  const migration = await client.query<{ name: string | null }>('SELECT max(name) AS name FROM pgmigrations');
  const key = loadVerifyKey(config.tamperEvidence, { generate: false });
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    serverVersion: rows[0].version,
    counts,
    lastMigration: migration.rows[0].name,
    maxTransactionId: rows[0].max,
    checkpointKey: key && { keyId: key.keyId, pem: publishedKey(key).pem },
  };
  await write(JSON.stringify(header));

  for (const spec of BACKUP_TABLES) {
    await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR ${selectRowsSql(spec)}`);
    for (;;) {
      const page = await client.query<{ row: string }>(`FETCH ${FETCH_ROWS} FROM backup_rows`);
      // The row is already JSON text: embedded as is, never parsed into JavaScript numbers.
      for (const { row } of page.rows) await write(`{"table":${JSON.stringify(spec.table)},"row":${row}}`);
      if (page.rows.length < FETCH_ROWS) break;
    }
    await client.query('CLOSE backup_rows');
  }
  await client.query('COMMIT');
  return { counts, key };
}

main(process.argv.slice(2), interruptOnSignals()).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`Backup failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
