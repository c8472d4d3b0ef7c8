import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

  it('running again applies nothing, and says the schema is up to date', async () => {
    await runMigrations(db.url, MIGRATION_FOLDERS, quiet);
    const said: string[] = [];
    expect(await runMigrations(db.url, MIGRATION_FOLDERS, { info: (message) => said.push(message) })).toEqual([]);
    expect(said).toEqual(['Database schema is up to date']);
  });

  // A start that finds every migration recorded skips node-pg-migrate (migrations.ts, recordedUpToDate):
  // these are what it must still hand to it.
  describe('on a migrated database, a migration folder with', () => {
    let extra: string;
    beforeEach(async () => {
      await runMigrations(db.url, MIGRATION_FOLDERS, quiet);
      extra = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-migrations-'));
    });
    afterEach(() => fs.rmSync(extra, { recursive: true, force: true }));

    it('a new migration: applied', async () => {
      fs.writeFileSync(path.join(extra, '1799000000000_notes.sql'), '-- Up Migration\nCREATE TABLE notes (id int);\n-- Down Migration\n');
      expect(await runMigrations(db.url, [...MIGRATION_FOLDERS, extra], quiet)).toEqual(['1799000000000_notes']);
      expect(await runMigrations(db.url, [...MIGRATION_FOLDERS, extra], quiet)).toEqual([]);
    });

    it('a migration older than those applied: refused, as node-pg-migrate refuses it, nothing applied', async () => {
      fs.writeFileSync(path.join(extra, '1700000000000_early.sql'), '-- Up Migration\nCREATE TABLE early (id int);\n-- Down Migration\n');
      await expect(runMigrations(db.url, [...MIGRATION_FOLDERS, extra], quiet)).rejects.toThrow(
        'Not run migration 1700000000000_early is preceding already run migration 1763700000000_event-store',
      );
      expect((await db.pool.query("SELECT to_regclass('public.early') AS early")).rows[0]).toEqual({ early: null });
    });
  });
});

describe('the migration folders', () => {
  it('are the ones the test template is migrated with', () => {
    expect([...TEST_MIGRATION_FOLDERS].sort()).toEqual([...MIGRATION_FOLDERS].sort());
  });
});
