import type { ClientBase, Pool, PoolClient } from 'pg';

export interface Checkpoint {
  name: string;
  version: number;
  generation: number;
  position: bigint | null;
  eventsApplied: number;
  eventsSkipped: number;
}

/**
 * The projection's checkpoint row (null: never built). Not `FOR UPDATE`: every writer of a
 * checkpoint holds the projection's batch lock (locks.ts) first, which is what keeps two writers
 * apart. A row lock would also give the transaction an id from its first statement on, and an open
 * transaction id holds back the visibility horizon of every reader of the log on the server
 * (libs/event-store): a batch would hide new events from every subscriber for as long as it reads
 * and computes, not only while it writes.
 */
export async function readCheckpoint(client: PoolClient, name: string): Promise<Checkpoint | null> {
  return (await readCheckpoints(client, [name]))[0] ?? null;
}

/** The checkpoint rows of `names` that exist, in one statement (no lock: see readCheckpoint). */
export async function readCheckpoints(db: Pool | ClientBase, names: readonly string[]): Promise<Checkpoint[]> {
  const { rows } = await db.query(
    `SELECT name, version, generation, position::text AS position, events_applied, events_skipped
       FROM projection_checkpoints WHERE name = ANY($1::text[])`,
    [names],
  );
  return rows.map((row) => ({
    name: row.name,
    version: row.version,
    generation: row.generation,
    position: row.position === null ? null : BigInt(row.position),
    eventsApplied: Number(row.events_applied),
    eventsSkipped: Number(row.events_skipped),
  }));
}

export async function writeCheckpoint(client: PoolClient, c: Checkpoint, lastEventAt: string | null): Promise<void> {
  await client.query(
    `INSERT INTO projection_checkpoints (name, version, generation, position, events_applied, events_skipped, last_event_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (name) DO UPDATE SET version = $2, generation = $3, position = $4, events_applied = $5,
       events_skipped = $6, last_event_at = coalesce($7, projection_checkpoints.last_event_at), updated_at = now()`,
    [c.name, c.version, c.generation, c.position?.toString() ?? null, c.eventsApplied, c.eventsSkipped, lastEventAt],
  );
}
