import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PROJECTIONS } from '@app/projections';
import { RebuildLock } from '@app/projections/runner/rebuild-lock';
import { BATCH_LOCK_KEY, lockBatch } from '@app/projections/runner/locks';
import { PostgresEventStore } from '@app/event-store';
import { projectionsCaughtUp, readModelHashes } from '../support/projection-kit';
import { waitUntil } from '../support/wait';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

const CLI = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli/projections.js');
const run = promisify(execFile);

/** `npm run projections -- rebuild`: fresh tables swapped in while the API keeps answering from the old ones. */
describe('projections CLI', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
  });
  afterAll(async () => api.close());

  /** The CLI's sessions are named, so the test can tell them from the API's own projector's. */
  const CLI_SESSIONS = 'projections-cli-under-test';
  /** Whether the CLI's rebuild of `name` waits at its swap for the read model's batch lock (rebuild.ts): built, not swapped in. */
  const swapWaiting = async (name: string): Promise<boolean> => {
    const { rows } = await api.db.pool.query(
      `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a USING (pid)
        WHERE a.application_name = $3 AND l.locktype = 'advisory' AND NOT l.granted
          AND l.classid = $1 AND l.objid::bigint = (hashtext($2)::bigint + 4294967296) % 4294967296`,
      [BATCH_LOCK_KEY, name, CLI_SESSIONS],
    );
    return rows[0].waiting > 0;
  };

  it('rebuilds into the next generation, with the same rows, while queries keep answering', async () => {
    let position = '';
    for (let i = 0; i < 5; i++) {
      position = (
        await api.http
          .post('/api/v1/cases')
          .set(as.intake)
          .send({
            channel: 'web',
            category: 'enquiry',
            urgency: 'normal',
            title: `咨询${i}`,
            description: '…',
            complainedUnitId: 'dept-market',
            receivedAt: '2026-11-16T08:00:00+08:00',
            complainant: { anonymous: true },
          })
          .expect(201)
      ).body.position;
    }
    const before = (await api.http.get('/api/v1/cases').query({ after: position, limit: 100 }).set(as.intake).expect(200)).body.items;
    // The rebuild's swap takes the read model's batch lock: held here, the CLI's rebuild waits at
    // its swap, built and not swapped in, while the queries below run, whatever the machine's speed.
    const swapHeld = await api.db.pool.connect();
    await swapHeld.query('BEGIN');
    await lockBatch(swapHeld, 'case-list');
    const cliUrl = `${api.db.url}${api.db.url.includes('?') ? '&' : '?'}application_name=${CLI_SESSIONS}`;
    const rebuilding = run('node', [CLI, 'rebuild', 'case-list'], { env: { ...process.env, DATABASE_URL: cliUrl, LOG_LEVEL: 'warn' } });
    try {
      await waitUntil(() => swapWaiting('case-list'), { timeoutMs: 45_000, failure: 'the rebuild never came to its swap' });
      for (let i = 0; i < 5; i++) expect((await api.http.get('/api/v1/cases').set(as.intake).expect(200)).body.items).toHaveLength(5);
      expect(await swapWaiting('case-list')).toBe(true);
    } finally {
      await swapHeld.query('COMMIT');
      swapHeld.release();
      // Ended before the next test, whatever happened here: it rebuilds the same read models.
      await rebuilding.catch(() => undefined);
    }
    // Its report on stdout; stderr holds its log.
    const { stdout } = await rebuilding;
    expect(stdout).toMatch(/case-list: rebuilt from 5 events in [\d.]+ s/);
    expect(stdout).toMatch(/case-list: generation 2 is live/);
    const after = (await api.http.get('/api/v1/cases').query({ limit: 100 }).set(as.intake).expect(200)).body.items;
    expect(after).toEqual(before);
  }, 60_000);

  it('rebuilds every read model in one pass with "all", each into its next generation with the same rows', async () => {
    const { rows } = await api.db.pool.query('SELECT name, generation FROM projection_checkpoints');
    const generations = Object.fromEntries(rows.map((r) => [r.name, r.generation]));
    // The audit log is left out: the CLI records its verification of the log (an event only the audit follows).
    const others = PROJECTIONS.filter((p) => p.name !== 'audit');
    const store = new PostgresEventStore(api.db.pool, api.db.url);
    await waitUntil(() => projectionsCaughtUp(api.db.pool, store, others), { timeoutMs: 20_000 }).finally(() => store.close());
    const before = await readModelHashes(api.db.pool, others);
    const { stdout } = await run('node', [CLI, 'rebuild', 'all'], { env: { ...process.env, DATABASE_URL: api.db.url, LOG_LEVEL: 'warn' } });
    expect(stdout).toMatch(new RegExp(`${PROJECTIONS.length} read models: rebuilt from \\d+ events`));
    for (const { name } of PROJECTIONS) expect(stdout).toContain(`${name}: generation ${generations[name] + 1} is live`);
    expect(await readModelHashes(api.db.pool, others)).toEqual(before);
    // The CLI's own verification event may land after the rebuild read the log's head: the API's
    // projector then follows it into the new generation, so the audit log catches up, not at once.
    let counts = { events: '', audited: '' };
    await waitUntil(
      async () => {
        [counts] = (
          await api.db.pool.query('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM audit_events) AS audited')
        ).rows;
        return counts.audited === counts.events;
      },
      { timeoutMs: 20_000, failure: 'the audit log did not catch up with the log' },
    ).catch(() => expect(counts.audited).toBe(counts.events));
  }, 60_000);

  it('refuses, touching nothing, while another rebuild of the read model is under way', async () => {
    const generation = async () =>
      (await api.db.pool.query(`SELECT generation FROM projection_checkpoints WHERE name = 'case-list'`)).rows[0].generation as number;
    const before = await generation();
    const other = await RebuildLock.take(api.db.pool, ['case-list'], { wait: false }); // as a rebuild elsewhere holds it
    try {
      await expect(
        run('node', [CLI, 'rebuild', 'case-list'], { env: { ...process.env, DATABASE_URL: api.db.url, LOG_LEVEL: 'warn' } }),
      ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Another rebuild of case-list is under way') });
    } finally {
      await other.release();
    }
    expect(await generation()).toBe(before);
  }, 60_000);

  it('names the projections it knows when given another', async () => {
    await expect(run('node', [CLI, 'rebuild', 'nonsense'], { env: { ...process.env, DATABASE_URL: api.db.url } })).rejects.toMatchObject({
      code: 64,
      stderr: expect.stringContaining('names: case-list'),
    });
  });
});
