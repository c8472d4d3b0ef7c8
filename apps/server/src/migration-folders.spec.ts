import * as fs from 'node:fs';
import { runMigrations } from '@app/platform';
import { TEST_MIGRATION_FOLDERS } from '../../../test/support/global-setup';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { MIGRATION_FOLDERS } from './migration-folders';

const quiet = { info: () => undefined };

/** Every migration file of every module, in the order they apply. */
function migrationNames(): string[] {
  return MIGRATION_FOLDERS.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, '')),
  ).sort();
}

describe('runMigrations', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createTestDatabase({ empty: true })));
  afterEach(async () => db.drop());

  it('two processes migrating an empty database at once: both succeed, the schema is applied once', async () => {
    const [first, second] = await Promise.all([
      runMigrations(db.url, MIGRATION_FOLDERS, quiet),
      runMigrations(db.url, MIGRATION_FOLDERS, quiet),
    ]);
    const all = migrationNames();
    expect(all).toContain('1763700000000_event-store');
    // Each migration applied by exactly one of the two, in file-name order.
    expect([...first, ...second].sort()).toEqual(all);
    const { rows } = await db.pool.query('SELECT name FROM pgmigrations ORDER BY run_on, id');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(all);
    await expect(db.pool.query('SELECT count(*) FROM events')).resolves.toBeDefined();
  });

  it('a folder with no migrations in it fails the start, naming it, and applies nothing', async () => {
    const missing = `${MIGRATION_FOLDERS[0]}-not-there`;
    await expect(runMigrations(db.url, [...MIGRATION_FOLDERS, missing], quiet)).rejects.toThrow(`No SQL migrations in ${missing}`);
    const { rows } = await db.pool.query("SELECT to_regclass('public.pgmigrations') AS migrations, to_regclass('public.events') AS events");
    expect(rows[0]).toEqual({ migrations: null, events: null });
  });

  it('running again applies nothing', async () => {
    await runMigrations(db.url, MIGRATION_FOLDERS, quiet);
    expect(await runMigrations(db.url, MIGRATION_FOLDERS, quiet)).toEqual([]);
  });
});

describe('the migration folders', () => {
  it('are the ones the test template is migrated with', () => {
    expect([...TEST_MIGRATION_FOLDERS].sort()).toEqual([...MIGRATION_FOLDERS].sort());
  });
});
