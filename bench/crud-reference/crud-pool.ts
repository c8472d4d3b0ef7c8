import { Pool } from 'pg';

export const CRUD_POOL = Symbol('CRUD_POOL');

/** The complaint table: a row per complaint, the filing's fields as columns. */
const SCHEMA = `CREATE TABLE IF NOT EXISTS complaints (
  id                 uuid        PRIMARY KEY,
  channel            text        NOT NULL,
  category           text        NOT NULL,
  urgency            text        NOT NULL,
  title              text        NOT NULL,
  description        text        NOT NULL,
  complained_unit_id text        NOT NULL,
  received_at        timestamptz NOT NULL,
  complainant        jsonb       NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
)`;

/** A pool of PG_POOL_MAX connections (10, as the API's default) on DATABASE_URL, its table created. */
export async function openCrudPool(env: NodeJS.ProcessEnv): Promise<Pool> {
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.PG_POOL_MAX ?? 10) });
  pool.on('error', () => undefined);
  try {
    await pool.query(SCHEMA);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return pool;
}
