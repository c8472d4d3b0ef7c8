import type { ClientBase, PoolClient } from 'pg';

/** Advisory-lock namespaces (first key); the second key is hashtext(projection name). */
const LEADER = 1347571020; // one instance runs a projection at a time
/** A batch and a rebuild's swap never interleave; exported for tests that watch pg_locks for a swap held up. */
export const BATCH_LOCK_KEY = 1347571522;
const REBUILD = 1347571523; // one rebuild of a projection at a time (rebuild-lock.ts)

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
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BATCH_LOCK_KEY, name]);
}

/** Tries to take the projection's rebuild lock for the life of this session (connection). */
export async function tryRebuildLock(client: ClientBase, name: string): Promise<boolean> {
  const { rows } = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [REBUILD, name]);
  return rows[0].ok === true;
}

/** Takes the projection's rebuild lock for the life of this session, waiting while another session holds it. */
export async function waitForRebuildLock(client: ClientBase, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [REBUILD, name]);
}
