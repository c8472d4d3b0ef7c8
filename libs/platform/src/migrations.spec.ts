import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { MIGRATION_DIRS } from './migration-dirs';
import { runMigrations } from './migrations';

const quiet = { info: () => undefined };

describe('runMigrations', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createTestDatabase({ empty: true })));
  afterEach(async () => db.drop());

  it('two processes migrating an empty database at once: both succeed, the schema is applied once', async () => {
    const [first, second] = await Promise.all([
      runMigrations(db.url, MIGRATION_DIRS, quiet),
      runMigrations(db.url, MIGRATION_DIRS, quiet),
    ]);
    expect([...first, ...second]).toEqual(['1763700000000_event-store']);
    const { rows } = await db.pool.query('SELECT name FROM pgmigrations');
    expect(rows).toEqual([{ name: '1763700000000_event-store' }]);
    await expect(db.pool.query('SELECT count(*) FROM events')).resolves.toBeDefined();
  });

  it('running again applies nothing', async () => {
    await runMigrations(db.url, MIGRATION_DIRS, quiet);
    expect(await runMigrations(db.url, MIGRATION_DIRS, quiet)).toEqual([]);
  });
});
