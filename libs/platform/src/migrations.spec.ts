import * as fs from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { MIGRATION_DIRS } from './migration-dirs';
import { runMigrations } from './migrations';

const quiet = { info: () => undefined };

/** Every migration file of every module, in the order they apply. */
function migrationNames(): string[] {
  return MIGRATION_DIRS.flatMap((dir) =>
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
    const [first, second] = await Promise.all([runMigrations(db.url, MIGRATION_DIRS, quiet), runMigrations(db.url, MIGRATION_DIRS, quiet)]);
    const all = migrationNames();
    expect(all).toContain('1763700000000_event-store');
    // Each migration applied by exactly one of the two, in file-name order.
    expect([...first, ...second].sort()).toEqual(all);
    const { rows } = await db.pool.query('SELECT name FROM pgmigrations ORDER BY run_on, id');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(all);
    await expect(db.pool.query('SELECT count(*) FROM events')).resolves.toBeDefined();
  });

  it('running again applies nothing', async () => {
    await runMigrations(db.url, MIGRATION_DIRS, quiet);
    expect(await runMigrations(db.url, MIGRATION_DIRS, quiet)).toEqual([]);
  });
});
