import type { KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_TABLES,
  BodyDigest,
  UNSIGNED_BACKUP_FORMAT_VERSION,
  verifyBackupSignature,
  type BackupHeader,
  type BackupSignature,
  type BackupTrailer,
  type TableCounts,
} from './backup-file';

/** What is wrong with a backup file, in the file's terms (with its line number where one applies). */
export class BackupFileRefused extends Error {}

/**
 * The file's signature does not show it is as the holder of the trusted key wrote it: missing, made
 * with another key, or not verifying (altered after it was signed). `noKey`: nothing to verify it
 * with here (a configuration to fix, not the file).
 */
export class BackupSignatureRefused extends BackupFileRefused {
  constructor(
    message: string,
    readonly noKey = false,
  ) {
    super(message);
  }
}

/**
 * What a backup's signature is checked against: the public key of the checkpoint key this
 * installation trusts (its signing key's, AUDIT_VERIFY_KEY_FILE, or `--verify-key`), said as
 * `source` in messages; null when there is none. `acceptUnsigned`: a version 1 file, from before
 * backups were signed, is read without a signature (`--accept-unsigned`).
 */
export interface BackupTrust {
  key: { publicKey: KeyObject; keyId: string } | null;
  source: string;
  acceptUnsigned: boolean;
}

/** One row of the file: its table, its JSON text exactly as written, and where it is. */
export interface BackupRow {
  table: string;
  json: string;
  line: number;
}

/** The header as read, its line's text, and the key id that signed the file (null: unsigned, accepted). */
export type CheckedHeader = BackupHeader & { line: string; signedBy: string | null };

/**
 * Reads a backup file (format: backup-file.ts) to its end and checks everything that can be checked
 * without a database: the header, every row's form, the tables' order, each table's keys (a row
 * repeated), the trailer, the digest, the digest's signature against `trust` (BackupSignatureRefused),
 * and the counts of header, rows and trailer. Restore calls it
 * once before it touches any database, so that a damaged file is refused at once and leaves nothing
 * behind, then again with `onRow` to load the rows: the second reading is checked the same way, so a
 * file changed in between is not committed either. Throws BackupFileRefused.
 */
export async function readBackupFile(file: string, trust: BackupTrust, onRow?: (row: BackupRow) => Promise<void>): Promise<CheckedHeader> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    let header: (BackupHeader & { line: string }) | undefined;
    let trailer: BackupTrailer | undefined;
    /** A line that is no row nor trailer: a cut (the last line) or damage (one with lines after it). */
    let unreadable: { line: number; trailer: boolean } | undefined;
    const digest = new BodyDigest();
    const rows = new RowOrder(file);
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (unreadable) throw new BackupFileRefused(`${file} line ${unreadable.line} is not a backup row nor its trailer`);
      if (trailer) throw new BackupFileRefused(`${file} goes on after its trailer (line ${lineNumber}): not a backup file as written`);
      if (!header) {
        header = parseHeader(line, file);
        digest.add(line);
        continue;
      }
      if (line.startsWith('{"end":')) {
        const parsed = parseTrailer(line);
        if (parsed === null) unreadable = { line: lineNumber, trailer: true };
        else if (typeof parsed === 'string')
          throw new BackupFileRefused(`${file}'s trailer (line ${lineNumber}) ${parsed}: it was changed or damaged`);
        else trailer = parsed;
        continue;
      }
      const row = rowOf(line, lineNumber);
      if (!row) {
        unreadable = { line: lineNumber, trailer: false };
        continue;
      }
      rows.check(row);
      digest.add(line);
      if (onRow) await onRow(row);
    }
    if (!header) throw new BackupFileRefused(`${file} is empty: not a backup file`);
    if (unreadable) {
      const inside = unreadable.trailer ? `its trailer (line ${unreadable.line})` : `line ${unreadable.line}, a row not whole`;
      throw new BackupFileRefused(`${file} ends inside ${inside}: it was cut short`);
    }
    if (!trailer) throw new BackupFileRefused(`${file} ends without its trailer line: it was cut short`);
    if (trailer.sha256 !== digest.hex()) throw new BackupFileRefused(`${file} does not match its digest: it was changed or damaged`);
    const signedBy = checkSignature(file, header.version, trailer, trust);
    for (const { table } of BACKUP_TABLES) {
      const [inHeader, inTrailer, found] = [header.counts[table], trailer.counts[table], rows.count(table)];
      if (found !== inHeader) {
        throw new BackupFileRefused(`${file} holds ${found} rows of ${table} but its header says ${inHeader}: it was changed or damaged`);
      }
      if (inTrailer !== inHeader) {
        throw new BackupFileRefused(
          `${file}'s trailer (line ${lineNumber}) says ${inTrailer} rows of ${table} but its header and its rows ${inHeader}: it was changed or damaged`,
        );
      }
    }
    return { ...header, signedBy };
  } finally {
    lines.close();
  }
}

