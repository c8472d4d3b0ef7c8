import type { ClientBase, PoolClient } from 'pg';

/** Advisory-lock namespaces (first key); the second key is hashtext(projection name). */
const LEADER = 1347571020; // one instance runs a projection at a time
const BATCH = 1347571522; // a batch and a rebuild's swap never interleave
/** One rebuild of a projection at a time (rebuild-lock.ts); exported for tests that watch pg_locks for a rebuild under way. */
export const REBUILD_LOCK_KEY = 1347571523;

/** Tries to become the projection's leader for the life of this session (connection). */
export async function tryLeadership(client: ClientBase, name: string): Promise<boolean> {
  const { rows } = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LEADER, name]);
  return rows[0].ok === true;
}

export async function releaseLeadership(client: ClientBase, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEADER, name]);
}

/** Serialises writers of the projection's checkpoint until the transaction ends. */
export async function lockBatch(client: PoolClient, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BATCH, name]);
}

/** Tries to take the projection's rebuild lock for the life of this session (connection). */
export async function tryRebuildLock(client: ClientBase, name: string): Promise<boolean> {
  const { rows } = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [REBUILD_LOCK_KEY, name]);
  return rows[0].ok === true;
}

/** Takes the projection's rebuild lock for the life of this session, waiting while another session holds it. */
export async function waitForRebuildLock(client: ClientBase, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [REBUILD_LOCK_KEY, name]);
}
