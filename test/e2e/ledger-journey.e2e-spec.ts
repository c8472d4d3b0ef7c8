import type { Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { parseCsv } from '../support/csv';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

type Caller = Record<string, string>;

/**
 * Issue 12's journey, end to end over HTTP with the projector and the deadline scheduler running in
 * process on the test's clock (November 2026 has no holidays): a 民主评议 campaign, a 座谈会 that
 * collects 38 suggestions, findings with measures of every size class; some done and verified, one
 * rejected then redone, one left overdue until the scheduler gives it its red card; the 回头看 falls
 * due and the scheduler fires it, then the re-check is recorded; accountability is issued citing a
 * finding and counts against its unit in the appraisal and on the dashboard; and the ledger's file
 * and the campaign's summary state exactly what happened.
 */
describe('the rectification ledger, a campaign from 座谈会 to 回头看', () => {
  let api: TestApi;
  const MARKET = as.unit('dept-market');
  const HOUSING = as.unit('dept-housing');
  let campaignId = '';
  const finding: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let position = '0';

  const post = async (path: string, who: Caller, body: object, status = 200): Promise<Json> => {
    const response = await api.http.post(path).set(who).send(body);
    expect({ path, status: response.status, body: response.status === status ? null : response.body }).toEqual({
      path,
      status,
      body: null,
    });
    if (response.body?.position) position = response.body.position;
    return response.body;
  };
  const get = async (path: string, query: object = {}, who: Caller = as.intake): Promise<Json> =>
    (
      await api.http
        .get(path)
        .query({ after: position, ...query })
        .set(who)
        .expect(200)
    ).body;
  const measureOf = async (key: 'a' | 'b' | 'c', measureId: string): Promise<Json> =>
    (await get('/api/v1/rectifications', { campaignId, limit: 100 })).items.find(
      (m: Json) => m.findingId === finding[key] && m.measureId === measureId,
    );
  /** The scheduler ticks on its own: poll the ledger until the measure shows what the scheduler recorded. */
  const until = (key: 'a' | 'b' | 'c', measureId: string, probe: (m: Json) => boolean, failure: string) =>
    waitUntil(async () => ((m) => (m && probe(m) ? m : undefined))(await measureOf(key, measureId)), {
      timeoutMs: 20_000,
      intervalMs: 200,
      failure,
    });
  const measure = (description: string, responsibleUnitId: string, dueDate: string, sizeClass: string, category: string) => ({
    description,
    responsibleUnitId,
    responsibleLeader: responsibleUnitId === 'dept-market' ? '张副局长' : '王副局长',
    due: { date: dueDate },
    sizeClass,
    category,
  });

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    // The 回头看 five working days after 验收, so it falls due within the journey.
    const defaults = (await api.http.get('/api/v1/admin/ledger').set(as.admin).expect(200)).body;
    const { campaignKinds, findingCategories, measureCategories } = defaults;
    await api.http
      .put('/api/v1/admin/ledger')
      .set(as.admin)
      .send({ campaignKinds, findingCategories, measureCategories, recheckAfterWorkingDays: 5 })
      .expect(200);
  }, 60_000);
  afterAll(async () => api?.close());

  it('the campaign is opened and its 座谈会 collects 38 suggestions', async () => {
    campaignId = (
      await post(
        '/api/v1/campaigns',
        as.intake,
        {
          name: '2026年度民主评议政务环境活动',
          year: 2026,
          organiserUnitId: 'dept-approval',
          kind: 'democratic_appraisal',
          appraisedUnitIds: ['dept-market', 'dept-housing'],
          phases: [
            { phase: 'mobilise', startsOn: '2026-11-02', endsOn: '2026-11-06' },
            { phase: 'consultation', startsOn: '2026-11-09', endsOn: '2026-11-20' },
            { phase: 'look_back', startsOn: '2026-11-23', endsOn: '2026-12-31' },
          ],
        },
        201,
      )
    ).id;
    await post(`/api/v1/campaigns/${campaignId}/activities/meetings`, as.intake, {
      kind: 'symposium',
      title: '企业代表座谈会',
      heldOn: '2026-11-13',
      attendance: 26,
      suggestionsCollected: 38,
    });
    await post(`/api/v1/campaigns/${campaignId}/activities/questionnaires`, as.intake, {
      issued: 500,
      returned: 473,
      recordedOn: '2026-11-13',
    });
  });

  it('findings are raised and the units plan measures of every size class', async () => {
    const raise = async (unitId: string, category: string, description: string) =>
      (
        await post(
          '/api/v1/findings',
          as.intake,
          {
            source: { kind: 'campaign', campaignId },
            unitId,
            category,
            description,
            raisedBy: { kind: 'enterprise', name: '武汉某某科技有限公司' },
          },
          201,
        )
      ).id as string;
    finding.a = await raise('dept-market', 'cumbersome_approval', '营业执照变更需多次往返窗口补交材料');
    finding.b = await raise('dept-market', 'poor_service_attitude', '窗口人员对企业咨询推诿敷衍');
    finding.c = await raise('dept-housing', 'irregular_enforcement', '施工现场检查标准不一、重复检查');
    await post(`/api/v1/findings/${finding.a}/measures`, MARKET, {
      measures: [
        measure('编制一次性告知清单并在窗口公示', 'dept-market', '2026-11-20', 'immediate', 'approval_streamlining'),
        measure('推行变更登记容缺受理', 'dept-market', '2026-11-27', 'supervised', 'approval_streamlining'),
      ],
    });
    await post(`/api/v1/findings/${finding.b}/measures`, MARKET, {
      measures: [measure('开展窗口作风专项整顿', 'dept-market', '2026-11-18', 'studied', 'conduct_and_attitude')],
    });
    await post(`/api/v1/findings/${finding.c}/measures`, HOUSING, {
      measures: [measure('统一检查标准，推行联合检查', 'dept-housing', '2026-11-30', 'escalated', 'enforcement_regulation')],
    });
    const ledger = await get('/api/v1/rectifications', { campaignId, limit: 100 });
    expect(ledger.items.map((m: Json) => `${m.sizeClass}:${m.status}`).sort()).toEqual([
      'escalated:planned',
      'immediate:planned',
      'studied:planned',
      'supervised:planned',
    ]);
    // The 问题 column names each measure's problem: its finding's description.
    const problemOf = (id: string) => new Set(ledger.items.filter((m: Json) => m.findingId === id).map((m: Json) => m.problem));
    expect([problemOf(finding.a), problemOf(finding.c)]).toEqual([
      new Set(['营业执照变更需多次往返窗口补交材料']),
      new Set(['施工现场检查标准不一、重复检查']),
    ]);
  });

  it('some are done and verified, one rejected then redone; the one left undone gets its red card from the scheduler', async () => {
    api.clock.set('2026-11-17T10:00:00+08:00');
    await post(`/api/v1/findings/${finding.a}/measures/M1/completion`, MARKET, { report: '清单已在窗口公示' });
    await post(`/api/v1/findings/${finding.a}/measures/M2/completion`, MARKET, { report: '容缺受理办法已印发' });
    api.clock.set('2026-11-18T10:00:00+08:00');
    await post(`/api/v1/findings/${finding.a}/measures/M1/verify`, as.intake, { note: '现场核实清单已公示' });
    await post(`/api/v1/findings/${finding.a}/measures/M2/reject`, as.intake, { reason: '办法未明确容缺事项清单' });
    // Rejected at 验收: owed again, its report does not stand. Both reads say so alike: no completion
    // time (it was the rejected report's), the rejection counted and its reason shown.
    expect(await measureOf('a', 'M2')).toMatchObject({ status: 'rejected', reportedAt: null, timesReported: 1, timesRejected: 1 });
    expect(await measureOf('a', 'M1')).toMatchObject({ status: 'verified', reportedAt: '2026-11-17T02:00:00.000Z' });
    const { measures } = (await api.http.get(`/api/v1/findings/${finding.a}`).set(as.intake).expect(200)).body;
    expect(measures.map((m: Json) => [m.measureId, m.status, m.completedAt && Date.parse(m.completedAt)])).toEqual([
      ['M1', 'verified', Date.parse('2026-11-17T10:00:00+08:00')],
      ['M2', 'rejected', null],
    ]);
    api.clock.set('2026-11-19T10:00:00+08:00');
    await post(`/api/v1/findings/${finding.a}/measures/M2/completion`, MARKET, { report: '已补充容缺事项清单并试行' });
    await post(`/api/v1/findings/${finding.a}/measures/M2/verify`, as.intake, { note: '抽查3件均按容缺受理办结' });
    // Finding B's measure was due on the 18th and never reported: at the midnight that ended it, its red card.
    const overdue = await until('b', 'M1', (m) => m.dueCarded === true, 'the scheduler never carded the overdue measure');
    expect(overdue).toMatchObject({ status: 'overdue', dueDate: '2026-11-18' });
    const cards = await get('/api/v1/overdue/measures', { card: 'red' });
    expect(cards.items.map((m: Json) => `${m.findingId === finding.b ? 'b' : '?'}:${m.measureId}:${m.deadlinePassedRecorded}`)).toEqual([
      'b:M1:true',
    ]);
    api.clock.set('2026-11-20T10:00:00+08:00');
    await post(`/api/v1/findings/${finding.c}/measures/M1/completion`, HOUSING, { report: '已与城管、环保联合检查' });
  });

  it('the 回头看 falls due and the scheduler fires it; the re-check is then recorded', async () => {
    // Verified on the 18th: the re-check is due five working days on, the 25th; it passes unrecorded.
    expect(await measureOf('a', 'M1')).toMatchObject({ status: 'verified', recheckDue: '2026-11-25', recheckCarded: false });
    api.clock.set('2026-11-26T09:00:00+08:00');
    await until('a', 'M1', (m) => m.recheckCarded === true, 'the 回头看 never fired');
    await post(`/api/v1/findings/${finding.a}/measures/M1/recheck`, as.discipline, {
      confirmed: true,
      note: '回头看：清单持续公示，企业反映良好',
    });
    expect(await measureOf('a', 'M1')).toMatchObject({ status: 'rechecked' });
  });

  it('accountability is issued citing the finding whose measure went overdue', async () => {
    await post(`/api/v1/findings/${finding.b}/issue-accountability`, as.discipline, {
      target: { kind: 'person', unitId: 'dept-market', name: '刘某', position: '登记窗口负责人' },
      forms: ['admonishment', 'circulated_notice'],
      basis: { facts: '窗口作风专项整顿逾期未完成', rule: '《中国共产党问责条例》第七条' },
    });
    const register = await get('/api/v1/accountability', {}, as.discipline);
    expect(register.items).toEqual([expect.objectContaining({ findingId: finding.b, caseId: null })]);
  });

  it('the decision on the finding counts against the unit as one on a case: in its appraisal, naming the finding and its event, and on the dashboard', async () => {
    // The year's scheme in force (the default), amended to deduct a point per accountability decision.
    const { scheme } = (await api.http.get('/api/v1/admin/appraisal-schemes/2026').set(as.admin).expect(200)).body;
    const published = await api.http
      .put('/api/v1/admin/appraisal-schemes/2026')
      .set(as.admin)
      .send({ ...scheme, caseDeductions: { perOverdueCase: 0, perAccountability: 1 }, note: '问责每次扣1分' })
      .expect(200);
    position = published.body.position;
    const [issued] = (await get('/api/v1/audit/events', { type: 'AccountabilityIssued' }, as.discipline)).items;
    expect(issued).toMatchObject({ streamId: `finding-${finding.b}` });

    const breakdown = await get('/api/v1/appraisals/2026/units/dept-market', {}, as.dashboard);
    expect(breakdown.deductions.find((d: Json) => d.deduction === 'accountability')).toEqual({
      deduction: 'accountability',
      label: '问责扣分',
      pointsEach: 1,
      points: 1,
      count: 1,
      items: [
        {
          source: 'accountability',
          accountabilityId: expect.any(String),
          findingId: finding.b,
          forms: ['admonishment', 'circulated_notice'],
          points: 1,
          events: [{ eventId: issued.eventId, streamId: `finding-${finding.b}`, streamVersion: issued.streamVersion }],
        },
      ],
      nextCursor: null,
    });
    expect(breakdown.deductedPoints).toBe(1);
    // The year's table, scored from the units' tallies, deducts it too; the other unit owes nothing.
    const { units } = await get('/api/v1/appraisals/2026', { kind: 'department' }, as.dashboard);
    const deducted = (unitId: string) => units.find((u: Json) => u.unitId === unitId).deductedPoints;
    expect([deducted('dept-market'), deducted('dept-housing')]).toEqual([1, 0]);

    // The dashboard counts it against the unit in the month it was issued, with its forms; a figure
    // narrowed to a category of complaints does not (a finding is no complaint).
    const dashboard = async (query: object) =>
      (await get('/api/v1/dashboard/summary', { from: '2026-11-01', to: '2026-11-30', ...query }, as.dashboard)).figures.accountability;
    const market = await dashboard({ unitId: 'dept-market' });
    expect([market.issued, market.byForm.admonishment, market.byForm.circulated_notice]).toEqual([1, 1, 1]);
    expect((await dashboard({})).issued).toBe(1);
    expect((await dashboard({ unitId: 'dept-housing' })).issued).toBe(0);
    expect((await dashboard({ category: 'cumbersome_approval' })).issued).toBe(0);
  });

  it('the ledger’s file and the campaign’s summary state exactly what happened', async () => {
    const file = await api.http
      .get('/api/v1/rectifications/export')
      .query({ format: 'csv', campaignId, after: position })
      .set(as.intake)
      .expect(200);
    const [headers, ...rows] = parseCsv(file.text.slice(1));
    expect(headers.slice(0, 8)).toEqual(['序号', '问题', '整改措施', '责任单位', '责任领导', '完成时限', '进展情况', '验收情况']);
    // Earliest due first.
    expect(rows.map((r) => r.slice(1, 8))).toEqual([
      ['窗口人员对企业咨询推诿敷衍', '开展窗口作风专项整顿', '区市场监督管理局', '张副局长', '2026-11-18', '逾期未完成', '未验收'],
      [
        '营业执照变更需多次往返窗口补交材料',
        '编制一次性告知清单并在窗口公示',
        '区市场监督管理局',
        '张副局长',
        '2026-11-20',
        '已完成：清单已在窗口公示',
        '回头看通过：回头看：清单持续公示，企业反映良好',
      ],
      [
        '营业执照变更需多次往返窗口补交材料',
        '推行变更登记容缺受理',
        '区市场监督管理局',
        '张副局长',
        '2026-11-27',
        '已完成：已补充容缺事项清单并试行',
        '已验收：抽查3件均按容缺受理办结',
      ],
      [
        '施工现场检查标准不一、重复检查',
        '统一检查标准，推行联合检查',
        '区住房和城乡建设局',
        '王副局长',
        '2026-11-30',
        '已完成：已与城管、环保联合检查',
        '待验收',
      ],
    ]);

    const summary = await get(`/api/v1/campaigns/${campaignId}/summary`, {}, as.dashboard);
    const values = (figures: Record<string, Json>) => Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, f.value]));
    expect({
      unitsAppraised: summary.unitsAppraised.value,
      questionnaires: [summary.questionnairesIssued.value, summary.questionnairesReturned.value, summary.questionnaireReturnRate.value],
      meetings: summary.meetings.value,
      suggestions: summary.suggestionsCollected.value,
      findings: summary.findings.value,
      measures: summary.measures.value,
      bySizeClass: values(summary.measuresBySizeClass),
      completed: [summary.completed.numerator.value, summary.completed.denominator.value],
      onTime: [summary.completedOnTime.numerator.value, summary.completedOnTime.denominator.value],
      verified: summary.verified.value,
      rechecks: [summary.rechecksPassed.numerator.value, summary.rechecksPassed.denominator.value],
      accountability: summary.accountability.value,
      byForm: values(summary.accountabilityByForm),
    }).toEqual({
      unitsAppraised: 2,
      questionnaires: [500, 473, 0.946],
      meetings: 1,
      suggestions: 38,
      findings: 3,
      measures: 4,
      bySizeClass: { immediate: 1, supervised: 1, studied: 1, escalated: 1 },
      // Done: A's two (re-checked, verified) and C's (reported); B's never. All three reported by their due day.
      completed: [3, 4],
      onTime: [3, 4],
      // A's M1 and M2 (M2 after its rejection and redo).
      verified: 2,
      rechecks: [1, 1],
      accountability: 1,
      byForm: { admonishment: 1, circulated_notice: 1 },
    });
    // Every figure names the events behind it: the verified ones are the log's two 验收 (MeasureVerified) events.
    const verifications = await get('/api/v1/audit/events', { type: 'MeasureVerified' }, as.discipline);
    expect([...summary.verified.events].sort()).toEqual(verifications.items.map((e: Json) => e.eventId).sort());
  });
  it('the month’s league table counts each unit’s measures done in time and the accountability against it', async () => {
    await post('/api/v1/rankings', as.intake, { period: '2026-11', unitKind: 'department', after: position }, 201);
    // Read from its stream, not a read model: the route takes no `after` (and refuses one).
    const ranking = (await api.http.get('/api/v1/rankings/2026-11-department').set(as.dashboard).expect(200)).body as Json;
    const figures = (unitId: string) => ranking.rows.find((r: Json) => r.unitId === unitId).figures;
    // Market: A's M1 and M2 done by their days, B's M1 never; one decision against its official. Housing: C's M1 in time.
    expect(figures('dept-market')).toMatchObject({
      measuresDue: 3,
      measuresDone: 2,
      measuresDoneOnTime: 2,
      rectificationOnTimeRate: 0.6667,
      accountability: 1,
    });
    expect(figures('dept-housing')).toMatchObject({
      measuresDue: 1,
      measuresDone: 1,
      measuresDoneOnTime: 1,
      rectificationOnTimeRate: 1,
      accountability: 0,
    });
  });

  it('a measure the 回头看 reopens is owed again: the ledger shows no completion time for it, as the finding does', async () => {
    // Read from its stream: the route takes no `after`.
    const inFinding = async () =>
      (await api.http.get(`/api/v1/findings/${finding.a}`).set(as.discipline).expect(200)).body.measures.find(
        (m: Json) => m.measureId === 'M2',
      );
    // Verified: both reads give the time it was reported done.
    const done = await measureOf('a', 'M2');
    expect(done).toMatchObject({ status: 'verified', reportedAt: expect.any(String) });
    expect(Date.parse(done.reportedAt)).toBe(Date.parse((await inFinding()).completedAt));

    await post(`/api/v1/findings/${finding.a}/measures/M2/recheck`, as.discipline, {
      confirmed: false,
      note: '回头看发现容缺受理未坚持',
      newDue: { date: '2026-12-18' },
    });
    expect(await inFinding()).toMatchObject({ status: 'reopened', completedAt: null, dueDate: '2026-12-18' });
    expect(await measureOf('a', 'M2')).toMatchObject({
      status: 'reopened',
      reportedAt: null,
      dueDate: '2026-12-18',
      progress: '已补充容缺事项清单并试行',
    });
  });
});
