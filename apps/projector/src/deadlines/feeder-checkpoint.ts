import type { Pool, PoolClient } from 'pg';

/**
 * Position of the last event the feeder applied; null before the first one. The feeder moves it
 * forwards with each batch, in the same transaction (feedDeadlineChanges in deadline-table.ts).
 */
export async function readCheckpoint(db: Pool | PoolClient, name: string): Promise<bigint | null> {
  const { rows } = await db.query<{ position: string | null }>('SELECT position::text FROM scheduler_checkpoints WHERE name = $1', [name]);
  return rows[0]?.position ? BigInt(rows[0].position) : null;
}
