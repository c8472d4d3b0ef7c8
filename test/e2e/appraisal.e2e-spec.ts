import { ApiClient, PHONE_AT_WORK_DEDUCTION } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * The annual appraisal (年度评议/考核) over HTTP: inputs recorded through the real commands, scores
 * computed under the year's scheme, each point traceable to the events that produced it.
 *
 * Hand computation under the default scheme (seed report 001: departments and towns 抽样调查 50% +
 * 集中测评 50%, windows 抽样调查 70% + 网络投票 30%, 日常考查扣分 subtracted; 优秀 ≥ 90, 良好 ≥ 80,
 * 合格 ≥ 70, 不合格 below, and below 70 诫勉谈话或组织处理). Points are exact; the composite is
 * rounded half up to two decimals once.
 *
 *   dept-market (department) — survey recorded 84.00, then corrected to 86.50 (the latest counts)
 *     survey      86.50 × 50% = 43.25
 *     evaluation  90.00 × 50% = 45.00
 *                              = 88.25
 *     deductions  conduct 2 person-times × 0.5 = 1.00; lapse 3 × 0.1 = 0.30; total 1.30
 *     composite   88.25 − 1.30 = 86.95 → 良好, no consequence
 *
 *   win-tax-01 (window)
 *     survey      92.35 × 70% = 64.645
 *     online vote 78.40 × 30% = 23.52
 *                              = 88.165
 *     deductions  lapse 1 × 0.1 = 0.10
 *     composite   88.165 − 0.10 = 88.065 → 88.07 → 良好
 *
 *   dept-housing (department): 80.00 × 50% + 93.90 × 50% = 40.00 + 46.95 = 86.95 — ties dept-market: both rank 1
 *   town-yangluo (town): 70.00 × 50% + 66.50 × 50% = 35.00 + 33.25 = 68.25 → 不合格, below 70: 诫勉谈话或组织处理
 *   dept-approval (department): survey only → incomplete, no score and no rank
 *   dept-retired (department, active): nothing recorded → incomplete, listed all the same
 */
