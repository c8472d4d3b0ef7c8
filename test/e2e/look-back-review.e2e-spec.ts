import { ApiClient, type Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * 回头看 over HTTP: the discipline office reopens a closed case on a look-back review. The case goes
 * back into handling in a new round for its lead unit, with a handling due date counted from the
 * review, the reason and the reviewer in the history; the case list shows it in progress; the lead
 * handles it again and, round 1 having found no rectification needed, now plans measures.
 */
describe('a closed case reopened on a look-back review (回头看)', () => {
  let api: TestApi;
  let client: ApiClient;
  let closed: string;
  const market = 'dept-market';
  const REASON = '回头看发现窗口仍要求企业重复提交材料';
  const reviewReopen = (caseId: string, who: Record<string, string>, body: object = { reason: REASON }) =>
    api.http.post(`/api/v1/cases/${caseId}/review-reopen`).set(who).send(body);
  const view = async (caseId: string): Promise<Json> => (await api.http.get(`/api/v1/cases/${caseId}`).set(as.intake).expect(200)).body;

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:30:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    // An anonymous complaint (no return visit) handled, found to need no rectification, closed.
    closed = await client.dispatch({ title: '营业执照变更反复补材料', receivedAt: '2026-11-16T09:00:00+08:00' }, market);
    const c = `/api/v1/cases/${closed}`;
    await client.send(`${c}/acknowledge`, as.unit(market));
    await client.send(`${c}/report-handling`, as.unit(market), {
      factsFound: '材料要求系政策调整',
      factsEstablished: true,
      result: '已一次性告知',
    });
    await client.send(`${c}/plan-rectification`, as.unit(market), { measures: [], noRectificationReason: '窗口已按规定一次性告知' });
    await client.send(`${c}/close`, as.intake, { accountabilityNotRequiredReason: '无人员过错' });
  }, 60_000); // the app, its projector and a fresh database start here
  afterAll(async () => api?.close());

  it('is the discipline office’s alone, needs a reason, and only reopens a closed case', async () => {
    for (const who of [as.intake, as.unit(market), as.admin]) {
      const refused = await reviewReopen(closed, who).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN_ROLE');
    }
    const noReason = await reviewReopen(closed, as.discipline, {}).expect(400);
    expect(noReason.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noReason.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });

    const inProgress = await client.dispatch({ title: '施工许可审批超时', receivedAt: '2026-11-16T09:10:00+08:00' }, market);
    const notClosed = await reviewReopen(inProgress, as.discipline).expect(422);
    expect(notClosed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(notClosed.body).toMatchObject({ code: 'CASE_NOT_CLOSED', caseStatus: 'in_progress' });
    expect((await reviewReopen('00000000-0000-4000-8000-000000000000', as.discipline).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    // Intake's reopening stays refused on a closed case: closing is final for everyone else.
    const intakeReopen = await api.http.post(`/api/v1/cases/${closed}/reopen`).set(as.intake).send({ reason: '回访不满意' }).expect(422);
    expect(intakeReopen.body.code).toBe('CASE_CLOSED');
    expect((await view(closed)).status).toBe('closed');
  });

  it('puts the case back in progress in round 2 for the lead unit, due 10 working days from the review', async () => {
    api.clock.set('2026-11-20T10:00:00+08:00'); // Friday
    const reopened = await reviewReopen(closed, as.discipline).expect(200);
    client.position = reopened.body.position;

    expect(await view(closed)).toMatchObject({ status: 'in_progress', round: 2, leadReport: null, lastVisit: null });
    expect((await view(closed)).units.find((u: Json) => u.unitId === market)).toMatchObject({ handlingDue: '2026-12-04', reported: false });
    const history = (await api.http.get(`/api/v1/cases/${closed}/history`).set(as.discipline).expect(200)).body.events;
    expect(history.at(-1)).toMatchObject({
      type: 'CaseReopened',
      data: { reason: REASON, round: 2, leadUnitId: market, handlingDue: '2026-12-04', lookBack: true },
      metadata: { actorId: 'jjjc-li', role: 'discipline' },
    });
    expect(history.at(-1).data).toMatchObject({ calendarVersion: expect.any(String), timeLimitsVersion: expect.any(String) });

    const listed = await client.read('/api/v1/cases', {}, as.intake);
    expect(listed.items.find((i: Json) => i.id === closed)).toMatchObject({ status: 'in_progress', round: 2, closedAt: null });

    // The new round: the lead reports again and, where round 1 needed no rectification, plans measures.
    const c = `/api/v1/cases/${closed}`;
    await client.send(`${c}/report-handling`, as.unit(market), {
      factsFound: '窗口仍存在重复要求',
      factsEstablished: true,
      result: '已整改',
    });
    const measure = { description: '窗口材料清单统一公示', responsibleUnitId: market, responsibleLeader: '张局长', dueDate: '2026-12-10' };
    await client.send(`${c}/plan-rectification`, as.unit(market), { measures: [measure] });
    expect((await view(closed)).measures).toEqual([expect.objectContaining({ measureId: 'M1', status: 'planned' })]);
    const early = await api.http.post(`${c}/close`).set(as.intake).send({ accountabilityNotRequiredReason: '无人员过错' }).expect(422);
    expect(early.body).toMatchObject({ code: 'CLOSURE_GATE_MEASURES_UNVERIFIED', measureIds: ['M1'] });
  });
});
