import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { Client } from 'pg';
import { loadVerifyKey } from '@app/event-store';
import { commandLineOrExit, oneFileArgument, createLogger, loadConfigOrExit, openDatabase } from '@app/platform';
import { MIGRATION_FOLDERS } from '../migration-folders';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_TABLES,
  BodyDigest,
  type BackupHeader,
  type BackupTrailer,
  type TableCounts,
} from './backup-file';

const USAGE = 'usage: npm run restore -- <file>';
/** Rows per INSERT: memory stays flat whatever the size of the file. */
const BATCH_ROWS = 500;
/** Transaction ids spent per statement while moving the server's counter forward (see advanceTransactionIds). */
const BURN_CHUNK = 50_000;

/** A problem with the file or the target that the operator must fix: exit 1 with this message alone. */
class RestoreRefused extends Error {}

/**
 * `npm run restore -- <file>`: loads a file of `npm run backup` into an empty database, opened as
 * `npm start` does (the embedded server by default, or DATABASE_URL), after the migrations, as the
 * owner of the log (DATABASE_MIGRATION_URL when set). Refuses a database that holds any event,
 * checkpoint or complainant. Everything is loaded in one transaction that commits only once the
 * trailer's counts and digest match what was read: a truncated or altered file leaves the database
 * empty. Read models, projection checkpoints and scheduled deadlines are not in the file: the
 * projector rebuilds them from the log at the next start (or `npm run projections -- rebuild all`).
 * Exit 0 when restored, 1 when refused or failed, 64 for bad arguments.
 */
async function main(argv: string[]): Promise<number> {
  const file = commandLineOrExit(argv, USAGE, oneFileArgument);
  if (!fs.existsSync(file)) throw new RestoreRefused(`No such file: ${file}`);
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const reader = lines[Symbol.asyncIterator]();
  const header = parseHeader((await reader.next()).value as string | undefined, file);

  const config = loadConfigOrExit();
  if (config.eventStore === 'kurrentdb') {
    throw new RestoreRefused('npm run restore loads the PostgreSQL event store; unset EVENT_STORE=kurrentdb to restore into it.');
  }
  const logger = createLogger(config.logLevel, 'stderr');
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  const client = new Client({ connectionString: database.migrationUrl });
  try {
    await client.connect();
    await refuseUnlessEmpty(client);
    await refuseNewerSchema(client, header.lastMigration);
    await advanceTransactionIds(client, header.maxTransactionId);

    await client.query('BEGIN');
    const digest = new BodyDigest();
    digest.add(header.line);
    const seen: TableCounts = Object.fromEntries(BACKUP_TABLES.map(({ table }) => [table, 0]));
    const batch: { table: string; rows: string[] } = { table: '', rows: [] };
    const flush = async () => {
      if (batch.rows.length === 0) return;
      // jsonb_populate_recordset reads each value with the column type's own input: bigints from
      // their strings, bytea from `\x…`, timestamps to the microsecond.
      await client.query(`INSERT INTO ${batch.table} SELECT * FROM jsonb_populate_recordset(NULL::${batch.table}, $1::jsonb)`, [
        `[${batch.rows.join(',')}]`,
      ]);
      batch.rows = [];
    };
    let trailer: BackupTrailer | null = null;
    let lineNumber = 1;
    for (let next = await reader.next(); !next.done; next = await reader.next()) {
      const line = next.value as string;
      lineNumber++;
      if (trailer) throw new RestoreRefused(`${file} goes on after its trailer (line ${lineNumber}): not a backup file as written`);
      if (line.startsWith('{"end":')) {
        trailer = JSON.parse(line) as BackupTrailer;
        continue;
      }
      const row = rowOf(line);
      if (!row) throw new RestoreRefused(`${file} line ${lineNumber} is not a backup row`);
      digest.add(line);
      seen[row.table]++;
      if (batch.table !== row.table) {
        await flush();
        batch.table = row.table;
      }
      batch.rows.push(row.json);
      if (batch.rows.length >= BATCH_ROWS) await flush();
    }
    await flush();

    if (!trailer) throw new RestoreRefused(`${file} ends without its trailer line: it was cut short. Nothing was restored.`);
    if (trailer.sha256 !== digest.hex())
      throw new RestoreRefused(`${file} does not match its digest: it was changed or damaged. Nothing was restored.`);
    for (const { table } of BACKUP_TABLES) {
      if (seen[table] !== header.counts[table] || trailer.counts[table] !== header.counts[table]) {
        throw new RestoreRefused(
          `${file} holds ${seen[table]} rows of ${table}, its header says ${header.counts[table]}: nothing was restored.`,
        );
      }
    }
    await client.query('COMMIT');

    const total = BACKUP_TABLES.map(({ table }) => `${seen[table]} ${table}`).join(', ');
    process.stdout.write(`Restored ${total} from ${file} (taken ${header.createdAt}).\n`);
    warnAboutCheckpointKey(header, config.tamperEvidence, file);
    process.stdout.write('Next: `npm run audit -- verify`; the read models are rebuilt from the log at the next start.\n');
    return 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    lines.close();
    await client.end().catch(() => undefined);
    await database.stop();
  }
}

function parseHeader(line: string | undefined, file: string): BackupHeader & { line: string } {
  let header: BackupHeader;
  try {
    header = JSON.parse(line ?? '') as BackupHeader;
  } catch {
    throw new RestoreRefused(`${file} is not a backup file: its first line is not a header`);
  }
  if (header?.format !== BACKUP_FORMAT) throw new RestoreRefused(`${file} is not a backup file (no "${BACKUP_FORMAT}" header)`);
  if (header.version !== BACKUP_FORMAT_VERSION) {
    throw new RestoreRefused(`${file} is format version ${header.version}; this version reads version ${BACKUP_FORMAT_VERSION}`);
  }
  return { ...header, line: line! };
}

/** The table and the row's JSON text exactly as written (no round trip through JavaScript numbers). */
function rowOf(line: string): { table: string; json: string } | null {
  for (const { table } of BACKUP_TABLES) {
    const prefix = `{"table":${JSON.stringify(table)},"row":`;
    if (line.startsWith(prefix) && line.endsWith('}')) {
      const json = line.slice(prefix.length, -1);
      try {
        JSON.parse(json);
      } catch {
        return null;
      }
      return { table, json };
    }
  }
  return null;
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

function warnAboutCheckpointKey(header: BackupHeader, files: Parameters<typeof loadVerifyKey>[0], file: string): void {
  if (!header.checkpointKey) return;
  const here = loadVerifyKey(files, { generate: false });
  if (here?.keyId === header.checkpointKey.keyId) return;
  process.stdout.write(
    `The checkpoints were signed with key ${header.checkpointKey.keyId}; this installation's is ${here?.keyId ?? 'none'}. ` +
      'Verification fails until AUDIT_VERIFY_KEY_FILE names that key (its PEM is in the header: ' +
      `head -1 ${file} | node -e "process.stdout.write(JSON.parse(require('fs').readFileSync(0)).checkpointKey.pem)" > checkpoint-key.pem), ` +
      'or AUDIT_SIGNING_KEY_FILE the private key that signed them.\n',
  );
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    const refused = error instanceof RestoreRefused;
    process.stderr.write(`${refused ? '' : 'Restore failed: '}${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
