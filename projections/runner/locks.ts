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

/** A session leading read models on this database: a projector at work (the server's, or APP_ROLE=projector). */
export interface ProjectionLeader {
  pid: number;
  applicationName: string;
  readModels: number;
}

/** The sessions that hold a read model's leadership on the current database (tryLeadership), oldest first. */
export async function projectionLeaders(client: ClientBase): Promise<ProjectionLeader[]> {
  // A lock on two int4 keys shows its first as classid, its second as objid, and objsubid 2.
  const { rows } = await client.query<{ pid: number; application_name: string; read_models: string }>(
    `SELECT l.pid, a.application_name, count(*) AS read_models
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = $1::oid
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      GROUP BY l.pid, a.application_name, a.backend_start
      ORDER BY a.backend_start`,
    [LEADER],
  );
  return rows.map((row) => ({ pid: row.pid, applicationName: row.application_name, readModels: Number(row.read_models) }));
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
