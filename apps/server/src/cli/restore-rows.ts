import type { Client } from 'pg';
import { BackupFileRefused, readBackupFile, type BackupRow, type BackupTrust, type CheckedHeader } from './backup-reader';

/** Rows per INSERT: memory stays flat whatever the size of the file. */
const BATCH_ROWS = 500;

/**
 * Loads the file's rows, read a second time and checked again as they go (a file changed since the
 * first reading is refused, its signature checked again), inside the caller's transaction. A batch PostgreSQL refuses for its
 * data (a bad timestamp, a key already loaded) is tried again row by row, back to a savepoint, to
 * name the line: the error alone says neither the line nor the row.
 */
export async function loadRows(client: Client, file: string, checked: CheckedHeader, trust: BackupTrust): Promise<void> {
  let batch: BackupRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query('SAVEPOINT batch');
    try {
      await insert(client, batch);
      await client.query('RELEASE SAVEPOINT batch');
    } catch (error) {
      if (!refusesData(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT batch');
      for (const row of batch) {
        await insert(client, [row]).catch((rowError: unknown) => {
          throw refusesData(rowError) ? rowRefusal(file, row, rowError) : rowError;
        });
      }
      throw error;
    }
    batch = [];
  };
  const header = await readBackupFile(file, trust, async (row) => {
    if (batch.length >= BATCH_ROWS || (batch.length > 0 && batch[0].table !== row.table)) await flush();
    batch.push(row);
  });
  await flush();
  if (header.line !== checked.line) throw new BackupFileRefused(`${file} was replaced while it was being restored`);
}

/**
 * jsonb_populate_recordset reads each value with the column type's own input: bigints from their
 * strings, bytea from `\x…`, timestamps to the microsecond.
 */
async function insert(client: Client, rows: BackupRow[]): Promise<void> {
  const table = rows[0].table;
  await client.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [
    `[${rows.map((row) => row.json).join(',')}]`,
  ]);
}

/** A data exception (class 22) or an integrity constraint violation (class 23): the rows' fault, not the server's. */
function refusesData(error: unknown): error is Error & { code: string; detail?: string } {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

function rowRefusal(file: string, row: BackupRow, error: Error & { code: string; detail?: string }): BackupFileRefused {
  const detail = error.detail ? ` (${error.detail.replace(/\.$/, '')})` : '';
  const what =
    error.code === '23505' ? `repeats a row of ${row.table} loaded before it` : `holds a row of ${row.table} that PostgreSQL refuses`;
  return new BackupFileRefused(`${file} line ${row.line} ${what}: ${error.message}${detail}`);
}
