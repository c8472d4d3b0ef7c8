import { Writable } from 'node:stream';
import { createLogger } from '@app/platform';
import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * The complainant's identity (PIPL; rules on reports, art. 47) never reaches the logs, an error body,
 * the event log, or what a unit reads — whatever the request does, right or wrong.
 */
describe('complainant personal data', () => {
  let api: TestApi;
  const logLines: string[] = [];
  const NAME = '欧阳晓明';
  const PHONE = '13912345678';
  const ENTERPRISE = '新洲晓明五金有限公司';
  const complaint = (overrides: object = {}) => ({
    channel: 'visit',
    category: 'complaint_runaround',
    urgency: 'urgent',
    title: '投诉多次无人处理',
    description: '已三次反映，无回音',
    complainedUnitId: 'dept-housing',
    receivedAt: '2026-11-20T09:00:00+08:00',
    complainant: { anonymous: false, name: NAME, phone: PHONE, enterprise: ENTERPRISE },
    ...overrides,
  });

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
    api = await startTestApi({
      now: '2026-11-20T10:00:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED },
      logger: createLogger('trace', sink),
    });
  });
  afterAll(async () => api.close());

  it('appears in no log line, error body, event or unit-visible read', async () => {
    const bodies: unknown[] = [];
    const c = `/api/v1/cases/${await new ApiClient(api).dispatch(complaint(), 'dept-housing', '李局长')}`;
    // Mistakes carrying the personal data: a bad field beside it, an unknown unit, a malformed body.
    const refusedFiling = async (status: number, body: object | string) => {
      const filing = api.http.post('/api/v1/cases').set(as.intake);
      if (typeof body === 'string') filing.set('Content-Type', 'application/json');
      return (await filing.send(body).expect(status)).body;
    };
    bodies.push(
      await refusedFiling(400, complaint({ channel: 'pigeon' })),
      await refusedFiling(422, complaint({ complainedUnitId: 'dept-nowhere' })),
      await refusedFiling(400, complaint({ complainant: { anonymous: false, name: NAME, phone: `x${PHONE}` } })),
      await refusedFiling(400, `{"complainant":{"name":"${NAME}","phone":"${PHONE}"`),
    );
    const unitView = (await api.http.get(c).set(as.unit('dept-housing')).expect(200)).body;
    const unitHistory = (await api.http.get(`${c}/history`).set(as.unit('dept-housing')).expect(200)).body;
    const discipline = (await api.http.get(`${c}/history`).set(as.discipline).expect(200)).body;
    await new Promise((resolve) => setImmediate(resolve));

    expect(logLines.length).toBeGreaterThan(5); // the requests were logged, at trace level
    for (const [where, text] of [
      ['logs', logLines.join('\n')],
      ['error bodies', JSON.stringify(bodies)],
      ['the unit’s view', JSON.stringify(unitView)],
      ['the unit’s history', JSON.stringify(unitHistory)],
      ['the event log', JSON.stringify(discipline)],
    ]) {
      expect({ where, leaks: [NAME, PHONE, ENTERPRISE].filter((pii) => text.includes(pii)) }).toEqual({ where, leaks: [] });
    }
    // A unit does not even learn the reference to the complainant; the discipline office does.
    expect(unitHistory.events[0].data.complainant).toEqual({ ref: null, anonymous: false });
    expect(discipline.events[0].data.complainant.ref).toEqual(expect.any(String));
  });
});
