import type { Pool } from 'pg';
import { inTransaction } from '@app/platform';
import { dataKeyContext } from './complainant-identity.store';
import type { MasterKeyring } from './master-keyring';
import { open, seal } from './sealed-box';

const BATCH = 500;

/** How many data keys each master key wraps. */
export async function dataKeysByMasterKey(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ master_key_id: string; n: number }>(
    'SELECT master_key_id, count(*)::int AS n FROM complainant_data_keys GROUP BY master_key_id ORDER BY master_key_id',
  );
  return Object.fromEntries(rows.map((r) => [r.master_key_id, r.n]));
}

/**
 * Rewraps every data key not wrapped by the keyring's current master key under it: unwrap with the
 * old master key (which the keyring must still hold), wrap with the current one, store it with the
 * current key's id. The sealed identities are not touched. Batches commit one by one, so a rotation
 * interrupted half-way is simply run again; keys erased meanwhile are skipped.
 */
export async function rewrapDataKeys(pool: Pool, keyring: MasterKeyring): Promise<{ rewrapped: number }> {
  const current = keyring.current;
  let rewrapped = 0;
  for (;;) {
    const done = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ ref: string; master_key_id: string; wrapped_key: Buffer }>(
        `SELECT ref, master_key_id, wrapped_key FROM complainant_data_keys
          WHERE master_key_id <> $1 ORDER BY ref LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [current.id, BATCH],
      );
      for (const row of rows) {
        const old = keyring.byId(row.master_key_id);
        if (!old) throw new Error(`Data key ${row.ref} is wrapped by master key "${row.master_key_id}", which the keyring does not hold`);
        const dataKey = open(old.key, row.wrapped_key, dataKeyContext(row.ref, old.id));
        await client.query('UPDATE complainant_data_keys SET master_key_id = $2, wrapped_key = $3, rewrapped_at = now() WHERE ref = $1', [
          row.ref,
          current.id,
          seal(current.key, dataKey, dataKeyContext(row.ref, current.id)),
        ]);
      }
      return rows.length;
    });
    rewrapped += done;
    if (done < BATCH) return { rewrapped };
  }
}
