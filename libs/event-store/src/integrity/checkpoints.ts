import { verify } from 'node:crypto';
import type { Pool } from 'pg';
import type { CheckpointPublicKey } from './checkpoint-key';
import { sha256Hex } from './event-hash';
import { quoted } from './quoted';

/**
 * Signed checkpoints (docs/architecture.md#the-event-store). The hash chain shows that no event of
 * a stream was changed or removed *between* two others; it cannot show that a stream's last events,
 * or a whole stream, are gone, nor that someone rewrote a chain from some event on. So every few
 * minutes the projector signs, with an Ed25519 key the database never sees, the head (version and
 * hash) of each stream changed since the previous checkpoint, and the hash of that previous
 * checkpoint. The verifier then expects every signed head in the log, with the signed hash.
 */

/** What a checkpoint says; signed as its RFC 8785 JSON. */
export interface CheckpointStatement {
  /** 1, 2, 3, …: a missing checkpoint shows as a gap. */
  sequence: number;
  /** SHA-256 (hex) of the previous checkpoint's statement text; null for the first. */
  previous: string | null;
  /** The global position up to which (inclusive) the log was read; a decimal string. */
  upToPosition: string;
  /** The last event, up to upToPosition, of every stream that changed since the previous checkpoint. */
  heads: SignedHead[];
  signedAt: string;
  /** Which key signed (JWK thumbprint, checkpoint-key.ts). */
  keyId: string;
}

export interface SignedHead {
  streamId: string;
  version: number;
  /** null only for KurrentDB events from before the chain. */
  hash: string | null;
}

/** A checkpoint as stored: the exact text signed and its signature. */
export interface SignedCheckpoint {
  sequence: number;
  /** The statement; '' for a row whose statement is larger than any checkpoint (then `statementHash` is set). */
  statement: string;
  /** Ed25519 signature of the statement's UTF-8 bytes, base64url. */
  signature: string;
  /**
   * Set only for a row whose statement is over MAX_STATEMENT_BYTES, never loaded: its statement's
   * SHA-256 (hex), computed by the database, so the next checkpoint can still link to it.
   */
  statementHash?: string;
}

/**
 * No checkpoint's statement is larger: the signer stops adding heads before it (sign-checkpoints.ts;
 * 5,000 heads of this application's stream ids come to about 0.7 MB). A row over it is one the key
 * never signed, read without its statement (the application's role may plant a 24 MB one, which
 * health and the signer would otherwise parse on every probe and round).
 */
export const MAX_STATEMENT_BYTES = 2 * 1024 * 1024;
/** A signature is 86 characters (Ed25519, base64url); anything much longer is not one and is not loaded. */
const MAX_SIGNATURE_CHARS = 1024;

/** The columns of a row, its statement and signature loaded only when no larger than any real one's. */
const ROW = `sequence,
  CASE WHEN octet_length(statement) <= ${MAX_STATEMENT_BYTES} THEN statement ELSE '' END AS statement,
  CASE WHEN octet_length(signature) <= ${MAX_SIGNATURE_CHARS} THEN signature ELSE '' END AS signature,
  CASE WHEN octet_length(statement) > ${MAX_STATEMENT_BYTES} THEN encode(sha256(convert_to(statement, 'UTF8')), 'hex') END AS statement_hash`;

/** The SHA-256 (hex) of a row's statement, which the next checkpoint's `previous` names. */
export function statementHashOf(checkpoint: SignedCheckpoint): string {
  return checkpoint.statementHash ?? sha256Hex(checkpoint.statement);
}

type Row = { sequence: string; statement: string; signature: string; statement_hash: string | null };
const fromRow = (row: Row): SignedCheckpoint => ({
  sequence: Number(row.sequence),
  statement: row.statement,
  signature: row.signature,
  ...(row.statement_hash ? { statementHash: row.statement_hash } : {}),
});

/** The checkpoints, kept in PostgreSQL (`audit_checkpoints`, append-only) whichever store holds the events. */
export class CheckpointLedger {
  constructor(private readonly pool: Pool) {}

