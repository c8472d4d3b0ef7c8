import { Pool } from 'pg';
import { FILING } from '../sections/complaint';

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

/**
 * A pool of PG_POOL_MAX connections (10, as the API's default) on DATABASE_URL, its table created.
 * CRUD_SEED_ROWS=<n> (the queries section): the table filled up to n complaints first, with the
 * index its GET route pages by.
 */
export async function openCrudPool(env: NodeJS.ProcessEnv): Promise<Pool> {
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.PG_POOL_MAX ?? 10) });
  pool.on('error', () => undefined);
  try {
    await pool.query(SCHEMA);
    const seedRows = Number(env.CRUD_SEED_ROWS ?? 0);
    if (seedRows > 0) await seed(pool, seedRows);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return pool;
}

/**
 * Complaints as FILING, a minute apart in received time, 40 units among them, until the table holds
 * `rows`; then the index a list route needs. Only here: on the post-cases section's table an index
 * would cost the reference's INSERTs what ours do not pay in the request.
 */
async function seed(pool: Pool, rows: number): Promise<void> {
  const { rows: held } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints');
  const missing = rows - held[0].n;
  if (missing > 0) {
    await pool.query(
      `INSERT INTO complaints (id, channel, category, urgency, title, description, complained_unit_id, received_at, complainant)
       SELECT gen_random_uuid(), $2, $3, $4, $5, $6, 'unit-' || (i % 40), timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute', $7
       FROM generate_series(1, $1::int) AS i`,
      [missing, FILING.channel, FILING.category, FILING.urgency, FILING.title, FILING.description, JSON.stringify(FILING.complainant)],
    );
  }
  await pool.query('CREATE INDEX IF NOT EXISTS complaints_received ON complaints (received_at DESC, id DESC)');
  await pool.query('ANALYZE complaints');
}
