import type { Pool, PoolClient } from 'pg';

/** Advisory lock class of the feeders ('DLNS'); the second key is the feeder's name. */
const FEEDER_LOCK_CLASS = 1145851475;

/** Position of the last event the feeder applied; null before the first one. */
export async function readCheckpoint(db: Pool | PoolClient, name: string): Promise<bigint | null> {
  const { rows } = await db.query<{ position: string | null }>('SELECT position::text FROM scheduler_checkpoints WHERE name = $1', [name]);
  return rows[0]?.position ? BigInt(rows[0].position) : null;
}

/**
 * Makes feeders of the same name apply their batches one after the other (until the transaction
 * ends), and returns the checkpoint as of then. An advisory lock, not a row lock: it takes no
 * transaction id, so it does not hold back the event store's visibility horizon.
 */
export async function lockCheckpoint(client: PoolClient, name: string): Promise<bigint | null> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FEEDER_LOCK_CLASS, name]);
  return readCheckpoint(client, name);
}

/** Moves the checkpoint forwards, never backwards: a slower feeder cannot undo a faster one. */
export async function advanceCheckpoint(client: PoolClient, name: string, position: bigint): Promise<void> {
  await client.query(
    `INSERT INTO scheduler_checkpoints (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE
        SET position = greatest(scheduler_checkpoints.position, EXCLUDED.position), updated_at = now()`,
    [name, position.toString()],
  );
}
