import { caseListProjection } from '@app/projections/case-list/case-list.projection';
import { as, startTestApi } from '../support/api-app';
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

/** Lag of the read models, in the health details and as Prometheus metrics (on the management listener). */
describe('projection lag', () => {
  it('is 0 once the projector has caught up (APP_ROLE=all)', async () => {
    const api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    try {
      const { position } = (await api.http.post('/api/v1/cases').set(as.intake).send(complaint).expect(201)).body;
      await api.http.get('/api/v1/cases').query({ after: position }).set(as.intake).expect(200);
      const health = (await api.http.get('/api/v1/health/details').set(as.admin).expect(200)).body;
      expect(health.projections).toContainEqual(
        expect.objectContaining({
          name: 'case-list',
          version: caseListProjection.version,
          position,
          headPosition: position,
          lagEvents: 0,
          lagSeconds: 0,
          eventsApplied: 1,
        }),
      );
      const metrics = await (await api.management()).get('/metrics').expect(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      expect(metrics.text).toContain('projection_lag_events{projection="case-list"} 0\n');
      expect(metrics.text).toContain('projection_stopped{projection="case-list"} 0\n');
      expect(metrics.text).toContain('# TYPE projection_events_applied_total counter');
      expect(metrics.text).toContain('projection_events_applied_total{projection="case-list"} 1\n');
    } finally {
      await api.close();
    }
  });

  it('counts the events not yet applied when no projector runs (APP_ROLE=api)', async () => {
    const api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } });
    try {
      await api.http.post('/api/v1/cases').set(as.intake).send(complaint).expect(201);
      await api.http.post('/api/v1/cases').set(as.intake).send(complaint).expect(201);
      type Lag = { lagEvents: number; lagSeconds: number; position: string | null };
      let lag: Lag | undefined;
      await waitUntil(
        async () => {
          lag = (await api.http.get('/api/v1/health/details').set(as.admin).expect(200)).body.projections.find(
            (p: { name: string }) => p.name === 'case-list',
          );
          return lag?.lagEvents === 2;
        },
        { timeoutMs: 10_000, failure: 'the case list never showed 2 events of lag' },
      );
      expect(lag).toMatchObject({ lagEvents: 2, position: null });
      expect(lag!.lagSeconds).toBeGreaterThanOrEqual(0);
      expect((await (await api.management()).get('/metrics').expect(200)).text).toContain(
        'projection_lag_events{projection="case-list"} 2\n',
      );
    } finally {
      await api.close();
    }
  });
});
