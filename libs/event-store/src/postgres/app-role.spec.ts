import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { newEvent } from '../contract/helpers';
import { PostgresEventStore } from './postgres-event-store';

/**
 * The application connects as cases_app (libs/platform/src/database-roles.ts, created by the
 * migration 1764000000302_app-role.sql): it works as before, but the log is out of its reach.
 */
/** What every append function runs with (migrations 1764800000200, 1764900000200): a fixed search_path, at most 5 s waiting for a lock. */
const APPEND_SETTINGS = ['search_path=pg_catalog, public, pg_temp', 'lock_timeout=5s'];

describe('the application role (cases_app)', () => {
  let db: TestDatabase;
  let app: Pool;
  let store: PostgresEventStore;
  const streamId = `app-role-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = new Pool({ connectionString: db.appUrl, max: 4 });
    // DROP … WITH (FORCE) in afterAll ends connections still closing after app.end(); expected, not a failure.
    app.on('error', () => undefined);
    store = new PostgresEventStore(app, db.appUrl);
    await store.appendToStream(streamId, [newEvent(), newEvent()], { expectedVersion: 'no_stream' });
  });
  afterAll(async () => {
    await store.close();
    await app.end();
    await db.drop();
  });

  it('logs in as cases_app, not a superuser, and appends and reads through the store', async () => {
    const { rows } = await app.query(
      'SELECT current_user AS user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser',
    );
    expect(rows).toEqual([{ user: 'cases_app', superuser: false }]);
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(read[1].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('checks the streams a decision read (decidedOn) as cases_app, waiting at most 5 s for a lock, and no one else may call the check', async () => {
    const other = `app-role-${randomUUID()}`;
    const decidedOn = [{ streamId, version: 2 }];
    expect(await store.appendToStream(other, [newEvent()], { expectedVersion: 'no_stream', decidedOn })).toMatchObject({ nextVersion: 1 });
    const { rows } = await db.pool.query(
      `SELECT proconfig AS config, has_function_privilege('cases_app', oid, 'EXECUTE') AS app, has_function_privilege('public', oid, 'EXECUTE') AS anyone
         FROM pg_proc WHERE oid = 'expect_stream_versions(text[], bigint[])'::regprocedure`,
    );
    expect(rows).toEqual([{ config: APPEND_SETTINGS, app: true, anyone: false }]);
  });

  it.each(['append_to_stream(text, text, bigint, jsonb)', 'append_one_to_stream(text, text, bigint, uuid, text, integer, text, text)'])(
    'appends through %s as the latest migration defines it: run as the owner of the log, on a fixed search_path, waiting at most 5 s for a lock, by no one else',
    async (signature) => {
      const { rows } = await db.pool.query(
        `SELECT prosecdef AS definer, proconfig AS config,
                has_function_privilege('cases_app', oid, 'EXECUTE') AS app, has_function_privilege('public', oid, 'EXECUTE') AS anyone
           FROM pg_proc WHERE oid = $1::regprocedure`,
        [signature],
      );
      expect(rows).toEqual([{ definer: true, config: APPEND_SETTINGS, app: true, anyone: false }]);
    },
  );

  it.each([
    'append_to_stream_with_rows(text, text, bigint, jsonb, text, jsonb)',
    'append_one_to_stream_with_rows(text, text, bigint, uuid, text, integer, text, text, text, jsonb)',
  ])(
    "writes the rows of %s with the caller's own rights, waiting at most 5 s for a lock, and no one else may call it",
    async (signature) => {
      const { rows } = await db.pool.query(
        `SELECT prosecdef AS definer, proconfig AS config,
              has_function_privilege('cases_app', oid, 'EXECUTE') AS app, has_function_privilege('public', oid, 'EXECUTE') AS anyone
         FROM pg_proc WHERE oid = $1::regprocedure`,
        [signature],
      );
      expect(rows).toEqual([{ definer: false, config: APPEND_SETTINGS, app: true, anyone: false }]);
    },
  );

  it.each([
    ['UPDATE events', `UPDATE events SET data = '{"forged":true}' WHERE stream_id = $1`, /permission denied for table events/],
    ['DELETE FROM events', 'DELETE FROM events WHERE stream_id = $1', /permission denied for table events/],
    ['TRUNCATE events', 'TRUNCATE events', /permission denied for table events/],
    [
      'ALTER TABLE events DISABLE TRIGGER',
      'ALTER TABLE events DISABLE TRIGGER events_refuse_update_delete',
      /must be owner of table events/,
    ],
    ['ALTER TABLE events DISABLE TRIGGER ALL', 'ALTER TABLE events DISABLE TRIGGER ALL', /must be owner of table events/],
    ['DROP TRIGGER', 'DROP TRIGGER events_refuse_update_delete ON events', /must be owner of (table|relation) events/],
    ['SET session_replication_role (skips triggers)', 'SET session_replication_role = replica', /permission denied to set parameter/],
    [
      'INSERT INTO events (around the chain)',
      `INSERT INTO events (global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, hash)
       VALUES (1, pg_current_xact_id(), $1, 3, gen_random_uuid(), 'Forged', 1, '{}', '{}', 'x')`,
      /permission denied for table events/,
    ],
    ['DROP TABLE events', 'DROP TABLE events', /must be owner of table events/],
    [
      'replace append_to_stream',
      'CREATE OR REPLACE FUNCTION append_to_stream(text, text, bigint, jsonb) RETURNS void LANGUAGE sql AS $$ $$',
      /must be owner of function append_to_stream/,
    ],
    [
      'replace append_one_to_stream',
      'CREATE OR REPLACE FUNCTION append_one_to_stream(text, text, bigint, uuid, text, integer, text, text) RETURNS void LANGUAGE sql AS $$ $$',
      /must be owner of function append_one_to_stream/,
    ],
    ['UPDATE audit_checkpoints', 'UPDATE audit_checkpoints SET signature = $1', /permission denied for table audit_checkpoints/],
    [
      'DELETE FROM audit_checkpoints',
      'DELETE FROM audit_checkpoints WHERE signature = $1',
      /permission denied for table audit_checkpoints/,
    ],
  ])('cannot %s', async (_, sql, refusal) => {
    const params = sql.includes('$1') ? [streamId] : [];
    await expect(app.query(sql, params)).rejects.toThrow(refusal);
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n, bool_and(NOT data ? $2) AS untouched FROM events WHERE stream_id = $1',
      [streamId, 'forged'],
    );
    expect(rows).toEqual([{ n: 2, untouched: true }]);
  });

  it('still builds read models: creates, fills, swaps and drops its own tables and views', async () => {
    await app.query('CREATE TABLE role_probe__g1 (id int PRIMARY KEY)');
    await app.query('INSERT INTO role_probe__g1 VALUES (1)');
    await app.query('CREATE VIEW role_probe AS SELECT * FROM role_probe__g1');
    await app.query('DROP VIEW role_probe');
    await app.query('DROP TABLE role_probe__g1');
  });

  it('reads and writes the tables of the other packages (here: the projection checkpoints and the deadlines)', async () => {
    await app.query("INSERT INTO projection_checkpoints (name, version, generation) VALUES ('role-probe', 1, 1)");
    await app.query("UPDATE projection_checkpoints SET generation = 2 WHERE name = 'role-probe'");
    await app.query("DELETE FROM projection_checkpoints WHERE name = 'role-probe'");
    await expect(app.query('SELECT count(*) FROM scheduled_deadlines')).resolves.toBeDefined();
  });
});
