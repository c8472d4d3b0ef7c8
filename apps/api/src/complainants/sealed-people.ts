import type { Pool } from 'pg';
import type { AppendTransaction } from '@app/event-store';
import type { MasterKeyring } from './master-keyring';
import { forgetAnswersAbout } from '../common/idempotency/idempotency.store';
import { MasterKeyUnavailable } from './master-key-unavailable';
import { open } from './sealed-box';

/**
 * A store of people each sealed under a data key of their own, the data key wrapped by a master key
 * of the one keyring (docs/rules.md#what-is-kept-and-where): the complainants' and the ledger's
 * people who raise findings. Its two tables and the associated data binding each box to its row;
 * reading, erasing (crypto-shredding) and the master-key rotation work alike on every such store.
 */
export interface SealedPeopleTables {
  /** The sealed rows: `ref`, the owner's id (`ownerColumn`) and `sealed`. */
  sealed: string;
  /** The case or finding a sealed row belongs to. */
  ownerColumn: string;
  /** The wrapped data keys: `ref`, `master_key_id`, `wrapped_key`, `rewrapped_at`. */
  keys: string;
  /** Associated data of a sealed row: it opens only in its own row. */
  sealedContext: (ref: string, ownerId: string) => string;
  /** Associated data of a wrapped data key: it opens only in its own row, under the master key named there. */
  keyContext: (ref: string, masterKeyId: string) => string;
  /** What its data keys are called in an error ("Complainant data key"). */
  label: string;
  /**
   * The function that deletes an owner's data key, only once the log holds its erasure event: the
   * application's role may not DELETE from `keys` itself (migrations 1765300000100, 1765300000200).
   */
  eraseKeyFunction: string;
}

/** An owner's sealed person as the store can give it: opened, erased (its key deleted), or not stored. */
export type StoredPerson<T> = { state: 'present'; identity: T } | { state: 'key_deleted' } | { state: 'missing' };

type Queryable = AppendTransaction | Pool;

/**
 * The person sealed for a case or finding, opened with their data key: MasterKeyUnavailable (503)
 * when the master key that wrapped it is not configured.
 */
export async function openSealedPerson<T>(
  pool: Pool,
  keyring: MasterKeyring,
  tables: SealedPeopleTables,
  ownerId: string,
): Promise<StoredPerson<T>> {
  const { rows } = await pool.query<{ ref: string; sealed: Buffer; master_key_id: string | null; wrapped_key: Buffer | null }>(
    `SELECT s.ref, s.sealed, k.master_key_id, k.wrapped_key
       FROM ${tables.sealed} s LEFT JOIN ${tables.keys} k ON k.ref = s.ref
      WHERE s.${tables.ownerColumn} = $1`,
    [ownerId],
  );
  const row = rows[0];
  if (!row) return { state: 'missing' };
  if (!row.wrapped_key || !row.master_key_id) return { state: 'key_deleted' };
  const master = keyring.byId(row.master_key_id);
  if (!master) throw new MasterKeyUnavailable(tables.label, row.ref, row.master_key_id);
  const dataKey = open(master.key, row.wrapped_key, tables.keyContext(row.ref, row.master_key_id));
  const identity = JSON.parse(open(dataKey, row.sealed, tables.sealedContext(row.ref, ownerId)).toString('utf8')) as T;
  return { state: 'present', identity };
}

/**
 * Crypto-shredding: deletes the data key of the person sealed for a case or finding, so the sealed
 * row can never be opened again, and the Idempotency-Key records of its commands (their keyed
 * fingerprints of the body that named the person). Returns whether a key was deleted (false: none,
 * or already gone). The key is deleted by the store's erase function, which refuses (42501) while
 * the owner's stream holds no erasure event: call it after (or in the transaction of) that append.
 */
export async function deleteDataKey(db: Queryable, tables: SealedPeopleTables, ownerId: string): Promise<boolean> {
  await forgetAnswersAbout(db, ownerId);
  const { rows } = await db.query<{ deleted: number }>(`SELECT ${tables.eraseKeyFunction}($1::uuid) AS deleted`, [ownerId]);
  return rows[0].deleted > 0;
}
