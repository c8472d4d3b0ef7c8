import type { Pool } from 'pg';
import { inTransaction } from '@app/platform';
import type { MasterKeyring } from './master-keyring';
import { open, seal } from './sealed-box';
import type { SealedPeopleTables } from './sealed-people';

const BATCH = 500;

/** How many data keys each master key wraps, in every store given (complainants and the ledger's people alike). */
export async function dataKeysByMasterKey(pool: Pool, stores: readonly SealedPeopleTables[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { keys } of stores) {
    const { rows } = await pool.query<{ master_key_id: string; n: number }>(
      `SELECT master_key_id, count(*)::int AS n FROM ${keys} GROUP BY master_key_id`,
    );
    for (const r of rows) counts[r.master_key_id] = (counts[r.master_key_id] ?? 0) + r.n;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Rewraps every data key of a store not wrapped by the keyring's current master key under it:
 * unwrap with the old master key (which the keyring must still hold), wrap with the current one,
 * store it with the current key's id. The sealed rows are not touched. Batches commit one by one,
 * so a rotation interrupted half-way is simply run again; keys erased meanwhile are skipped.
 */
export async function rewrapDataKeys(pool: Pool, keyring: MasterKeyring, store: SealedPeopleTables): Promise<{ rewrapped: number }> {
  const current = keyring.current;
  let rewrapped = 0;
  for (;;) {
    const done = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ ref: string; master_key_id: string; wrapped_key: Buffer }>(
        `SELECT ref, master_key_id, wrapped_key FROM ${store.keys}
          WHERE master_key_id <> $1 ORDER BY ref LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [current.id, BATCH],
      );
      for (const row of rows) {
        const old = keyring.byId(row.master_key_id);
        if (!old)
          throw new Error(`${store.label} ${row.ref} is wrapped by master key "${row.master_key_id}", which the keyring does not hold`);
        const dataKey = open(old.key, row.wrapped_key, store.keyContext(row.ref, old.id));
        await client.query(`UPDATE ${store.keys} SET master_key_id = $2, wrapped_key = $3, rewrapped_at = now() WHERE ref = $1`, [
          row.ref,
          current.id,
          seal(current.key, dataKey, store.keyContext(row.ref, current.id)),
        ]);
      }
      return rows.length;
    });
    rewrapped += done;
    if (done < BATCH) return { rewrapped };
  }
}
