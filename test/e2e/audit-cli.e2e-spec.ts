import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { CheckpointLedger, loadSigningKey, PostgresEventStore, signCheckpoints } from '@app/event-store';
import { newEvents, waitUntilVisible } from '../support/event-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const DIST = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli');
const run = promisify(execFile);

/**
 * `npm run audit -- verify` and the rebuild's refusal (issue 9 part 4), as the built commands run
 * them on a database with a signed checkpoint. Spawned with the test run's checkpoint key
 * (AUDIT_SIGNING_KEY_FILE, set by the global setup).
 */
describe('npm run audit -- verify, and a rebuild from a log that fails it', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const audit = (...args: string[]) => run('node', [path.join(DIST, 'audit.js'), ...args], { env });
  const rebuild = (...args: string[]) => run('node', [path.join(DIST, 'projections.js'), 'rebuild', 'case-list', ...args], { env });
  const rebuildAudit = () => run('node', [path.join(DIST, 'projections.js'), 'rebuild', 'audit'], { env });
  const failed = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error' };
    const store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    for (const stream of ['case-cli-1', 'case-cli-2']) {
      const { position } = await store.appendToStream(
        stream,
        newEvents([
          { type: 'Noted', data: { n: 1 } },
          { type: 'Noted', data: { n: 2 } },
        ]),
        { expectedVersion: 'no_stream' },
      );
      await waitUntilVisible(store, position);
    }
    const key = loadSigningKey({ signingKeyFile: process.env.AUDIT_SIGNING_KEY_FILE!, generateIfMissing: false });
    await signCheckpoints(store, new CheckpointLedger(db.pool), key);
    await store.close();
  });
  afterAll(async () => db.drop());

  it('an intact log: exit 0, a summary, the result recorded in the log', async () => {
    const { stdout } = await audit('verify', '--actor', 'ops-zhang');
    expect(stdout).toMatch(/^Checked \d+ events in \d+ streams, 1 signed checkpoints \(last: 1, up to position \d+/);
    expect(stdout).toContain('The log holds: every hash chain and every checkpoint checks out.');
    expect(stdout).toMatch(/Recorded as AuditLogVerified in audit-verifications-\d{4} version 1 \(position \d+\)\./);
    const { rows } = await db.pool.query(
      "SELECT metadata->>'actorId' AS actor, data->>'ok' AS ok FROM events WHERE type = 'AuditLogVerified'",
    );
    expect(rows).toEqual([{ actor: 'ops-zhang', ok: 'true' }]);
  }, 60_000);

  it('--json prints the whole verification; bad arguments exit 64', async () => {
    const { stdout } = await audit('verify', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, failureCount: 0, checkpoints: { count: 1 }, recorded: { version: 2 } });
    expect(await failed(audit('check'))).toMatchObject({ code: 64, stderr: expect.stringContaining('usage: npm run audit -- verify') });
  }, 60_000);

  it('a row of the audit read model re-attributed as cases_app: exit 1, naming it, the log holding; a rebuild is not refused and mends it', async () => {
    await rebuildAudit();
    const hostile = new Pool({ connectionString: db.appUrl, max: 1 });
    try {
      await hostile.query(`UPDATE audit_events SET actor_id = 'someone-else' WHERE stream_id = 'case-cli-1' AND stream_version = 2`);
    } finally {
      await hostile.end();
    }
    const { rows } = await db.pool.query<{ position: string }>(
      "SELECT global_position::text AS position FROM events WHERE stream_id = 'case-cli-1' AND stream_version = 2",
    );

    const verification = await failed(audit('verify'));
    expect(verification.code).toBe(1);
    expect(verification.stdout).toContain('The log holds: every hash chain and every checkpoint checks out.');
    expect(verification.stdout).toContain('The read model audit does NOT match the log: 1 difference');
    expect(verification.stdout).toContain(
      `  row_differs: at position ${rows[0].position}: audit_events row of case-cli-1 version 2: actor_id is`,
    );

    const { stdout } = await rebuildAudit();
    expect(stdout).toMatch(/audit: generation 2 is live/);
    expect((await audit('verify')).stdout).toContain('The read model audit matches the log.');
  }, 90_000);

  it('a planted row with a huge stream id holding line breaks and terminal escapes: printed cut short and escaped, no line forged', async () => {
    const forged = `case-x\r\n\u001b[2K\u001b[1GThe read model audit matches the log.\n${'x'.repeat(4 * 1024 * 1024)}`;
    const hostile = new Pool({ connectionString: db.appUrl, max: 1 });
    try {
      await hostile.query(
        `INSERT INTO audit_events (position, event_id, stream_id, stream_version, type, recorded_at) VALUES (-1, gen_random_uuid(), $1, 1, 'Noted', now())`,
        [forged],
      );
      const verification = await failed(audit('verify'));
      expect(verification.code).toBe(1);
      expect(verification.stdout.length).toBeLessThan(5_000);
      expect(verification.stdout).not.toContain('\r');
      expect(verification.stdout).not.toContain('\u001b');
      expect(verification.stdout.split('\n')).not.toContain('The read model audit matches the log.');
      expect(verification.stdout).toContain('("case-x\\r\\n\\u001b[2K\\u001b[1GThe read model audit matches the log.\\nxxx');
    } finally {
      await hostile.query('DELETE FROM audit_events WHERE position = -1');
      await hostile.end();
    }
  }, 60_000);

  it('after a superuser changed one byte: exit 1, naming the event; a rebuild refuses, unless --force', async () => {
    const { rows } = await db.pool.query<{ position: string }>(
      "SELECT global_position::text AS position FROM events WHERE stream_id = 'case-cli-2' AND stream_version = 2",
    );
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(`UPDATE events SET data = '{"n":3}' WHERE stream_id = 'case-cli-2' AND stream_version = 2`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const verification = await failed(audit('verify'));
    expect(verification.code).toBe(1);
    expect(verification.stdout).toContain('The log FAILS verification: 1 failure.');
    expect(verification.stdout).toContain(
      `  hash_mismatch: case-cli-2 version 2 at position ${rows[0].position}: case-cli-2 version 2 does not match its hash`,
    );

    const refused = await failed(rebuild());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Refusing to rebuild case-list: the event log fails verification (1 failures; first: case-cli-2 version 2',
    );
    expect((await db.pool.query("SELECT to_regclass('case_list__g1') AS t")).rows[0].t).toBeNull();

    // The warning on stderr, the report on stdout.
    const { stdout, stderr } = await rebuild('--force');
    expect(stderr).toContain('--force: rebuilding from a log that fails verification');
    expect(stdout).toContain('The log FAILS verification: 1 failure.');
    expect(stdout).toMatch(/case-list: generation 1 is live/);
    // Every verification was recorded: the four by `audit verify` and the two audit rebuilds' above, this one's, the two rebuilds', and the planted row's.
    expect((await db.pool.query("SELECT count(*)::int AS n FROM events WHERE type = 'AuditLogVerified'")).rows[0].n).toBe(10);
  }, 90_000);
});