/**
 * The key id that signed the file, once its signature verifies with the trusted key; null for a
 * version 1 file read with `acceptUnsigned`. The digest alone shows only accidents: whoever alters
 * the file can recompute it. A version 2 file is never read unsigned (its signature stripped is
 * alteration), and a version 1 file only on request: anyone could turn a signed file into one.
 */
function checkSignature(file: string, version: number, trailer: BackupTrailer, trust: BackupTrust): string | null {
  if (version === UNSIGNED_BACKUP_FORMAT_VERSION) {
    if (trust.acceptUnsigned) return null;
    throw new BackupSignatureRefused(
      `${file} is an unsigned backup (format version 1, written before backups were signed): nothing shows it was not altered since. ` +
        'If it is a file you kept safe from alteration, restore it with --accept-unsigned',
    );
  }
  const signature = trailer.signature;
  if (!isSignature(signature)) {
    throw new BackupSignatureRefused(`${file} carries no valid signature in its trailer: it was changed, or not written by npm run backup`);
  }
  if (!trust.key) {
    throw new BackupSignatureRefused(
      `${file} is signed with checkpoint key ${signature.keyId}, and there is no checkpoint key here to verify it with ` +
        `(${trust.source}): set AUDIT_SIGNING_KEY_FILE to a copy of the source's signing key, or give its public key with --verify-key <file>`,
      true,
    );
  }
  if (signature.keyId !== trust.key.keyId) {
    throw new BackupSignatureRefused(
      `${file} is signed with checkpoint key ${signature.keyId}, not with key ${trust.key.keyId} (${trust.source}): ` +
        `if ${signature.keyId} is a key you trust (the source installation's, or one replaced since), set AUDIT_SIGNING_KEY_FILE ` +
        'to a copy of its private key, or give its public key with --verify-key <file>, ' +
        "from your own copy: the key in the file's header proves nothing, whoever altered the file could have put theirs there",
    );
  }
  if (!verifyBackupSignature(trailer.sha256, signature, trust.key)) {
    throw new BackupSignatureRefused(`${file}'s signature does not verify with key ${trust.key.keyId}: it was altered after it was signed`);
  }
  return signature.keyId;
}

function isSignature(value: unknown): value is BackupSignature {
  const signature = value as BackupSignature | undefined;
  return (
    typeof signature === 'object' &&
    signature !== null &&
    signature.algorithm === 'Ed25519' &&
    typeof signature.keyId === 'string' &&
    typeof signature.value === 'string'
  );
}

function parseHeader(line: string, file: string): BackupHeader & { line: string } {
  let header: BackupHeader;
  try {
    header = JSON.parse(line) as BackupHeader;
  } catch {
    throw new BackupFileRefused(`${file} is not a backup file: its first line is not a header`);
  }
  if (header?.format !== BACKUP_FORMAT) throw new BackupFileRefused(`${file} is not a backup file (no "${BACKUP_FORMAT}" header)`);
  if (header.version !== BACKUP_FORMAT_VERSION && header.version !== UNSIGNED_BACKUP_FORMAT_VERSION) {
    throw new BackupFileRefused(
      `${file} is format version ${header.version}; this version reads versions ${UNSIGNED_BACKUP_FORMAT_VERSION} and ${BACKUP_FORMAT_VERSION}`,
    );
  }
  const damaged = (what: string) => new BackupFileRefused(`${file}'s header (line 1) ${what}: it was changed or damaged`);
  const counts = countsFault(header.counts);
  if (counts) throw damaged(counts);
  // Absent (a file of an earlier version 1) reads as null: no transaction id to pass, no schema to compare.
  const { maxTransactionId = null, lastMigration = null } = header;
  if (maxTransactionId !== null && !/^\d+$/.test(String(maxTransactionId))) throw damaged('has no valid highest transaction id');
  if (lastMigration !== null && typeof lastMigration !== 'string') throw damaged('has no valid last migration');
  return { ...header, maxTransactionId, lastMigration, line };
}

