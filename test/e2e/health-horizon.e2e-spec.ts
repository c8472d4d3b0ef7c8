import { Client } from 'pg';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { sample } from '../support/prometheus';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

const complaint = {
  channel: 'web',
  category: 'enquiry',
  urgency: 'normal',
  title: '咨询开办流程',
  description: '…',
  complainedUnitId: 'dept-market',
  receivedAt: '2026-11-16T08:00:00+08:00',
  complainant: { anonymous: true },
};

interface Details {
  status: string;
  visibility: { heldBackEvents: number; heldBackSeconds: number; holder: Record<string, unknown> | null };
  projections: Array<{ name: string; lagEvents: number; lagSeconds: number; version: number | null }>;
}

/**
 * Readers see only events below the oldest transaction id still open on the database server, in any
 * of its databases. A transaction left open elsewhere therefore stops every read model while the
 * projector has nothing to read: the health details and the metrics say so, and name the holder.
 * The hold lasts as short as the test can make it: other test files share this server.
 */
describe('health: events held back by a transaction open in another database', () => {
  let api: TestApi;
  // The projector runs (APP_ROLE=all), as the application's role, without the right to see what other roles' sessions do.
  // Building every read model first may take longer than a test's default 30 s on a loaded machine.
  beforeAll(async () => {
    api = await startTestApi({
      now: '2026-11-16T09:00:00+08:00',
      asAppRole: true,
      env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED },
    });
  }, 60_000);
  afterAll(async () => api?.close());

  const details = async (): Promise<Details> => (await api.http.get('/api/v1/health/details').set(as.admin).expect(200)).body;
  const caseList = (report: Details) => report.projections.find((p) => p.name === 'case-list')!;

  it('reports the held-back events with a growing age and who holds them, in each lag and in /metrics, until the transaction ends', async () => {
    await waitUntil(async () => caseList(await details()).version !== null, {
      timeoutMs: 20_000,
      failure: 'the case list was never built',
    });
    const holder = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL, application_name: 'horizon-holder' });
    await holder.connect();
    let position: string;
    try {
      await holder.query('BEGIN');
      const pid = (await holder.query('SELECT pg_backend_pid() AS pid, pg_current_xact_id()')).rows[0].pid as number;
      ({ position } = (await api.http.post('/api/v1/cases').set(as.intake).send(complaint).expect(201)).body);

      const held = await waitUntil(
        async () => {
          const report = await details();
          return report.visibility.heldBackEvents >= 1 && report.visibility.holder?.pid === pid ? report : undefined;
        },
        { timeoutMs: 10_000, failure: 'the held-back event and its holder were never reported' },
      );
      expect(held.visibility.holder).toEqual({
        pid,
        database: new URL(process.env.TEST_PG_ADMIN_URL!).pathname.slice(1),
        user: expect.any(String),
        applicationName: 'horizon-holder',
        // What another role's session does, and since when, only a privileged role may see.
        state: null,
        transactionStartedAt: null,
      });
      // The case list has not got the case, and its lag says so (it used to say 0).
      expect(caseList(held).lagEvents).toBeGreaterThanOrEqual(1);

      const later = await waitUntil(
        async () => {
          const report = await details();
          return report.visibility.heldBackSeconds > held.visibility.heldBackSeconds ? report : undefined;
        },
        { timeoutMs: 10_000, failure: 'the age of the held-back events did not grow' },
      );
      expect(caseList(later).lagSeconds).toBeGreaterThan(0);
      const metrics = (await (await api.management()).get('/metrics').expect(200)).text;
      expect(sample(metrics, 'event_store_held_back_events')).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, 'event_store_held_back_seconds')).toBeGreaterThan(0);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }

    const cleared = await waitUntil(
      async () => {
        const report = await details();
        return report.visibility.heldBackEvents === 0 && caseList(report).lagEvents === 0 ? report : undefined;
      },
      { timeoutMs: 10_000, failure: 'the hold did not clear once the transaction ended' },
    );
    expect(cleared.visibility).toEqual({ heldBackEvents: 0, heldBackEventsCapped: false, heldBackSeconds: 0, holder: null });
    expect(cleared.status).toBe('ok');
    await api.http.get('/api/v1/cases').query({ after: position }).set(as.intake).expect(200);
  });
});
