import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * A December complaint whose due date falls in a year the calendar has no data for is refused, not
 * guessed as Monday–Friday; once the admin publishes that year, the same dispatch is computed.
 */
describe('dispatching a complaint whose due date falls in 2027', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi({ now: '2026-12-24T10:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } })));
  afterAll(async () => api.close());

  it('is refused with CALENDAR_YEAR_MISSING until the 2027 calendar is published, then computed with it', async () => {
    const caseId = await new ApiClient(api).fileAndAccept({
      channel: 'email',
      category: 'high_business_cost',
      title: '用电报装费用过高',
      description: '报装收费标准不透明',
      complainedUnitId: 'dept-housing',
      receivedAt: '2026-12-24T09:00:00+08:00',
    });
    const c = `/api/v1/cases/${caseId}`;
    const notify = () =>
      api.http.post(`${c}/notify-unit`).set(as.intake).send({ unitId: 'dept-housing', role: 'lead', responsibleLeader: '李局长' });

    const before = await api.eventCount();
    const refused = await notify().expect(422);
    expect(refused.body).toMatchObject({ code: 'CALENDAR_YEAR_MISSING', year: 2027 });
    expect(await api.eventCount()).toBe(before);

    // TEST DATA shaped like a State Council notice (the 2027 notice is not published in chinese-days 1.5.7).
    await api.http
      .put('/api/v1/admin/calendar/2027')
      .set(as.admin)
      .send({ holidays: ['2027-01-01'], makeUpWorkdays: [], note: 'test data' })
      .expect(200);
    await notify().expect(200);
    const history = (await api.http.get(`${c}/history`).set(as.intake).expect(200)).body.events;
    // 10 working days from Thu 24 Dec 2026, Fri 1 Jan 2027 off: Fri 8 Jan 2027. Both years' data are named.
    expect(history.at(-1).data).toMatchObject({ handlingDue: '2027-01-08', calendarVersion: '2026:chinese-days@1.5.7,2027:admin@1' });
  });
});