  async last(): Promise<SignedCheckpoint | null> {
    return (await this.newest(1))[0] ?? null;
  }

  /** The newest `limit` checkpoints below sequence `below` (all when absent), newest first: one scan of the primary key. */
  async newest(limit: number, below?: number): Promise<SignedCheckpoint[]> {
    const { rows } = await this.pool.query<Row>(
      below === undefined
        ? `SELECT ${ROW} FROM audit_checkpoints ORDER BY sequence DESC LIMIT $1`
        : // A planted sequence past 2^53 comes back rounded, maybe past bigint's end: capped, never an error.
          `SELECT ${ROW} FROM audit_checkpoints WHERE sequence < LEAST($2::numeric, 9223372036854775807)::bigint ORDER BY sequence DESC LIMIT $1`,
      below === undefined ? [limit] : [limit, below],
    );
    return rows.map(fromRow);
  }

  async all(): Promise<SignedCheckpoint[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${ROW} FROM audit_checkpoints ORDER BY sequence`);
    return rows.map(fromRow);
  }

  /** Adds the checkpoint; false when another signer took that sequence first. */
  async add(checkpoint: SignedCheckpoint): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO audit_checkpoints (sequence, statement, signature) VALUES ($1, $2, $3) ON CONFLICT (sequence) DO NOTHING',
      [checkpoint.sequence, checkpoint.statement, checkpoint.signature],
    );
    return rowCount === 1;
  }
}

/**
 * Why a checkpoint cannot be trusted, or null when it holds: its signature with the checkpoint key,
 * its link to `previous` (the row right before it, whatever that row holds: sequence next to it,
 * `previous` its statement's hash) and, when `lastValid` is given, its position past that of the
 * newest checkpoint before it that holds. A row planted in the table (the application's role may
 * INSERT) fails its signature; the signer chains its next checkpoint onto it (sign-checkpoints.ts),
 * which then holds: only the planted row is named. Its position is compared with the last valid
 * checkpoint's, never the planted row's, whose statement may not even parse.
 */
export function checkpointProblem(
  checkpoint: SignedCheckpoint,
  previous: SignedCheckpoint | null,
  key: CheckpointPublicKey | null,
  lastValid?: SignedCheckpoint | null,
): string | null {
  if (checkpoint.statementHash !== undefined) return 'its statement is larger than any checkpoint';
  let statement: CheckpointStatement;
  try {
    statement = parseStatement(checkpoint.statement);
  } catch {
    return 'its statement is not a checkpoint';
  }
  if (!key) return 'there is no public key to check its signature with';
  if (statement.keyId !== key.keyId) return `it names key ${quoted(statement.keyId)}, not the checkpoint key ${key.keyId}`;
  let signed = false;
  try {
    signed = verify(null, Buffer.from(checkpoint.statement, 'utf8'), key.publicKey, Buffer.from(checkpoint.signature, 'base64url'));
  } catch {
    signed = false;
  }
  if (!signed) return 'its signature does not match its statement';
  if (statement.sequence !== checkpoint.sequence) return `its statement says sequence ${quoted(statement.sequence)}`;
  const expectedSequence = (previous?.sequence ?? 0) + 1;
  if (checkpoint.sequence !== expectedSequence) return `checkpoint ${expectedSequence} is missing before it`;
  if (statement.previous !== (previous ? statementHashOf(previous) : null)) return 'it does not follow from the checkpoint before it';
  if (lastValid && BigInt(statement.upToPosition) <= BigInt(parseStatement(lastValid.statement).upToPosition)) {
    return `its position does not move past checkpoint ${lastValid.sequence}`;
  }
  return null;
}

export function parseStatement(text: string): CheckpointStatement {
  const statement = JSON.parse(text) as CheckpointStatement;
  if (typeof statement !== 'object' || statement === null || !Array.isArray(statement.heads) || !/^\d+$/.test(statement.upToPosition)) {
    throw new Error('not a checkpoint statement');
  }
  return statement;
}
