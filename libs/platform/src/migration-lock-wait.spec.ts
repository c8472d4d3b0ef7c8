import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { waitUntil } from '../../../test/support/wait';
import { migrationRetryPause } from './migration-lock-wait';
import { runMigrations } from './migrations';

/**
 * A new version starting while a session holds a table its migration alters (a report, a psql
 * session left idle in its transaction): the migration must not stop that table's readers, who
 * would otherwise queue behind its lock request for as long as the session lives.
 */
describe('migrations behind a session holding what they alter', () => {
  let db: TestDatabase;
  let folder: string;
  const clients: Client[] = [];

  beforeEach(async () => {
    db = await createTestDatabase({ empty: true });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end().catch(() => undefined);
    await db.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const migration = (name: string, sql: string) => fs.writeFileSync(path.join(folder, `${name}.sql`), sql);
  async function session(options: { application_name?: string; statement_timeout?: number } = {}): Promise<Client> {
    const client = new Client({ connectionString: db.url, ...options });
    await client.connect();
    clients.push(client);
    return client;
  }
  async function columnsOfNotes(): Promise<string[]> {
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    );
    return rows.map((r) => r.name);
  }

  it('wait half a second at a time, say who holds it, let readers through meanwhile, and apply once it lets go', async () => {
    migration('1765100000000_notes', 'CREATE TABLE notes (id int PRIMARY KEY); INSERT INTO notes VALUES (1);');
    expect(await runMigrations(db.url, [folder], { info: () => undefined })).toEqual(['1765100000000_notes']);

    const report = await session({ application_name: 'report-left-open' });
    await report.query('BEGIN');
    await report.query('SELECT * FROM notes');
    migration('1765100000001_notes-text', 'ALTER TABLE notes ADD COLUMN text text;');
    const warnings: string[] = [];
    const migrating = runMigrations(db.url, [folder], { info: () => undefined, warn: (message) => warnings.push(message) });
    const outcome = migrating.then(
      (names) => ({ names }),
      (error: unknown) => ({ error }),
    );

    // Readers of the table meanwhile, each within a statement timeout: queued behind a lock request
    // waiting for as long as the report lives, they would time out.
    const reader = await session({ statement_timeout: 4_000 });
    const readUntil = Date.now() + 2_500;
    let reads = 0;
    while (Date.now() < readUntil) {
      expect((await reader.query('SELECT count(*)::int AS n FROM notes')).rows[0].n).toBe(1);
      reads++;
      await sleep(50);
    }
    expect(reads).toBeGreaterThan(5);
    // Each refusal says who held it, as the watch saw it during that wait (polled every 100 ms).
    const named =
      /^Migrations wait for a lock held by pid \d+ \(report-left-open, idle in transaction, transaction open \d+ s\): nothing applied yet, tried again in \d+(\.\d+)? s$/;
    await waitUntil(() => warnings.some((w) => named.test(w)), {
      timeoutMs: 15_000,
      failure: `the migrations never named the holder: ${warnings.join(' | ')}`,
    });
    expect(warnings[0]).toMatch(/tried again in 0\.5 s$/); // the first pause
    expect(await columnsOfNotes()).toEqual(['id']); // nothing applied while held

    await report.query('COMMIT');
    expect(await outcome).toEqual({ names: ['1765100000001_notes-text'] });
    expect(await columnsOfNotes()).toEqual(['id', 'text']);
    const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(['1765100000000_notes', '1765100000001_notes-text']);
  }, 30_000);

  it('a migration that fails for another reason fails the start at once, nothing applied', async () => {
    migration('1765100000000_notes', 'CREATE TABLE notes (id int PRIMARY KEY);');
    migration('1765100000001_broken', 'ALTER TABLE notes ADD COLUMN id int;');
    const warnings: string[] = [];
    await expect(runMigrations(db.url, [folder], { info: () => undefined, warn: (m) => warnings.push(m) })).rejects.toMatchObject({
      code: '42701',
    });
    expect(warnings).toEqual([]);
    const { rows } = await db.pool.query("SELECT to_regclass('public.notes') AS notes");
    expect(rows[0].notes).toBeNull();
  });

  it('pause 0.5 s after the first refusal, doubling up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(migrationRetryPause)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
});
