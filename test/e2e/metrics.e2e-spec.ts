import { randomUUID } from 'node:crypto';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { sample } from '../support/prometheus';
import { TEST_UNITS_SEED } from '../support/test-units';

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

async function scrape(api: TestApi): Promise<string> {
  return (await (await api.management()).get('/metrics').expect(200)).text;
}

/** GET /metrics on the management listener: the process, the API's requests and commands, in a registry per application. */
describe('metrics', () => {
  let api: TestApi;
  let other: TestApi;
  beforeAll(async () => {
    [api, other] = await Promise.all(
      [0, 1].map(() => startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } })),
    );
  });
  afterAll(async () => Promise.all([api?.close(), other?.close()]));

  it('counts commands by type and outcome, a refusal with the code its caller got', async () => {
    const { id } = (await api.http.post('/api/v1/cases').set(as.intake).send(complaint).expect(201)).body;
    await api.http.post(`/api/v1/cases/${id}/accept`).set(as.intake).send({}).expect(200);
    await api.http.post(`/api/v1/cases/${randomUUID()}/accept`).set(as.intake).send({}).expect(404);
    // Refused before it is a command (a body that is not one): not counted as a command.
    await api.http.post('/api/v1/cases').set(as.intake).send({}).expect(400);

    const text = await scrape(api);
    expect(sample(text, 'commands_total', { command: 'FileComplaint', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'commands_total', { command: 'AcceptComplaint', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'commands_total', { command: 'AcceptComplaint', outcome: 'refused', code: 'CASE_NOT_FOUND' })).toBe(1);
    expect(text.match(/^commands_total\{/gm)).toHaveLength(3);
  });

  it('times requests by method, route template and status, and shows the process', async () => {
    const { id } = (await api.http.post('/api/v1/cases').set(as.intake).send(complaint).expect(201)).body;
    await api.http.get(`/api/v1/cases/${id}`).set(as.intake).expect(200);
    await api.http.get(`/api/v1/cases/${id}`).expect(401);
    await api.http.get(`/no-such-route/${id}`).expect(404);

    const text = await scrape(api);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    const count = (labels: Record<string, string>) => sample(text, 'http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/api/v1/cases/:id', status: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/v1/cases/:id', status: '401' })).toBe(1);
    expect(count({ method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(count({ method: 'POST', route: '/api/v1/cases', status: '201' })).toBeGreaterThanOrEqual(1);
    // No path of a case anywhere: one series per route, not per case.
    expect(text).not.toContain(id);
    expect(sample(text, 'http_request_duration_seconds_bucket', { route: '/api/v1/cases/:id', status: '200', le: '+Inf' })).toBe(1);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('keeps each application’s counts to itself', async () => {
    const text = await scrape(other);
    expect(text).not.toMatch(/^commands_total\{/m);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/v1/cases' })).toBeUndefined();
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});