describe('annual appraisal: schemes as data, scores explained down to the events', () => {
  let api: TestApi;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
  });
  afterAll(async () => api.close());

  /** Records an input through the real command; the reads below wait for its position. */
  const record = (unitId: string, input: string, body: object) => client.recordAppraisalInput(unitId, input, body);
  /** The ids of a stream's events, by stream version, as the store holds them. */
  async function eventIds(streamId: string): Promise<Record<number, string>> {
    const { rows } = await api.db.pool.query(`SELECT stream_version::int AS v, event_id::text AS id FROM events WHERE stream_id = $1`, [
      streamId,
    ]);
    return Object.fromEntries(rows.map((r) => [r.v, r.id]));
  }
  const table = (query: object = {}) => client.read('/api/v1/appraisals/2026', query, as.dashboard);
  const breakdown = (unitId: string, who: Record<string, string> = as.dashboard) =>
    client.read(`/api/v1/appraisals/2026/units/${unitId}`, {}, who);

  it('the default scheme is in force until one is published', async () => {
    const inForce = (await api.http.get('/api/v1/admin/appraisal-schemes/2026').set(as.dashboard).expect(200)).body;
    expect(inForce).toMatchObject({ year: 2026, revision: null, version: 'appraisal-scheme@default' });
    expect(inForce.scheme.kinds.department.inputs).toEqual({ survey: 50, concentratedEvaluation: 50, onlineVote: 0 });
    expect(inForce.scheme.kinds.window.inputs).toEqual({ survey: 70, concentratedEvaluation: 0, onlineVote: 30 });
  });

  it('matches the hand computation for a department and a window, to two decimals', async () => {
    await record('dept-market', 'survey-score', { score: 84, respondents: 100 });
    await record('dept-market', 'concentrated-evaluation-score', { score: 90, participants: 109 });
    await record('dept-market', 'inspection-deductions', PHONE_AT_WORK_DEDUCTION);
    await record('dept-market', 'inspection-deductions', {
      deductionId: 'DC-2026-032',
      kind: 'lapse',
      count: 3,
      reason: '一次性告知单未公示',
      occurredOn: '2026-07-02',
    });
    await record('dept-market', 'survey-score', { score: 86.5, respondents: 120, note: '县统计局民意调查中心复核' });
    await record('win-tax-01', 'survey-score', { score: 92.35 });
    await record('win-tax-01', 'online-vote-score', { score: 78.4, votes: 30512 });
    await record('win-tax-01', 'inspection-deductions', {
      deductionId: 'DC-2026-040',
      kind: 'lapse',
      count: 1,
      reason: '窗口台账不全',
      occurredOn: '2026-08-03',
    });
    await record('dept-housing', 'survey-score', { score: 80 });
    await record('dept-housing', 'concentrated-evaluation-score', { score: 93.9 });
    await record('town-yangluo', 'survey-score', { score: 70 });
    await record('town-yangluo', 'concentrated-evaluation-score', { score: 66.5 });
    await record('dept-approval', 'survey-score', { score: 95 });

    const { scheme, units } = await table();
    expect(scheme).toEqual({ version: 'appraisal-scheme@default', revision: null });
    const row = (unitId: string) => units.find((u: { unitId: string }) => u.unitId === unitId);
    expect(row('dept-market')).toMatchObject({
      name: '区市场监督管理局',
      kind: 'department',
      status: 'complete',
      weightedPoints: 88.25,
      deductedPoints: 1.3,
      score: 86.95,
      grade: '良好',
      rank: 1,
      belowThreshold: false,
    });
    expect(row('win-tax-01')).toMatchObject({
      kind: 'window',
      weightedPoints: 88.165,
      deductedPoints: 0.1,
      score: 88.07,
      grade: '良好',
      rank: 1,
      belowThreshold: false,
    });
    expect(row('dept-housing')).toMatchObject({ score: 86.95, rank: 1 }); // a tie shares the rank
    expect(row('town-yangluo')).toMatchObject({
      score: 68.25,
      grade: '不合格',
      rank: 1,
      belowThreshold: true,
      consequence: '对主要负责同志进行诫勉谈话或予以组织处理',
    });
    expect(row('dept-approval')).toMatchObject({
      status: 'incomplete',
      missing: ['concentratedEvaluation'],
      score: null,
      grade: null,
      rank: null,
      belowThreshold: false,
    });
    // dept-retired (an active unit, despite its id) has nothing recorded: listed, incomplete, unranked.
    expect(row('dept-retired')).toMatchObject({
      status: 'incomplete',
      missing: ['survey', 'concentratedEvaluation'],
      score: null,
      rank: null,
    });
    // By kind, then rank, then id; the unranked last within their kind.
    expect(units.map((u: { unitId: string }) => u.unitId)).toEqual([
      'dept-housing',
      'dept-market',
      'dept-approval',
      'dept-retired',
      'town-yangluo',
      'win-tax-01',
    ]);
  });

  it('the department’s breakdown names the events that recorded each input and deduction', async () => {
    const stream = 'appraisal-dept-market-2026';
    const ids = await eventIds(stream);
    const ref = (v: number) => ({ eventId: ids[v], streamId: stream, streamVersion: v });
    const market = await breakdown('dept-market');
    expect(market).toMatchObject({
      unitId: 'dept-market',
      name: '区市场监督管理局',
      score: 86.95,
      grade: '良好',
      rank: 1,
      scheme: { version: 'appraisal-scheme@default' },
    });
    const component = (name: string) => market.components.find((c: { component: string }) => c.component === name);
    expect(component('survey')).toMatchObject({
      label: '抽样问卷调查',
      weight: 50,
      status: 'recorded',
      score: 86.5,
      points: 43.25,
      record: {
        score: 86.5,
        sampleSize: 120,
        revision: 2,
        event: ref(5),
        // The first record, corrected: its event and what it recorded.
        superseded: [{ ...ref(1), score: 84, sampleSize: 100, note: null, revision: 1 }],
      },
    });
    expect(component('concentratedEvaluation')).toMatchObject({
      label: '集中评议',
      weight: 50,
      score: 90,
      points: 45,
      record: { sampleSize: 109, event: ref(2) },
    });
    const inspection = market.deductions.find((d: { deduction: string }) => d.deduction === 'inspection');
    expect(inspection).toMatchObject({
      label: '日常督查扣分',
      points: 1.3,
      count: 2,
      items: [
        { deductionId: 'DC-2026-031', kind: 'conduct', personTimes: 2, pointsPerPersonTime: 0.5, points: 1, events: [ref(3)] },
        { deductionId: 'DC-2026-032', kind: 'lapse', count: 3, points: 0.3, events: [ref(4)] },
      ],
    });
    // Case indicators are listed under the default scheme too, weighted 0.
    expect(component('responseRate')).toMatchObject({ label: '响应率', weight: 0, status: 'not_scored', points: 0 });
  });

  it('the window’s breakdown names its events too', async () => {
    const stream = 'appraisal-win-tax-01-2026';
    const ids = await eventIds(stream);
    const window = await breakdown('win-tax-01');
    expect(window).toMatchObject({ weightedPoints: 88.165, deductedPoints: 0.1, score: 88.07 });
    const points = window.components
      .filter((c: { source: string }) => c.source === 'input')
      .map((c: { component: string; points: number; record: { event: { eventId: string } } }) => [
        c.component,
        c.points,
        c.record.event.eventId,
      ]);
    expect(points).toEqual([
      ['survey', 64.645, ids[1]],
      ['onlineVote', 23.52, ids[2]],
    ]);
    expect(window.deductions[0].items[0].events).toEqual([{ eventId: ids[3], streamId: stream, streamVersion: 3 }]);
  });

  it('every breakdown has the figures and rank of the unit’s row in the table', async () => {
    const { units } = await table();
    for (const row of units) {
      const { kind, ...figures } = row;
      expect(await breakdown(row.unitId)).toMatchObject({ ...figures, unitKind: kind });
    }
  });

  it('a unit reads its own breakdown, not another’s; the table is for the appraisal office and leaders', async () => {
    expect((await breakdown('win-tax-01', as.unit('win-tax-01'))).score).toBe(88.07);
    // Issue 9 (object level): another unit's appraisal does not exist for a unit, 404 as for a unit
    // not appraised (it was 403 FORBIDDEN_UNIT). Said truthfully: a unit reads its own only (it was
    // told the other unit "is not appraised in 2026"), the same for a unit that exists or not.
    for (const unitId of ['dept-market', 'dept-nowhere']) {
      const other = await api.http.get(`/api/v1/appraisals/2026/units/${unitId}`).set(as.unit('win-tax-01')).expect(404);
      expect(other.type).toBe('application/problem+json');
      expect(other.body).toMatchObject({ code: 'UNIT_NOT_FOUND', unitId, year: 2026, ownUnitId: 'win-tax-01' });
      expect(other.body.detail).toBe(
        `A unit reads only its own appraisal (unit win-tax-01's): unit ${unitId}'s of 2026 is not shown to it`,
      );
      expect(other.body.detail).not.toMatch(/not appraised/);
    }
    await api.http.get('/api/v1/appraisals/2026').set(as.unit('win-tax-01')).expect(403);
    for (const who of [as.intake, as.discipline, as.admin]) await api.http.get('/api/v1/appraisals/2026').set(who).expect(200);
  });

  it('filters by kind; bad parameters are 400 naming them; an unknown unit is 404', async () => {
    expect((await table({ kind: 'window' })).units.map((u: { unitId: string }) => u.unitId)).toEqual(['win-tax-01']);
    const bad = (await api.http.get('/api/v1/appraisals/2026').query({ kind: 'company', after: 'soon' }).set(as.dashboard).expect(400))
      .body;
    expect(new Set(bad.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['kind', 'after']));
    for (const year of ['26', '1999', '2026.5', '2026.0', '0x7ea', 'next']) {
      const body = (await api.http.get(`/api/v1/appraisals/${year}`).set(as.dashboard).expect(400)).body;
      expect(body.errors).toEqual([expect.objectContaining({ field: 'year' })]);
    }
    await api.http.get('/api/v1/appraisals/2026/units/Dept_Market').set(as.dashboard).expect(400);
    // To a reader of every unit, a unit not appraised that year is said so (no `ownUnitId`).
    const unknown = (await api.http.get('/api/v1/appraisals/2026/units/dept-nowhere').set(as.dashboard).expect(404)).body;
    expect(unknown).toMatchObject({ code: 'UNIT_NOT_FOUND', detail: 'Unit dept-nowhere is not appraised in 2026', year: 2026 });
    expect(unknown.ownUnitId).toBeUndefined();
  });

  it('a year not begun in Beijing is refused, 422 naming `year`, not a table of full scores; the year in progress is answered', async () => {
    // The clock is 2026-11-20 in Beijing: 2027 has not begun, and would show every unit at full score.
    for (const path of [
      '/api/v1/appraisals/2027',
      '/api/v1/appraisals/2027/export',
      '/api/v1/appraisals/2027/units/dept-market',
      '/api/v1/appraisals/2027/units/dept-market/cases',
      '/api/v1/appraisals/2027/units/dept-market/accountability',
      '/api/v1/appraisals/2100/units/dept-market',
    ]) {
      const refused = await api.http.get(path).set(as.dashboard);
      expect([path, refused.status, refused.type]).toEqual([path, 422, 'application/problem+json']);
      expect(refused.body).toMatchObject({ code: 'APPRAISAL_YEAR_IN_FUTURE', field: 'year' });
    }
    // A unit asking for its own next year is told the same.
    const own = await api.http.get('/api/v1/appraisals/2027/units/win-tax-01').set(as.unit('win-tax-01')).expect(422);
    expect(own.body).toMatchObject({ code: 'APPRAISAL_YEAR_IN_FUTURE', field: 'year' });
    expect((await table()).year).toBe(2026);
    await api.http.get('/api/v1/appraisals/2026/export').set(as.dashboard).expect(200);
  });

  it('a case the department leads shows in its indicators with the events behind it', async () => {
    const caseId = await client.dispatch({ title: '食品经营许可反复补材料', receivedAt: '2026-11-19T09:00:00+08:00' }, 'dept-market');
    await client.send(`/api/v1/cases/${caseId}/acknowledge`, as.unit('dept-market'));

    const ids = await eventIds(`case-${caseId}`);
    await client.read('/api/v1/cases', {}, as.dashboard); // the case list, which names the case's title, has it too
    const market = await breakdown('dept-market');
    const response = market.components.find((x: { component: string }) => x.component === 'responseRate');
    expect(response).toMatchObject({ numerator: 1, denominator: 1, ratePercent: 100, status: 'not_scored' });
    expect(market.cases.nextCursor).toBeNull();
    const [listed] = market.cases.items;
    expect(listed).toMatchObject({ caseId, title: '食品经营许可反复补材料', overdue: null });
    expect(listed.indicators.find((i: { indicator: string }) => i.indicator === 'responseRate')).toEqual({
      indicator: 'responseRate',
      inNumerator: true,
      events: [expect.objectContaining({ eventId: ids[3] }), expect.objectContaining({ eventId: ids[4] })],
    });
  });

  it('the cases behind a breakdown come a page at a time, as the breakdown’s first page begins them', async () => {
    // Towns weigh no case indicator under either scheme here: these cases move no score below.
    const dispatched = [
      await client.dispatch({ title: '营业执照变更材料反复退回', receivedAt: '2026-11-19T10:00:00+08:00' }, 'town-yangluo'),
      await client.dispatch({ title: '惠企补贴申报无人受理', receivedAt: '2026-11-19T11:00:00+08:00' }, 'town-yangluo'),
    ];
    await client.read('/api/v1/cases', {}, as.dashboard); // the case list, which names the cases' titles, has them too
    const { cases } = await breakdown('town-yangluo');
    const page = (query: object) => client.read('/api/v1/appraisals/2026/units/town-yangluo/cases', query, as.dashboard);
    const first = await page({ limit: 1 });
    expect(first.items).toHaveLength(1);
    const rest = await page({ limit: 1, cursor: first.nextCursor });
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items]).toEqual(cases.items);
    expect(cases.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual([...dispatched].sort());
    const titles = new Map(cases.items.map((c: { caseId: string; title: string }) => [c.caseId, c.title]));
    expect(dispatched.map((id) => titles.get(id))).toEqual(['营业执照变更材料反复退回', '惠企补贴申报无人受理']);
    // A unit reads its own cases only; a cursor this list did not give is 400.
    await api.http.get('/api/v1/appraisals/2026/units/town-yangluo/cases').set(as.unit('win-tax-01')).expect(404);
    await api.http
      .get('/api/v1/appraisals/2026/units/town-yangluo/cases')
      .query({ cursor: 'bm90LWEtY3Vyc29y' })
      .set(as.dashboard)
      .expect(400);
    // Nor one whose id part is no id: a NUL reached PostgreSQL ("invalid byte sequence"), a 500.
    for (const id of ['\u0000', `${dispatched[0]}\u0000`, ' ']) {
      const cursor = Buffer.from(JSON.stringify([id])).toString('base64url');
      const bad = await api.http.get('/api/v1/appraisals/2026/units/town-yangluo/cases').query({ cursor }).set(as.dashboard);
      expect([id, bad.status, bad.body.errors]).toEqual([id, 400, [expect.objectContaining({ field: 'cursor' })]]);
    }
  });

  it('one deduction costs at most the whole score: a typo over 100 points is 422 naming its field; a unit its deductions zero ranks last of its kind', async () => {
    // 2025, which nothing else here records: dept-market 84 / 90 → 87.00; dept-housing 70 / 72 → 71.00;
    // dept-approval 95 / 96 → 95.50 − (1000 + 3 lapses × 0.1 = 100.30) → 0.00, 不合格.
    const record2025 = (unitId: string, input: string, body: object) => client.recordAppraisalInput(unitId, input, body, 2025);
    const lapses = (deductionId: string, count: number) => ({
      deductionId,
      kind: 'lapse',
      count,
      reason: '服务台账记录不全',
      occurredOn: '2025-09-03',
    });
    for (const [unitId, survey, evaluation] of [
      ['dept-market', 84, 90],
      ['dept-housing', 70, 72],
      ['dept-approval', 95, 96],
    ] as const) {
      await record2025(unitId, 'survey-score', { score: survey });
      await record2025(unitId, 'concentrated-evaluation-score', { score: evaluation });
    }
    await record2025('dept-approval', 'inspection-deductions', lapses('DC-2025-101', 1000));
    await record2025('dept-approval', 'inspection-deductions', lapses('DC-2025-102', 3));

    const inputs = '/api/v1/appraisal-inputs/2025/units/dept-approval';
    const before = (await api.http.get(inputs).set(as.dashboard).expect(200)).body.version;
    const typo = await api.http.post(`${inputs}/inspection-deductions`).set(as.admin).send(lapses('DC-2025-QA5', 100_000)).expect(422);
    expect(typo.body).toMatchObject({ code: 'INVALID_DEDUCTION', field: 'count' });
    const conduct = {
      deductionId: 'DC-2025-QA6',
      kind: 'conduct',
      personTimes: 101,
      pointsPerPersonTime: 1,
      reason: '脱岗',
      occurredOn: '2025-09-03',
    };
    const tooMany = await api.http.post(`${inputs}/inspection-deductions`).set(as.admin).send(conduct).expect(422);
    expect(tooMany.body).toMatchObject({ code: 'INVALID_DEDUCTION', field: 'personTimes' });
    expect((await api.http.get(inputs).set(as.dashboard).expect(200)).body.version).toBe(before);

    const { units } = await client.read('/api/v1/appraisals/2025', { kind: 'department' }, as.dashboard);
    expect(units.map((u: { unitId: string; score: number | null; rank: number | null }) => [u.unitId, u.score, u.rank])).toEqual([
      ['dept-market', 87, 1],
      ['dept-housing', 71, 2],
      ['dept-approval', 0, 3],
      ['dept-retired', null, null],
    ]);
    expect(await client.read('/api/v1/appraisals/2025/units/dept-approval', {}, as.dashboard)).toMatchObject({
      deductedPoints: 100.3,
      score: 0,
      grade: '不合格',
      rank: 3,
    });
  });

  describe('a scheme published for the year replaces the default at once', () => {
    const scheme = {
      kinds: {
        department: { inputs: { survey: 45, concentratedEvaluation: 45 }, indicators: { responseRate: 10 } },
        town: { inputs: { survey: 50, concentratedEvaluation: 50 } },
        window: { inputs: { survey: 70, onlineVote: 30 } },
      },
      caseDeductions: { perOverdueCase: 0.5, perAccountability: 1 },
      grades: [
        { grade: '优秀', minScore: 90 },
        { grade: '良好', minScore: 80 },
        { grade: '合格', minScore: 70 },
        { grade: '不合格', minScore: 0 },
      ],
      consequence: { below: 70, measure: '诫勉谈话' },
      note: '区营商办〔2026〕12号',
    };

    it('only the admin publishes; shapes are 400, broken rules 422 with their code', async () => {
      await api.http.put('/api/v1/admin/appraisal-schemes/2026').set(as.dashboard).send(scheme).expect(403);
      const shape = (
        await api.http
          .put('/api/v1/admin/appraisal-schemes/2026')
          .set(as.admin)
          .send({ ...scheme, kinds: { town: { inputs: { survey: '50' } } }, extra: 1 })
          .expect(400)
      ).body;
      expect(shape.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['kinds.town.inputs.survey', 'extra']));
      const sum = (
        await api.http
          .put('/api/v1/admin/appraisal-schemes/2026')
          .set(as.admin)
          .send({ ...scheme, kinds: { ...scheme.kinds, town: { inputs: { survey: 50, concentratedEvaluation: 40 } } } })
          .expect(422)
      ).body;
      expect(sum).toMatchObject({ code: 'WEIGHTS_NOT_100', unitKind: 'town', total: 90 });
      const bands = (
        await api.http
          .put('/api/v1/admin/appraisal-schemes/2026')
          .set(as.admin)
          .send({
            ...scheme,
            grades: [
              { grade: '合格', minScore: 60 },
              { grade: '优秀', minScore: 90 },
            ],
          })
          .expect(422)
      ).body;
      expect(bands.code).toBe('GRADE_BANDS_NOT_ORDERED');
      await api.http.put('/api/v1/admin/appraisal-schemes/1999').set(as.admin).send(scheme).expect(400);
    });

    it('is versioned: revision 1, the same scheme again changes nothing, and scores follow it', async () => {
      const published = (await api.http.put('/api/v1/admin/appraisal-schemes/2026').set(as.admin).send(scheme).expect(200)).body;
      expect(published).toMatchObject({
        year: 2026,
        version: 'appraisal-scheme-2026@1',
        revision: 1,
        position: expect.stringMatching(/^\d+$/),
      });
      const again = (await api.http.put('/api/v1/admin/appraisal-schemes/2026').set(as.admin).send(scheme).expect(200)).body;
      expect(again).toEqual(published);
      expect((await api.http.get('/api/v1/admin/appraisal-schemes/2026').set(as.admin).expect(200)).body).toMatchObject({
        revision: 1,
        version: 'appraisal-scheme-2026@1',
        scheme: { note: '区营商办〔2026〕12号', kinds: { department: { indicators: { responseRate: 10, reopenRate: 0 } } } },
      });

      client.position = published.position;
      // dept-market: 86.50 × 45% = 38.925; 90.00 × 45% = 40.50; 响应率 1/1 = 100% × 10% = 10; 89.425 − 1.30 = 88.125 → 88.13
      // dept-housing: 80.00 × 45% = 36.00; 93.90 × 45% = 42.255; no case: 响应率 full marks 10; 88.255 → 88.26
      const { scheme: used, units } = await table({ kind: 'department' });
      expect(used).toEqual({ version: 'appraisal-scheme-2026@1', revision: 1 });
      expect(units.map((u: { unitId: string; score: number | null; rank: number | null }) => [u.unitId, u.score, u.rank])).toEqual([
        ['dept-housing', 88.26, 1],
        ['dept-market', 88.13, 2],
        ['dept-approval', null, null],
        ['dept-retired', null, null],
      ]);
      const response = (await breakdown('dept-market')).components.find((x: { component: string }) => x.component === 'responseRate');
      expect(response).toMatchObject({ status: 'scored', weight: 10, score: 100, points: 10 });
    });
  });

  it('the accountability decisions behind a breakdown come a page at a time: the breakdown lists the first 20, the rest follow its nextCursor', async () => {
    // Last in this file: the decisions deduct from dept-housing's score under the scheme just published.
    const caseId = await client.dispatch({ title: '不动产登记窗口推诿', receivedAt: '2026-11-20T09:00:00+08:00' }, 'dept-housing');
    for (let i = 1; i <= 21; i++) {
      await client.send(`/api/v1/cases/${caseId}/issue-accountability`, as.discipline, {
        target: { kind: 'person', unitId: 'dept-housing', name: `窗口人员${i}`, position: '窗口工作人员' },
        forms: ['admonishment'],
        basis: { facts: '推诿敷衍', rule: '《中国共产党问责条例》第七条' },
      });
    }
    const deduction = (await breakdown('dept-housing')).deductions.find((d: { deduction: string }) => d.deduction === 'accountability');
    expect(deduction).toMatchObject({ count: 21, points: 21 });
    expect(deduction.items).toHaveLength(20);
    expect(deduction.nextCursor).toEqual(expect.any(String));

    const page = (query: object, who = as.dashboard) =>
      client.read('/api/v1/appraisals/2026/units/dept-housing/accountability', query, who);
    const rest = await page({ cursor: deduction.nextCursor });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    // The pages walked one decision at a time give the same decisions in the same order, each with its event.
    const walked = [];
    for (let cursor: string | undefined, n = 0; n < 30; n++) {
      const next = await page(cursor === undefined ? { limit: 1 } : { limit: 1, cursor });
      walked.push(...next.items);
      if (next.nextCursor === null) break;
      cursor = next.nextCursor;
    }
    expect(walked).toEqual([...deduction.items, ...rest.items]);
    expect(new Set(walked.map((item: { accountabilityId: string }) => item.accountabilityId)).size).toBe(21);
    expect(
      walked.every(
        (item: { caseId: string; points: number; events: unknown[] }) =>
          item.caseId === caseId && item.points === 1 && item.events.length === 1,
      ),
    ).toBe(true);

    // A unit reads its own decisions only; a cursor this list did not give is 400.
    expect((await page({}, as.unit('dept-housing'))).items).toHaveLength(20);
    await api.http.get('/api/v1/appraisals/2026/units/dept-housing/accountability').set(as.unit('win-tax-01')).expect(404);
    await api.http
      .get('/api/v1/appraisals/2026/units/dept-housing/accountability')
      .query({ cursor: 'bm90LWEtY3Vyc29y' })
      .set(as.dashboard)
      .expect(400);
    // Nor one whose id part is no id: a NUL reached PostgreSQL ("invalid byte sequence"), a 500.
    for (const id of ['\u0000', 'a\u0000b']) {
      const cursor = Buffer.from(JSON.stringify([id])).toString('base64url');
      const bad = await api.http.get('/api/v1/appraisals/2026/units/dept-housing/accountability').query({ cursor }).set(as.dashboard);
      expect([id, bad.status, bad.body.errors]).toEqual([id, 400, [expect.objectContaining({ field: 'cursor' })]]);
    }
  });

  it('to the unit complained about, a decision on a case it was never notified of is the decision alone: no case id, no case stream', async () => {
    // After the paging test: a decision against dept-approval, whose score is incomplete, on a case a town
    // leads (towns weigh no case indicator): no score or rank above moves.
    const caseId = await client.dispatch(
      { title: '审批材料反复退回', complainedUnitId: 'dept-approval', receivedAt: '2026-11-20T09:30:00+08:00' },
      'town-yangluo',
    );
    await client.send(`/api/v1/cases/${caseId}/issue-accountability`, as.discipline, {
      target: { kind: 'organisation', unitId: 'dept-approval' },
      forms: ['circulated_notice'],
      basis: { facts: '被投诉单位推诿', rule: '《中国共产党问责条例》第七条' },
    });
    const approval = as.unit('dept-approval');
    // To dept-approval the case does not exist: it was complained about, never notified.
    expect((await api.http.get(`/api/v1/cases/${caseId}`).set(approval).expect(404)).body.code).toBe('CASE_NOT_FOUND');

    const decisionsIn = async (who: Record<string, string>) => {
      const deduction = (await breakdown('dept-approval', who)).deductions.find(
        (d: { deduction: string }) => d.deduction === 'accountability',
      );
      const page = await client.read('/api/v1/appraisals/2026/units/dept-approval/accountability', {}, who);
      return { first: deduction.items, page: page.items, text: JSON.stringify([deduction, page]) };
    };
    // The discipline office sees the case and the event in the case's stream, as before.
    const office = await decisionsIn(as.discipline);
    expect(office.first).toEqual(office.page);
    expect(office.first).toHaveLength(1);
    const [decision] = office.first;
    expect(decision).toEqual({
      source: 'accountability',
      accountabilityId: expect.any(String),
      caseId,
      forms: ['circulated_notice'],
      points: expect.any(Number),
      events: [{ eventId: expect.any(String), streamId: `case-${caseId}`, streamVersion: expect.any(Number) }],
    });
    expect(Object.values(await eventIds(`case-${caseId}`))).toContain(decision.events[0].eventId);

    // The unit: the decision (its reference, forms, points), neither the case's id nor its stream.
    const withheld = {
      source: 'accountability',
      accountabilityId: decision.accountabilityId,
      caseId: null,
      forms: ['circulated_notice'],
      points: decision.points,
      events: [],
    };
    const own = await decisionsIn(approval);
    expect(own.first).toEqual([withheld]);
    expect(own.page).toEqual([withheld]);
    expect(own.text).not.toContain(caseId);
    expect(own.text).not.toContain(decision.events[0].eventId);
    // Nor do its cases: it leads none.
    expect((await breakdown('dept-approval', approval)).cases.items).toEqual([]);
    // A leader still sees the case the decision was on.
    expect((await decisionsIn(as.dashboard)).first).toEqual([decision]);

    // Once notified of the case (here as a co-handling unit), the unit reads the case, and the decision names it.
    await client.notifyUnit(caseId, 'dept-approval', 'co');
    await api.http.get(`/api/v1/cases/${caseId}`).set(approval).expect(200);
    const notified = await decisionsIn(approval);
    expect(notified.first).toEqual([decision]);
    expect(notified.page).toEqual([decision]);
  });
});