/** The trailer; what is wrong with it; or null when it is not JSON at all (cut inside it). */
function parseTrailer(line: string): BackupTrailer | string | null {
  let trailer: BackupTrailer;
  try {
    trailer = JSON.parse(line) as BackupTrailer;
  } catch {
    return null;
  }
  if (trailer?.end !== true) return 'does not say "end": true';
  return countsFault(trailer.counts) ?? (/^[0-9a-f]{64}$/.test(String(trailer.sha256)) ? trailer : 'has no SHA-256 digest');
}

/** What is wrong with a header's or trailer's row counts, or null when there is one for every table. */
function countsFault(counts: unknown): string | null {
  if (typeof counts !== 'object' || counts === null) return 'has no "counts"';
  const missing = BACKUP_TABLES.find(({ table }) => {
    const n = (counts as TableCounts)[table];
    return !Number.isSafeInteger(n) || n < 0;
  });
  return missing ? `has no count of ${missing.table} rows` : null;
}

/** The table and the row's JSON text exactly as written (no round trip through JavaScript numbers). */
function rowOf(line: string, lineNumber: number): (BackupRow & { row: Record<string, unknown> }) | null {
  for (const { table } of BACKUP_TABLES) {
    const prefix = `{"table":${JSON.stringify(table)},"row":`;
    if (line.startsWith(prefix) && line.endsWith('}')) {
      const json = line.slice(prefix.length, -1);
      let row: unknown;
      try {
        row = JSON.parse(json);
      } catch {
        return null;
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) return null;
      return { table, json, line: lineNumber, row: row as Record<string, unknown> };
    }
  }
  return null;
}

/**
 * A backup writes the tables in the order of BACKUP_TABLES and each table's rows in key order: a row
 * out of that order, or one repeating its predecessor's key, was not written by a backup (a line
 * copied, tables spliced). Caught here with the line number, rather than by the database after the
 * rows before it were loaded. Only the previous row's key is kept: memory stays flat.
 */
class RowOrder {
  private readonly counts = new Map<string, number>();
  private previous: { table: string; tableIndex: number; key: unknown; line: number } | undefined;

  constructor(private readonly file: string) {}

  count(table: string): number {
    return this.counts.get(table) ?? 0;
  }

  check({ table, row, line }: BackupRow & { row: Record<string, unknown> }): void {
    const spec = BACKUP_TABLES.find((candidate) => candidate.table === table)!;
    const tableIndex = BACKUP_TABLES.indexOf(spec);
    const key = row[spec.key];
    const at = `${this.file} line ${line}`;
    if (key === undefined || key === null) throw new BackupFileRefused(`${at}: the ${table} row has no ${spec.key}`);
    const bigint = spec.bigints.includes(spec.key);
    if (bigint && !(typeof key === 'string' && /^-?\d+$/.test(key))) {
      throw new BackupFileRefused(`${at}: the ${table} row's ${spec.key} is not a whole number as a string`);
    }
    const previous = this.previous;
    if (previous && tableIndex < previous.tableIndex) {
      throw new BackupFileRefused(`${at}: a row of ${table} after the rows of ${previous.table}, not in the order a backup writes them`);
    }
    if (previous?.table === table) {
      if (JSON.stringify(previous.key) === JSON.stringify(key)) {
        throw new BackupFileRefused(`${at} repeats the ${table} row of line ${previous.line} (${spec.key} ${JSON.stringify(key)})`);
      }
      if (bigint && BigInt(key as string) < BigInt(previous.key as string)) {
        throw new BackupFileRefused(
          `${at}: ${table} ${spec.key} ${key as string} after ${previous.key as string}, not in the order a backup writes them`,
        );
      }
    }
    this.previous = { table, tableIndex, key, line };
    this.counts.set(table, this.count(table) + 1);
  }
}
