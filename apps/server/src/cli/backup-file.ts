import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@app/event-store/integrity/canonical-json';

/**
 * The backup file (`npm run backup` / `npm run restore`): NDJSON, one JSON value per line, UTF-8.
 *
 *   line 1      the header: format name and version, when and from what it was taken, the row count
 *               of every table, the last migration applied, the highest transaction id in the log,
 *               the checkpoint public key
 *   lines 2…    one row each: `{"table":"events","row":{…}}`, tables in the order of BACKUP_TABLES,
 *               each table's rows in its key order (the log in global position order)
 *   last line   the trailer: `{"end":true,"counts":{…},"sha256":"…","signature":{…}}`, the counts
 *               again, the SHA-256 of every byte before it (a file cut short, or changed by
 *               accident, is refused) and, from version 2, an Ed25519 signature of that digest by
 *               the checkpoint signing key (AUDIT_SIGNING_KEY_FILE), with the key's id: anyone who
 *               can change the file can recompute a digest, only the key's holder can sign one, so
 *               restore refuses a file altered on purpose (backupStatement, verifyBackupSignature)
 *
 * Rows are the tables' own columns as PostgreSQL's to_jsonb writes them, with bigints as strings
 * (JSON numbers lose digits past 2^53) and bytea as `\x…` hex; restore reads them back with
 * jsonb_populate_record, so each value comes back exactly as it was stored. Rows are never parsed
 * into JavaScript numbers on the way.
 */
export const BACKUP_FORMAT = 'complaint-cases-backup';
/** 2: the trailer is signed. 1 (before): unsigned, restored only with `--accept-unsigned`. */
export const BACKUP_FORMAT_VERSION = 2;
/** The versions restore reads: 1 only as an unsigned file, accepted on request. */
export const UNSIGNED_BACKUP_FORMAT_VERSION = 1;

/**
 * What cannot be rebuilt from anything else: the log and its chain (events, with global_position,
 * transaction_id, recorded_at and hash), the signed checkpoints, and the complainant store (sealed
 * identities, wrapped data keys, query codes) and the ledger's people store (who raised a finding): kept
 * outside the log so they can be shredded. Read
 * models, projection checkpoints and scheduled deadlines are rebuilt from the log; a stream's
 * version and head hash are its last event's. Key: the order rows are written and read back in.
 */
export const BACKUP_TABLES: ReadonlyArray<{ table: string; key: string; bigints: readonly string[] }> = [
  { table: 'events', key: 'global_position', bigints: ['global_position', 'stream_version', 'transaction_id'] },
  { table: 'audit_checkpoints', key: 'sequence', bigints: ['sequence'] },
  { table: 'complainant_identities', key: 'ref', bigints: [] },
  { table: 'complainant_data_keys', key: 'ref', bigints: [] },
  { table: 'case_query_codes', key: 'case_id', bigints: [] },
  { table: 'ledger_people', key: 'ref', bigints: [] },
  { table: 'ledger_person_keys', key: 'ref', bigints: [] },
];

export type TableCounts = Record<string, number>;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The PostgreSQL server the backup was read from (`SHOW server_version`). */
  serverVersion: string;
  counts: TableCounts;
  /**
   * The last migration the source had applied (by name, i.e. by its numeric prefix): a file from a
   * schema newer than the restoring version's is refused, rather than losing columns it does not know.
   */
  lastMigration: string | null;
  /** The highest transaction id (xid8) of any event, decimal; null for an empty log. */
  maxTransactionId: string | null;
  /** The key the checkpoints verify with (null when none is configured): keyId and SPKI PEM. */
  checkpointKey: { keyId: string; pem: string } | null;
}

export interface BackupTrailer {
  end: true;
  counts: TableCounts;
  /** SHA-256 (hex) of every byte of the file before this line. */
  sha256: string;
  /** From version 2: the digest signed with the checkpoint signing key. */
  signature?: BackupSignature;
}

export interface BackupSignature {
  algorithm: 'Ed25519';
  /** RFC 7638 JWK thumbprint of the signing key's public key, as checkpoints name it. */
  keyId: string;
  /** Ed25519 signature (base64url) of backupStatement's UTF-8 bytes. */
  value: string;
}

/**
 * What a backup's signature signs: the digest of every line before the trailer (the header, so its
 * counts, version and checkpoint key, and every row), with the format and the key's id, as RFC 8785
 * JSON. Its members are none of a checkpoint statement's (sequence, previous, heads…), so the one key
 * signing both cannot have a checkpoint's signature taken for a backup's, or the reverse.
 */
export function backupStatement(sha256: string, keyId: string): string {
  return canonicalJson({ format: BACKUP_FORMAT, version: BACKUP_FORMAT_VERSION, sha256, keyId });
}

/** The trailer's signature of `sha256` with the checkpoint signing key. */
export function signBackup(sha256: string, key: { privateKey: KeyObject; keyId: string }): BackupSignature {
  const value = sign(null, Buffer.from(backupStatement(sha256, key.keyId), 'utf8'), key.privateKey).toString('base64url');
  return { algorithm: 'Ed25519', keyId: key.keyId, value };
}

/** Whether `signature` is `key`'s of `sha256` (the key id it names must be the key's). */
export function verifyBackupSignature(sha256: string, signature: BackupSignature, key: { publicKey: KeyObject; keyId: string }): boolean {
  if (signature.keyId !== key.keyId) return false;
  try {
    return verify(null, Buffer.from(backupStatement(sha256, key.keyId), 'utf8'), key.publicKey, Buffer.from(signature.value, 'base64url'));
  } catch {
    return false;
  }
}

export interface BackupRowLine {
  table: string;
  row: unknown;
}

/** Hashes the lines as they are written or read, to compare with the trailer's. */
export class BodyDigest {
  private readonly hash = createHash('sha256');
  add(line: string): void {
    this.hash.update(line, 'utf8');
    this.hash.update('\n');
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}

/** The SELECT that writes a table's rows as backup rows (bigints as strings), in key order. */
export function selectRowsSql(spec: (typeof BACKUP_TABLES)[number]): string {
  const asText = spec.bigints.map((column) => `'${column}', t.${column}::text`).join(', ');
  const row = asText ? `to_jsonb(t) || jsonb_build_object(${asText})` : 'to_jsonb(t)';
  return `SELECT (${row})::text AS row FROM ${spec.table} t ORDER BY t.${spec.key}`;
}
