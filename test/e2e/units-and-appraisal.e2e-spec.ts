import { ApiClient, PHONE_AT_WORK_DEDUCTION } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

describe('unit registry and appraisal inputs over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } })));
  afterAll(async () => api.close());

  it('the seed file registered its units on start', async () => {
    const unit = (await api.http.get('/api/v1/units/win-tax-01').set(as.intake).expect(200)).body;
    expect(unit).toMatchObject({ unitId: 'win-tax-01', kind: 'window', parentId: 'dept-approval', status: 'active' });
  });

  it('the admin registers, renames and retires a unit; a retired unit cannot be dispatched to', async () => {
    const created = await api.http.post('/api/v1/units').set(as.admin).send({ id: 'town-new', name: '新港镇', kind: 'town' }).expect(201);
    expect(created.headers.location).toBe('/api/v1/units/town-new');
    expect(created.body).toMatchObject({ id: 'town-new', version: 1 });
    await api.http.post('/api/v1/units/town-new/rename').set(as.admin).set('If-Match', '"1"').send({ name: '新港街道' }).expect(200);
    await api.http.post('/api/v1/units/town-new/retire').set(as.admin).send({ reason: '撤镇设街后并入阳逻街道' }).expect(200);
    expect((await api.http.get('/api/v1/units/town-new').set(as.intake).expect(200)).body).toMatchObject({
      name: '新港街道',
      status: 'retired',
    });

    const caseId = await new ApiClient(api).fileAndAccept({
      channel: 'visit',
      category: 'enquiry',
      title: '咨询开办手续',
      description: '咨询个体户开办流程',
      complainedUnitId: 'dept-approval',
      receivedAt: '2026-11-20T09:00:00+08:00',
    });
    const refused = await api.http
      .post(`/api/v1/cases/${caseId}/notify-unit`)
      .set(as.intake)
      .send({ unitId: 'town-new', role: 'lead', responsibleLeader: '某' })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'UNIT_RETIRED', field: 'unitId' });
  });

  it('lists the whole registry, retired units included, each with the version its next command names', async () => {
    await api.http.post('/api/v1/units').set(as.admin).send({ id: 'dept-listed', name: '列表局', kind: 'department' }).expect(201);
    const registered = await api.http
      .post('/api/v1/units/dept-listed/rename')
      .set(as.admin)
      .set('If-Match', '"1"')
      .send({ name: '列表管理局' });
    expect(registered.status).toBe(200);
    // A unit user reads it whole too (reference data), and ?after= is accepted as on every list.
    const list = (await api.http.get(`/api/v1/units?after=${registered.body.position}`).set(as.unit('dept-market')).expect(200)).body;
    const ids = list.items.map((u: { unitId: string }) => u.unitId);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['dept-approval', 'win-tax-01', 'dept-listed']));
    expect(list.items.find((u: { unitId: string }) => u.unitId === 'dept-listed')).toEqual({
      unitId: 'dept-listed',
      name: '列表管理局',
      kind: 'department',
      parentId: null,
      status: 'active',
      retiredReason: null,
      version: 2,
    });
    // Each listed unit is what GET /units/:id answers, and its version is the If-Match a command takes.
    const one = list.items.find((u: { unitId: string }) => u.unitId === 'win-tax-01');
    const { version, ...unit } = one;
    expect((await api.http.get('/api/v1/units/win-tax-01').set(as.intake).expect(200)).body).toEqual(unit);
    await api.http.post('/api/v1/units/dept-listed/rename').set(as.admin).set('If-Match', '"1"').send({ name: '过期版本' }).expect(412);
    // The unit the test before retired is listed, retired, with its reason.
    expect(list.items.find((u: { unitId: string }) => u.unitId === 'town-new')).toMatchObject({
      status: 'retired',
      retiredReason: '撤镇设街后并入阳逻街道',
      version: 3,
    });
    expect(version).toBeGreaterThanOrEqual(1);
    await api.http.get('/api/v1/units?after=soon').set(as.admin).expect(400);
    // A position no command returned, past the end of the log, is refused as on every list, naming `after`.
    const past = (
      await api.http
        .get(`/api/v1/units?after=${BigInt(registered.body.position) + 1_000_000_000n}`)
        .set(as.admin)
        .expect(400)
    ).body;
    expect([past.code, past.errors]).toEqual(['VALIDATION_FAILED', [expect.objectContaining({ field: 'after' })]]);
  });

  it('only the admin changes the registry; a unit of an unknown parent is refused', async () => {
    await api.http.post('/api/v1/units').set(as.intake).send({ id: 'dept-x', name: 'X', kind: 'department' }).expect(403);
    const body = (
      await api.http
        .post('/api/v1/units')
        .set(as.admin)
        .send({ id: 'win-x', name: 'X窗口', kind: 'window', parentId: 'dept-nowhere' })
        .expect(422)
    ).body;
    expect(body.code).toEqual(expect.stringMatching(/PARENT/));
  });

  it('records appraisal inputs per unit and year, by the rules of the unit kind', async () => {
    const base = '/api/v1/appraisal-inputs/2026/units';
    await api.http.post(`${base}/dept-market/survey-score`).set(as.admin).send({ score: 86.5, respondents: 120 }).expect(200);
    await api.http.post(`${base}/dept-market/concentrated-evaluation-score`).set(as.admin).send({ score: 90 }).expect(200);
    await api.http.post(`${base}/win-tax-01/online-vote-score`).set(as.admin).send({ score: 92.25, votes: 3400 }).expect(200);
    await api.http.post(`${base}/dept-market/inspection-deductions`).set(as.admin).send(PHONE_AT_WORK_DEDUCTION).expect(200);
    const wrongKind = await api.http.post(`${base}/dept-market/online-vote-score`).set(as.admin).send({ score: 80 }).expect(422);
    expect(wrongKind.body.code).toBe('APPRAISAL_INPUT_NOT_FOR_UNIT_KIND');
    await api.http.post(`${base}/dept-market/survey-score`).set(as.admin).send({ score: 101 }).expect(400);

    const inputs = (await api.http.get(`${base}/dept-market`).set(as.dashboard).expect(200)).body;
    expect(inputs).toMatchObject({ unitId: 'dept-market', year: 2026, version: 3 });
    expect(JSON.stringify(inputs.inputs)).toContain('DC-2026-031');
  });

  it('a year in the path that is not four digits is 400 naming `year`; one out of range is the decider’s 422; neither records anything', async () => {
    const before = (await api.http.get('/api/v1/appraisal-inputs/2025/units/dept-market').set(as.dashboard).expect(200)).body.version;
    for (const year of ['20x5', '-2025', '12025', '2025.0', '0x7e9']) {
      const refused = await api.http
        .post(`/api/v1/appraisal-inputs/${year}/units/dept-market/survey-score`)
        .set(as.admin)
        .send({ score: 80 });
      expect([year, refused.status]).toEqual([year, 400]);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'year', message: expect.any(String) }] });
    }
    const outOfRange = await api.http
      .post('/api/v1/appraisal-inputs/1999/units/dept-market/survey-score')
      .set(as.admin)
      .send({ score: 80 });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body).toMatchObject({ code: 'INVALID_YEAR', field: 'year' });
    // The unit in the same path is named as the path names it.
    const badUnit = await api.http.post('/api/v1/appraisal-inputs/2025/units/Dept_Market/survey-score').set(as.admin).send({ score: 80 });
    expect(badUnit.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'unitId' }] });
    expect((await api.http.get('/api/v1/appraisal-inputs/2025/units/dept-market').set(as.dashboard).expect(200)).body.version).toBe(before);
  });

  it('a deduction with a field of the other kind is 400 naming it, not recorded with that field ignored', async () => {
    const before = (await api.http.get('/api/v1/appraisal-inputs/2025/units/dept-market').set(as.dashboard).expect(200)).body.version;
    const deduction = { deductionId: 'DC-2025-090', reason: '窗口台账不全', occurredOn: '2025-08-03' };
    const refused = await api.http
      .post('/api/v1/appraisal-inputs/2025/units/dept-market/inspection-deductions')
      .set(as.admin)
      .send({ ...deduction, kind: 'lapse', count: 1, personTimes: 2 })
      .expect(400);
    expect(refused.body.errors).toEqual([{ field: 'personTimes', message: 'personTimes is given only with kind conduct' }]);
    const missing = await api.http
      .post('/api/v1/appraisal-inputs/2025/units/dept-market/inspection-deductions')
      .set(as.admin)
      .send({ ...deduction, kind: 'conduct', pointsPerPersonTime: 0.5, count: 1 })
      .expect(400);
    expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['personTimes', 'count']));
    const noSuchDay = await api.http
      .post('/api/v1/appraisal-inputs/2025/units/dept-market/inspection-deductions')
      .set(as.admin)
      .send({ ...deduction, occurredOn: '2025-02-29', kind: 'lapse', count: 1 })
      .expect(400);
    expect(noSuchDay.body.errors).toEqual([{ field: 'occurredOn', message: 'occurredOn must be a date YYYY-MM-DD' }]);
    expect((await api.http.get('/api/v1/appraisal-inputs/2025/units/dept-market').set(as.dashboard).expect(200)).body.version).toBe(before);
  });
});
