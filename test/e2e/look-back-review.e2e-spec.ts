import { caseDecider, caseStreamId, unitStreamId } from '@app/domain';
import { caseReopened } from '@app/domain/case/case.fixtures';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { ApiClient, type Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { appendVisible } from '../support/event-log';
import { heldAtAppend } from '../support/stream-locks';
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
  const store = () => api.app.get<EventStore>(EVENT_STORE);
  const reviewReopen = (caseId: string, who: Record<string, string>, body: object = { reason: REASON }) =>
    api.http.post(`/api/v1/cases/${caseId}/review-reopen`).set(who).send(body);
  const view = async (caseId: string): Promise<Json> => (await api.http.get(`/api/v1/cases/${caseId}`).set(as.intake).expect(200)).body;
  /** An anonymous complaint (no return visit) led by `unitId`, handled, found to need no rectification, closed. */
  const closedCaseOf = async (unitId: string, title: string): Promise<string> => {
    const caseId = await client.dispatch({ title, receivedAt: '2026-11-16T09:00:00+08:00' }, unitId);
    const c = `/api/v1/cases/${caseId}`;
    await client.send(`${c}/acknowledge`, as.unit(unitId));
    await client.send(`${c}/report-handling`, as.unit(unitId), {
      factsFound: '材料要求系政策调整',
      factsEstablished: true,
      result: '已一次性告知',
    });
    await client.send(`${c}/plan-rectification`, as.unit(unitId), { measures: [], noRectificationReason: '窗口已按规定一次性告知' });
    await client.send(`${c}/close`, as.intake, { accountabilityNotRequiredReason: '无人员过错' });
    return caseId;
  };
  const register = (id: string, name: string) =>
    api.http.post('/api/v1/units').set(as.admin).send({ id, name, kind: 'department' }).expect(201);
  const retire = (id: string) => api.http.post(`/api/v1/units/${id}/retire`).set(as.admin).send({ reason: '机构改革撤并' });
  const historyOf = async (caseId: string): Promise<Json[]> =>
    (await api.http.get(`/api/v1/cases/${caseId}/history`).set(as.discipline).expect(200)).body.events;

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:30:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    // An anonymous complaint (no return visit) handled, found to need no rectification, closed.
    closed = await closedCaseOf(market, '营业执照变更反复补材料');
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

  // A unit retired after its case closed (机构改革) answers for nothing new: a look-back cannot hand it
  // the case again (docs/rules.md#look-back-review), nor can a retirement slip in beside one.

  it('refuses a closed case whose lead unit has been retired since: 422 UNIT_RETIRED naming the unit; the case stays closed', async () => {
    await register('dept-lb-1', '区回头看测试一局');
    const caseId = await closedCaseOf('dept-lb-1', '办事指南与窗口要求不一致');
    expect((await retire('dept-lb-1')).status).toBe(200);
    const before = await historyOf(caseId);

    const refused = await reviewReopen(caseId, as.discipline).expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'UNIT_RETIRED', unitId: 'dept-lb-1' });
    expect(refused.body.field).toBeUndefined();
    expect(await historyOf(caseId)).toEqual(before);
    expect((await view(caseId)).status).toBe('closed');
  });

  it('a lead retired while a look-back waits at its append: the look-back is decided again and refused, 422 UNIT_RETIRED', async () => {
    await register('dept-lb-2', '区回头看测试二局');
    const caseId = await closedCaseOf('dept-lb-2', '审批材料重复提交');
    const answered = await heldAtAppend(
      api.db.pool,
      caseStreamId(caseId),
      () => reviewReopen(caseId, as.discipline),
      async () => expect((await retire('dept-lb-2')).status).toBe(200),
    );
    expect([answered.status, answered.body]).toEqual([422, expect.objectContaining({ code: 'UNIT_RETIRED', unitId: 'dept-lb-2' })]);
    expect((await view(caseId)).status).toBe('closed');
  });

  it('a look-back recorded while its lead’s retirement waits at its append: the retirement is looked up again and refused, 422 UNIT_HAS_OPEN_CASES', async () => {
    await register('dept-lb-3', '区回头看测试三局');
    const caseId = await closedCaseOf('dept-lb-3', '窗口推诿未一次性告知');
    const answered = await heldAtAppend(
      api.db.pool,
      unitStreamId('dept-lb-3'),
      () => retire('dept-lb-3'),
      // As a look-back lands that commits in between (its own append confirms the unit, not yet retired).
      async () => {
        const { state } = await loadAggregate(store(), caseStreamId(caseId), caseDecider);
        await appendVisible(store(), caseStreamId(caseId), [
          caseReopened({ reason: REASON, round: state.round + 1, leadUnitId: 'dept-lb-3', handlingDue: '2026-12-31', lookBack: true }),
        ]);
      },
    );
    expect([answered.status, answered.body]).toEqual([
      422,
      expect.objectContaining({ code: 'UNIT_HAS_OPEN_CASES', unitId: 'dept-lb-3', openCases: 1 }),
    ]);
    expect((await api.http.get('/api/v1/units/dept-lb-3').set(as.admin).expect(200)).body.status).toBe('active');
  });
});
