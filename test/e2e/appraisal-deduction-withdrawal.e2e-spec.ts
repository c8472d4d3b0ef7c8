import { randomUUID } from 'node:crypto';
import { ApiClient, PHONE_AT_WORK_DEDUCTION, type Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * 撤销扣分 over HTTP (docs/rules.md#appraisal-inputs): a daily-inspection deduction recorded in error
 * is withdrawn; its record stays in the stream, a withdrawal follows it, and from then on it counts
 * in neither the year's table nor the unit's breakdown, which lists it as withdrawn.
 *
 *   dept-market (department), default scheme: survey 86.50 × 50% + evaluation 90.00 × 50% = 88.25
 *     DC-2026-031  conduct 2 × 0.5 = 1.00
 *     DC-2026-050  lapse 1000 × 0.1 = 100.00 (a typo for 10)
 *     before: 88.25 − 101.00 → 0.00 (never below 0)
 *     after withdrawing DC-2026-050: 88.25 − 1.00 = 87.25 → 良好
 */
describe('withdrawing an inspection deduction (撤销扣分) over HTTP', () => {
  let api: TestApi;
  let client: ApiClient;
  const inputs = '/api/v1/appraisal-inputs/2026/units/dept-market';
  const withdrawal = (deductionId: string, unitId = 'dept-market', year = 2026) =>
    `/api/v1/appraisal-inputs/${year}/units/${unitId}/inspection-deductions/${deductionId}/withdrawal`;
  const TYPO = { deductionId: 'DC-2026-050', kind: 'lapse', count: 1000, reason: '一次性告知单未公示', occurredOn: '2026-07-02' };
  const REASON = '误录：应为10处，督查记录核实后撤销';

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    await client.recordAppraisalInput('dept-market', 'survey-score', { score: 86.5 });
    await client.recordAppraisalInput('dept-market', 'concentrated-evaluation-score', { score: 90 });
    await client.recordAppraisalInput('dept-market', 'inspection-deductions', PHONE_AT_WORK_DEDUCTION);
    await client.recordAppraisalInput('dept-market', 'inspection-deductions', TYPO);
  });
  afterAll(async () => api.close());

  const table = () => client.read('/api/v1/appraisals/2026', { kind: 'department' }, as.dashboard);
  const breakdown = () => client.read('/api/v1/appraisals/2026/units/dept-market', {}, as.dashboard);
  const inspectionOf = (view: Json) => view.deductions.find((d: { deduction: string }) => d.deduction === 'inspection');
  const row = async () => (await table()).units.find((u: { unitId: string }) => u.unitId === 'dept-market');
  /** The id of the event at `version` of dept-market's 2026 inputs, as the store holds it. */
  async function eventId(version: number): Promise<string> {
    const { rows } = await api.db.pool.query(`SELECT event_id::text AS id FROM events WHERE stream_id = $1 AND stream_version = $2`, [
      'appraisal-dept-market-2026',
      version,
    ]);
    return rows[0].id as string;
  }
  const ref = async (version: number) => ({
    eventId: await eventId(version),
    streamId: 'appraisal-dept-market-2026',
    streamVersion: version,
  });

  it('the typo counts until withdrawn: the table and the breakdown deduct 101 points', async () => {
    expect(await row()).toMatchObject({ deductedPoints: 101, score: 0 });
    expect(inspectionOf(await breakdown())).toMatchObject({ points: 101, count: 2, withdrawn: [] });
  });

  it('the admin withdraws it: the table and the breakdown drop its points, the breakdown lists it withdrawn with both events; a retry with the same Idempotency-Key is answered the same', async () => {
    const key = randomUUID();
    const send = () => api.http.post(withdrawal('DC-2026-050')).set(as.admin).set('Idempotency-Key', key).send({ reason: REASON });
    const first = await send().expect(200);
    expect(first.body).toEqual({ version: 5, position: expect.stringMatching(/^\d+$/) });
    expect(first.headers.etag).toBe('"5"');
    const before = await api.eventCount();
    const retry = await send().expect(200);
    expect([retry.body, retry.headers['idempotent-replayed']]).toEqual([first.body, 'true']);
    expect(await api.eventCount()).toBe(before);
    client.position = first.body.position;

    expect(await row()).toMatchObject({ deductedPoints: 1, score: 87.25, grade: '良好', rank: 1 });
    const view = await breakdown();
    expect(view).toMatchObject({ deductedPoints: 1, score: 87.25 });
    expect(inspectionOf(view)).toEqual({
      deduction: 'inspection',
      label: '日常督查扣分',
      pointsEach: null,
      points: 1,
      count: 1,
      items: [expect.objectContaining({ deductionId: 'DC-2026-031', points: 1, events: [await ref(3)] })],
      withdrawn: [
        {
          source: 'inspection',
          deductionId: 'DC-2026-050',
          kind: 'lapse',
          count: 1000,
          points: 100,
          reason: '一次性告知单未公示',
          occurredOn: '2026-07-02',
          withdrawal: { reason: REASON },
          events: [await ref(4), await ref(5)],
        },
      ],
    });
    // The stream as recorded: the deduction counts no more, its record kept with the withdrawal's reason.
    const recorded = (await api.http.get(inputs).set(as.dashboard).expect(200)).body;
    expect(recorded).toMatchObject({ version: 5, inputs: { deductedPoints: 1 } });
    expect(recorded.inputs.deductions.map((d: { deductionId: string }) => d.deductionId)).toEqual(['DC-2026-031']);
    expect(recorded.inputs.withdrawnDeductions).toEqual([
      {
        deductionId: 'DC-2026-050',
        kind: 'lapse',
        count: 1000,
        points: 100,
        reason: '一次性告知单未公示',
        occurredOn: '2026-07-02',
        withdrawal: { reason: REASON },
      },
    ]);
  });

  it('a second withdrawal is refused, DEDUCTION_ALREADY_WITHDRAWN naming the deduction (the path’s, no field of the body); its id stays taken, the body’s deductionId the field at fault; nothing is appended', async () => {
    const before = await api.eventCount();
    const again = await api.http.post(withdrawal('DC-2026-050')).set(as.admin).send({ reason: '再次撤销' }).expect(422);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ code: 'DEDUCTION_ALREADY_WITHDRAWN', deductionId: 'DC-2026-050' });
    expect(again.body).not.toHaveProperty('field');
    const recordedAgain = await api.http
      .post(`${inputs}/inspection-deductions`)
      .set(as.admin)
      .send({ ...TYPO, count: 10 })
      .expect(422);
    expect(recordedAgain.body).toMatchObject({ code: 'DEDUCTION_ALREADY_RECORDED', deductionId: 'DC-2026-050', field: 'deductionId' });
    expect(await api.eventCount()).toBe(before);
  });

  it('a deduction not recorded in the unit’s year is 404 DEDUCTION_NOT_FOUND: an unknown id, another unit’s, another year’s', async () => {
    const before = await api.eventCount();
    for (const path of [
      withdrawal('DC-2026-999'),
      withdrawal('DC-2026-031', 'dept-housing'), // dept-market's deduction, on a unit with nothing recorded
      withdrawal('DC-2026-031', 'dept-market', 2025),
    ]) {
      const refused = await api.http.post(path).set(as.admin).send({ reason: REASON });
      expect([path, refused.status, refused.body.code]).toEqual([path, 404, 'DEDUCTION_NOT_FOUND']);
    }
    // With an If-Match the stream has moved past, still 404: the thing the path names comes before the precondition.
    const stale = await api.http.post(withdrawal('DC-2026-999')).set(as.admin).set('If-Match', '"1"').send({ reason: REASON });
    expect([stale.status, stale.body.code]).toEqual([404, 'DEDUCTION_NOT_FOUND']);
    const known = await api.http.post(withdrawal('DC-2026-031')).set(as.admin).set('If-Match', '"1"').send({ reason: REASON });
    expect([known.status, known.body.code]).toEqual([412, 'VERSION_MISMATCH']);
    // The unit in the path is looked up first, as on recording: an unregistered one is 404 UNIT_NOT_FOUND.
    expect(
      (await api.http.post(withdrawal('DC-2026-031', 'dept-nowhere')).set(as.admin).send({ reason: REASON }).expect(404)).body.code,
    ).toBe('UNIT_NOT_FOUND');
    expect(await api.eventCount()).toBe(before);
  });

  it('only the roles that record deductions (the admin) withdraw one: every other role is 403 FORBIDDEN_ROLE', async () => {
    const before = await api.eventCount();
    for (const [role, who] of [
      ['intake', as.intake],
      ['discipline', as.discipline],
      ['dashboard', as.dashboard],
      ['unit', as.unit('dept-market')],
    ] as const) {
      const refused = await api.http.post(withdrawal('DC-2026-031')).set(who).send({ reason: REASON });
      expect([role, refused.status, refused.body.code]).toEqual([role, 403, 'FORBIDDEN_ROLE']);
    }
    await api.http.post(withdrawal('DC-2026-031')).send({ reason: REASON }).expect(401);
    expect(await api.eventCount()).toBe(before);
    expect((await row()).deductedPoints).toBe(1);
  });

  it('bad input is 400 naming the field: a reason missing, blank or over 2000 characters, an unknown field, a malformed deductionId', async () => {
    const before = await api.eventCount();
    const fieldsOf = async (path: string, body: object) => {
      const refused = await api.http.post(path).set(as.admin).send(body).expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      return refused.body.errors.map((e: { field: string }) => e.field);
    };
    expect(await fieldsOf(withdrawal('DC-2026-031'), {})).toEqual(['reason']);
    expect(await fieldsOf(withdrawal('DC-2026-031'), { reason: ' \u3000\t' })).toEqual(['reason']);
    expect(await fieldsOf(withdrawal('DC-2026-031'), { reason: '误'.repeat(2001) })).toEqual(['reason']);
    expect(await fieldsOf(withdrawal('DC-2026-031'), { reason: REASON, points: 0 })).toEqual(['points']);
    for (const id of ['-DC', 'DC%202026', `D${'C'.repeat(64)}`])
      expect(await fieldsOf(withdrawal(id), { reason: REASON })).toEqual(['deductionId']);
    expect(await api.eventCount()).toBe(before);
  });

  it('a number names one inspection record whatever its case: t-1 after T-1 is refused naming T-1, and withdrawing t-1 withdraws T-1 as recorded', async () => {
    const deductions = '/api/v1/appraisal-inputs/2026/units/dept-housing/inspection-deductions';
    const finding = { kind: 'lapse', count: 3, reason: '一次性告知单未公示', occurredOn: '2026-07-02' };
    await api.http
      .post(deductions)
      .set(as.admin)
      .send({ ...finding, deductionId: 'T-1' })
      .expect(200);
    const before = await api.eventCount();
    const twice = await api.http
      .post(deductions)
      .set(as.admin)
      .send({ ...finding, deductionId: 't-1' })
      .expect(422);
    expect(twice.body).toMatchObject({ code: 'DEDUCTION_ALREADY_RECORDED', deductionId: 'T-1', field: 'deductionId' });
    expect(await api.eventCount()).toBe(before);
    const recorded = async () =>
      (await api.http.get('/api/v1/appraisal-inputs/2026/units/dept-housing').set(as.admin).expect(200)).body.inputs;
    expect(await recorded()).toMatchObject({ deductedPoints: 0.3, deductions: [expect.objectContaining({ deductionId: 'T-1' })] });

    await api.http.post(withdrawal('t-1', 'dept-housing')).set(as.admin).send({ reason: REASON }).expect(200);
    expect(await recorded()).toMatchObject({
      deductedPoints: 0,
      deductions: [],
      withdrawnDeductions: [expect.objectContaining({ deductionId: 'T-1', withdrawal: { reason: REASON } })],
    });
    const again = await api.http.post(withdrawal('T-1', 'dept-housing')).set(as.admin).send({ reason: REASON }).expect(422);
    expect(again.body).toMatchObject({ code: 'DEDUCTION_ALREADY_WITHDRAWN', deductionId: 'T-1' });
  });

  it('a retired unit takes no new deduction (UNIT_RETIRED), but one recorded in error before its retirement is still withdrawn', async () => {
    const inputsOf = (unitId: string) => `/api/v1/appraisal-inputs/2026/units/${unitId}/inspection-deductions`;
    const deduction = { deductionId: 'DC-2026-090', kind: 'lapse', count: 100, reason: '窗口无人值守', occurredOn: '2026-06-15' };
    await api.http.post('/api/v1/units').set(as.admin).send({ id: 'dept-merged', name: '原档案局', kind: 'department' }).expect(201);
    await api.http.post(inputsOf('dept-merged')).set(as.admin).send(deduction).expect(200);
    await api.http.post('/api/v1/units/dept-merged/retire').set(as.admin).send({ reason: '机构改革并入' }).expect(200);

    const refused = await api.http
      .post(inputsOf('dept-merged'))
      .set(as.admin)
      .send({ ...deduction, deductionId: 'DC-2026-091' })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'UNIT_RETIRED', field: 'unitId' });
    await api.http.post(withdrawal('DC-2026-090', 'dept-merged')).set(as.admin).send({ reason: REASON }).expect(200);
    const inputs = (await api.http.get('/api/v1/appraisal-inputs/2026/units/dept-merged').set(as.admin).expect(200)).body;
    expect(inputs.inputs).toMatchObject({ deductions: [], withdrawnDeductions: [expect.objectContaining({ deductionId: 'DC-2026-090' })] });
  });
});
