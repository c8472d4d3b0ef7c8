import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * One complaint through its whole life over HTTP, on the real 2026 calendar: filing, dispatch,
 * sign-for, extension, handling, two rectification measures (one rejected, then verified), an
 * unsatisfied return visit, reopening, second handling, a satisfied visit, accountability, closing;
 * then the full history with the right metadata.
 */
describe('a complaint from filing to closing', () => {
  let api: TestApi;
  const market = 'dept-market';
  const housing = 'dept-housing';
  beforeAll(async () => (api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } })));
  afterAll(async () => api.close());

  it('is carried through every step, and its history tells the story', async () => {
    const at = (instant: string) => api.clock.set(instant);
    const post = (path: string, headers: Record<string, string>, body: object = {}) => api.http.post(path).set(headers).send(body);

    const filed = await post('/api/v1/cases', as.intake, {
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '餐饮许可证办理反复要求补材料',
      description: '企业三次提交材料均被要求补充，且每次要求不同。',
      complainedUnitId: market,
      receivedAt: '2026-09-24T09:00:00+08:00',
      complainant: { anonymous: false, name: '王某', phone: '13800138000', enterprise: '某某餐饮有限公司' },
    }).expect(201);
    const id: string = filed.body.id;
    expect(filed.headers.location).toBe(`/api/v1/cases/${id}`);
    // The complainant's query code (查询码, issue 9): answered to intake once, at filing.
    expect(filed.body).toEqual({
      id,
      version: 1,
      position: expect.stringMatching(/^\d+$/),
      queryCode: expect.stringMatching(/^(\w{4}-){3}\w{4}$/),
    });
    const c = `/api/v1/cases/${id}`;

    const accepted = await post(`${c}/accept`, as.intake).set('If-Match', '"1"').expect(200);
    expect(accepted.body).toEqual({ id, version: 2, position: expect.stringMatching(/^\d+$/) });
    const notified = await post(`${c}/notify-unit`, as.intake, { unitId: market, role: 'lead', responsibleLeader: '张局长' }).expect(200);
    expect(notified.body.version).toBe(3);
    expect(BigInt(notified.body.position)).toBeGreaterThan(BigInt(filed.body.position));
    await post(`${c}/notify-unit`, as.intake, { unitId: housing, role: 'co', responsibleLeader: '李主任' }).expect(200);

    // Received Thursday 24 Sep with 10 working days: Mid-Autumn and National Day skipped, Sat 10 Oct
    // worked. Sign-for within 1 working day: Friday 25 Sep is Mid-Autumn, so Monday 28 Sep.
    let view = (await api.http.get(c).set(as.intake).expect(200)).body;
    expect(view.units.find((u: { unitId: string }) => u.unitId === market)).toMatchObject({
      signForDue: '2026-09-28',
      handlingDue: '2026-10-15',
    });

    at('2026-09-25T10:00:00+08:00');
    await post(`${c}/acknowledge`, as.unit(market)).expect(200);
    await post(`${c}/acknowledge`, as.unit(housing)).expect(200);

    at('2026-10-12T10:00:00+08:00');
    await post(`${c}/request-extension`, as.unit(market), { reason: '需现场核查三家门店', workingDays: 5 }).expect(200);
    await post(`${c}/decide-extension`, as.intake, { unitId: market, approve: true, reason: '同意延期' }).expect(200);
    view = (await api.http.get(c).set(as.unit(market)).expect(200)).body;
    expect(view.units.find((u: { unitId: string }) => u.unitId === market).handlingDue).toBe('2026-10-22');

    at('2026-10-20T16:00:00+08:00');
    await post(`${c}/report-handling`, as.unit(market), {
      factsFound: '窗口人员未一次性告知所需材料',
      factsEstablished: true,
      result: '已当场办结许可证',
    }).expect(200);
    // What the unit found is on the case, for intake to verify against.
    view = (await api.http.get(c).set(as.intake).expect(200)).body;
    expect(view.leadReport).toEqual({ factsEstablished: true, factsFound: '窗口人员未一次性告知所需材料', result: '已当场办结许可证' });
    const planned = await post(`${c}/plan-rectification`, as.unit(market), {
      measures: [
        { description: '编制一次性告知清单并上墙公示', responsibleUnitId: market, responsibleLeader: '张局长', dueDate: '2026-11-06' },
        { description: '窗口人员业务培训', responsibleUnitId: market, responsibleLeader: '赵科长', dueDate: '2026-11-13' },
      ],
    }).expect(200);
    expect(planned.body.version).toBe(10);

    at('2026-11-05T10:00:00+08:00');
    await post(`${c}/report-rectification`, as.unit(market), { measureId: 'M1', report: '清单已公示' }).expect(200);
    await post(`${c}/report-rectification`, as.unit(market), { measureId: 'M2', report: '培训已完成' }).expect(200);
    await post(`${c}/verify-rectification`, as.intake, { measureId: 'M1', approve: true, note: '现场查看属实' }).expect(200);
    await post(`${c}/verify-rectification`, as.discipline, { measureId: 'M2', approve: false, note: '培训无签到记录' }).expect(200);
    await post(`${c}/report-rectification`, as.unit(market), { measureId: 'M2', report: '补充签到表与考试成绩' }).expect(200);
    await post(`${c}/verify-rectification`, as.discipline, { measureId: 'M2', approve: true, note: '材料齐全' }).expect(200);

    await post(`${c}/record-return-visit`, as.intake, { satisfaction: 'unsatisfied', note: '认为未追究窗口人员责任' }).expect(200);
    at('2026-11-09T09:00:00+08:00');
    await post(`${c}/reopen`, as.intake, { reason: '回访不满意，重办' }).expect(200);
    view = (await api.http.get(c).set(as.intake).expect(200)).body;
    expect(view).toMatchObject({ round: 2, leadReport: null, lastVisit: null });

    at('2026-11-16T15:00:00+08:00');
    await post(`${c}/report-handling`, as.unit(market), {
      factsFound: '窗口人员存在推诿',
      factsEstablished: true,
      result: '已向企业当面道歉并说明处理情况',
    }).expect(200);
    // Rectification is decided again in round 2 (docs/rules.md#closure-gate-四不放过).
    await post(`${c}/plan-rectification`, as.unit(market), { measures: [], noRectificationReason: '原整改措施已验收，无需新增' }).expect(
      200,
    );
    await post(`${c}/record-return-visit`, as.intake, { satisfaction: 'satisfied', note: null }).expect(200);
    await post(`${c}/issue-accountability`, as.discipline, {
      target: { kind: 'person', unitId: market, name: '刘某', position: '窗口工作人员' },
      forms: ['admonishment', 'performance_deduction'],
      basis: { facts: '未履行一次性告知义务，致企业往返三次', rule: '《首问负责制和一次性告知制度》第五条' },
    }).expect(200);
    at('2026-11-17T10:00:00+08:00');
    const closed = await post(`${c}/close`, as.intake).expect(200);
    expect(closed.body.version).toBe(23);
    expect(closed.headers.etag).toBe('"23"');

    view = (await api.http.get(c).set(as.intake).expect(200)).body;
    expect(view).toMatchObject({ status: 'closed', version: 23, accountabilityIssued: 1 });
    expect(view.measures.map((m: { status: string }) => m.status)).toEqual(['verified', 'verified']);

    const history = (await api.http.get(`${c}/history`).set(as.discipline).expect(200)).body.events;
    expect(history.map((e: { type: string }) => e.type)).toEqual([
      'ComplaintFiled',
      'ComplaintAccepted',
      'UnitNotified',
      'UnitNotified',
      'UnitAcknowledged',
      'UnitAcknowledged',
      'ExtensionRequested',
      'ExtensionGranted',
      'HandlingReported',
      'RectificationPlanned',
      'RectificationReported',
      'RectificationReported',
      'RectificationVerified',
      'RectificationRejected',
      'RectificationReported',
      'RectificationVerified',
      'ReturnVisitRecorded',
      'CaseReopened',
      'HandlingReported',
      'RectificationPlanned',
      'ReturnVisitRecorded',
      'AccountabilityIssued',
      'CaseClosed',
    ]);
    expect(history.map((e: { streamVersion: number }) => e.streamVersion)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const positions = history.map((e: { position: string }) => BigInt(e.position));
    expect(positions.every((p: bigint, i: number) => i === 0 || p > positions[i - 1])).toBe(true);
    expect(history[0].metadata).toMatchObject({
      actorId: 'intake-wang',
      role: 'intake',
      unitId: null,
      occurredAt: '2026-09-24T01:30:00.000Z',
    });
    expect(history[4].metadata).toMatchObject({
      actorId: `${market}-handler`,
      role: 'unit',
      unitId: market,
      occurredAt: '2026-09-25T02:00:00.000Z',
    });
    expect(history[13].metadata).toMatchObject({ actorId: 'jjjc-li', role: 'discipline' });
    expect(history[21]).toMatchObject({ type: 'AccountabilityIssued', metadata: { actorId: 'jjjc-li', role: 'discipline' } });
    for (const e of history) expect(e.metadata.correlationId).toEqual(expect.any(String));
    // The due dates record the calendar and time limits that produced them, for an exact audit replay.
    expect(history[2].data).toMatchObject({ calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' });
    expect(history[7].data).toMatchObject({ previousDue: '2026-10-15', newDue: '2026-10-22' });
    // Time travel: the case as it stood when the extension was granted (recorded at history[7]).
    const then = (await api.http.get(c).query({ asOf: history[7].recordedAt }).set(as.intake).expect(200)).body;
    const recordedBy = history.filter((e: { recordedAt: string }) => Date.parse(e.recordedAt) <= Date.parse(history[7].recordedAt)).length;
    expect(then).toMatchObject({ version: recordedBy, status: 'in_progress', round: 1 });
    expect(recordedBy).toBeLessThan(10); // before the plan (event 10): the time travel did not see the end
    expect(then.units.find((u: { unitId: string }) => u.unitId === market)).toMatchObject({
      handlingDue: '2026-10-22',
      pendingExtension: null,
    });
    expect(then.measures).toEqual([]);
    await api.http.get(c).query({ asOf: 'last tuesday' }).set(as.intake).expect(400);
    await api.http.get(c).query({ asOf: '2000-01-01T00:00:00Z' }).set(as.intake).expect(404);
    // The complainant's identity is not in the log: only a reference.
    expect(JSON.stringify(history)).not.toMatch(/王某|13800138000|某某餐饮/);
    // It is stored under that reference, encrypted (issue 9): intake reads it back for the visit.
    const ref = history[0].data.complainant.ref;
    const stored = await api.db.pool.query('SELECT case_id FROM complainant_identities WHERE ref = $1', [ref]);
    expect(stored.rows).toEqual([{ case_id: id }]);
    const complainant = await api.http.get(`${c}/complainant`).query({ purpose: 'return_visit' }).set(as.intake).expect(200);
    expect(complainant.body.identity).toMatchObject({ name: '王某', phone: '13800138000' });
  });
});
