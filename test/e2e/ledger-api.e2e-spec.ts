import type { Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

type Caller = Record<string, string>;

/**
 * Issue 12, the ledger's API (docs/ledger.md): a 民主评议 campaign as seed 000 runs it — opened by the
 * campaign office, a 座谈会 recorded with its attendance and suggestions, findings raised against the
 * appraised units, measures planned with their size classes, reported by the unit, accepted or
 * rejected (验收) and re-checked (回头看) — and the API's guarantees around it: the roles, a unit kept
 * to its own findings, bad input answered with the rule's code and field, a stale If-Match refused,
 * and whoever raised a finding kept out of the log.
 */
describe('the rectification ledger over HTTP', () => {
  let api: TestApi;
  const MARKET = as.unit('dept-market');
  const HOUSING = as.unit('dept-housing');
  let campaignId = '';
  let findingId = '';

  const post = async (path: string, who: Caller, body: object, status = 200, headers: Caller = {}): Promise<Json> => {
    const response = await api.http
      .post(path)
      .set({ ...who, ...headers })
      .send(body);
    expect({ path, status: response.status, body: response.status === status ? null : response.body }).toEqual({
      path,
      status,
      body: null,
    });
    return response.body;
  };
  const get = async (path: string, who: Caller, status = 200): Promise<Json> => {
    const response = await api.http.get(path).set(who);
    expect({ path, status: response.status }).toEqual({ path, status });
    return response.body;
  };

  const openCampaign = (overrides: object = {}, status = 201) =>
    post(
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
          { phase: 'consultation', startsOn: '2026-11-09', endsOn: '2026-11-30' },
          { phase: 'look_back', startsOn: '2026-12-01', endsOn: '2026-12-31' },
        ],
        ...overrides,
      },
      status,
    );

  const raise = (overrides: object = {}, status = 201) =>
    post(
      '/api/v1/findings',
      as.intake,
      {
        source: { kind: 'campaign', campaignId },
        unitId: 'dept-market',
        category: 'cumbersome_approval',
        description: '企业反映营业执照变更需多次往返窗口补交材料',
        raisedBy: { kind: 'enterprise', name: '武汉某某科技有限公司' },
        ...overrides,
      },
      status,
    );

  const measure = (overrides: object = {}) => ({
    description: '编制一次性告知清单并在窗口公示',
    responsibleUnitId: 'dept-market',
    responsibleLeader: '张副局长',
    due: { workingDays: 10, from: '2026-11-16' },
    sizeClass: 'immediate',
    category: 'approval_streamlining',
    ...overrides,
  });

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } });
  });
  afterAll(async () => api?.close());

  it('the admin publishes the ledger configuration; every command after it decides on it (version ledger@1)', async () => {
    expect(await get('/api/v1/admin/ledger', MARKET)).toMatchObject({
      version: 'ledger@default',
      recheckAfterWorkingDays: 60,
      revision: null,
    });
    const defaults = await get('/api/v1/admin/ledger', as.admin);
    const published = await api.http.put('/api/v1/admin/ledger').set(as.admin).send({
      campaignKinds: defaults.campaignKinds,
      findingCategories: defaults.findingCategories,
      measureCategories: defaults.measureCategories,
      recheckAfterWorkingDays: 20,
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: 'ledger@1', revision: 1 });
    expect(await get('/api/v1/admin/ledger', as.intake)).toMatchObject({ version: 'ledger@1', recheckAfterWorkingDays: 20, revision: 1 });

    const empty = await api.http
      .put('/api/v1/admin/ledger')
      .set(as.admin)
      .send({ ...defaults, version: undefined, revision: undefined, retired: undefined, measureCategories: [] });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ code: 'LEDGER_LIST_EMPTY', field: 'measureCategories' });
    expect((await api.http.put('/api/v1/admin/ledger').set(as.intake).send({})).status).toBe(403);
  });

  it('the campaign office opens a campaign and records a 座谈会 with its attendance and suggestions, questionnaires and participants', async () => {
    const opened = await openCampaign();
    campaignId = opened.id;
    expect(opened).toMatchObject({ version: 1, position: expect.stringMatching(/^\d+$/) });

    await post(`/api/v1/campaigns/${campaignId}/activities/meetings`, as.intake, {
      kind: 'symposium',
      title: '企业代表座谈会',
      heldOn: '2026-11-12',
      attendance: 20,
      suggestionsCollected: 38,
    });
    await post(`/api/v1/campaigns/${campaignId}/activities/questionnaires`, as.intake, {
      issued: 500,
      returned: 473,
      recordedOn: '2026-11-13',
    });
    const last = await post(`/api/v1/campaigns/${campaignId}/activities/participants`, as.intake, {
      group: 'cppcc_member',
      count: 130,
      recordedOn: '2026-11-13',
    });
    expect(last.version).toBe(4);

    const campaign = await get(`/api/v1/campaigns/${campaignId}`, as.discipline);
    expect(campaign).toMatchObject({
      status: 'open',
      kind: 'democratic_appraisal',
      appraisedUnitIds: ['dept-market', 'dept-housing'],
      questionnaires: { issued: 500, returned: 473 },
      suggestionsCollected: 38,
      participants: { cppcc_member: 130 },
      meetings: [{ kind: 'symposium', title: '企业代表座谈会', attendance: 20, suggestionsCollected: 38 }],
    });
    const page = await get('/api/v1/campaigns?limit=10', MARKET);
    expect(page.items.map((c: Json) => c.id)).toContain(campaignId);
    // A cursor past the largest bigint is a client's mistake like any other: 400, not PostgreSQL's refusal as a 500.
    for (const cursor of ['x', '9223372036854775808', '99999999999999999999']) {
      expect(await get(`/api/v1/campaigns?cursor=${cursor}`, MARKET, 400)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'cursor' }],
      });
    }
  });

  it('a campaign’s broken rules answer 422 with their code and field; an unknown campaign 404', async () => {
    const twice = await api.http
      .post(`/api/v1/campaigns/${campaignId}/activities/questionnaires`)
      .set(as.intake)
      .send({ issued: 0, returned: 30, recordedOn: '2026-11-14' });
    expect(twice.status).toBe(422);
    expect(twice.body).toMatchObject({ code: 'RETURNED_EXCEEDS_ISSUED', field: 'returned' });
    const kind = await api.http
      .post('/api/v1/campaigns')
      .set(as.intake)
      .send({ name: '专项', year: 2026, organiserUnitId: 'dept-approval', kind: 'parade', appraisedUnitIds: ['dept-market'], phases: [] });
    expect(kind.body).toMatchObject({ status: 422, code: 'UNKNOWN_CAMPAIGN_KIND', field: 'kind' });
    const unit = await api.http
      .post('/api/v1/campaigns')
      .set(as.intake)
      .send({
        name: '专项',
        year: 2026,
        organiserUnitId: 'dept-approval',
        kind: 'special_supervision',
        appraisedUnitIds: ['dept-market', 'dept-nowhere'],
        phases: [],
      });
    expect(unit.body).toMatchObject({ status: 422, code: 'UNIT_NOT_FOUND', field: 'appraisedUnitIds[1]' });
    const unknown = await api.http.get('/api/v1/campaigns/00000000-0000-4000-8000-000000000000').set(as.intake);
    expect(unknown.body).toMatchObject({ status: 404, code: 'CAMPAIGN_NOT_FOUND' });
  });

  it('a campaign’s dates: a year not begun, stages outside its year, an activity outside it or on a day to come are 422 naming the field; nothing is counted', async () => {
    const before = await api.eventCount();
    const refused = async (path: string, body: object, code: string, field: string) => {
      const answer = await api.http.post(path).set(as.intake).send(body);
      expect([path, answer.status, answer.body]).toEqual([path, 422, expect.objectContaining({ code, field })]);
      return answer.body;
    };
    const activity = (kind: string) => `/api/v1/campaigns/${campaignId}/activities/${kind}`;
    const meeting = { kind: 'symposium', title: '企业代表座谈会', attendance: 20, suggestionsCollected: 5 };
    // It is 2026-11-16 in Beijing; the campaign is of 2026.
    await refused(activity('meetings'), { ...meeting, heldOn: '2027-06-01' }, 'DATE_OUTSIDE_CAMPAIGN_YEAR', 'heldOn');
    await refused(activity('meetings'), { ...meeting, heldOn: '2020-06-01' }, 'DATE_OUTSIDE_CAMPAIGN_YEAR', 'heldOn');
    await refused(activity('meetings'), { ...meeting, heldOn: '2026-11-17' }, 'ACTIVITY_IN_FUTURE', 'heldOn');
    await refused(
      activity('participants'),
      { group: 'enterprise', count: 5, recordedOn: '2099-01-01' },
      'DATE_OUTSIDE_CAMPAIGN_YEAR',
      'recordedOn',
    );
    await refused(activity('questionnaires'), { issued: 10, returned: 0, recordedOn: '2026-12-31' }, 'ACTIVITY_IN_FUTURE', 'recordedOn');
    const opening = {
      name: '专项督查',
      organiserUnitId: 'dept-approval',
      kind: 'special_supervision',
      appraisedUnitIds: ['dept-market'],
    };
    const far = await refused('/api/v1/campaigns', { ...opening, year: 2099, phases: [] }, 'CAMPAIGN_YEAR_IN_FUTURE', 'year');
    expect(far.year).toBe(2099);
    const old = await refused('/api/v1/campaigns', { ...opening, year: 1999, phases: [] }, 'INVALID_CAMPAIGN_YEAR', 'year');
    expect(old.detail).toBe('A campaign’s year is from 2000 to 2100');
    const phases = [{ phase: 'mobilise', startsOn: '2019-03-01', endsOn: '2019-03-15' }];
    await refused('/api/v1/campaigns', { ...opening, year: 2026, phases }, 'DATE_OUTSIDE_CAMPAIGN_YEAR', 'phases[0].startsOn');
    const amended = [{ phase: 'look_back', startsOn: '2026-12-01', endsOn: '2027-01-15' }];
    await refused(
      `/api/v1/campaigns/${campaignId}/phases`,
      { phases: amended, reason: '延期' },
      'DATE_OUTSIDE_CAMPAIGN_YEAR',
      'phases[0].endsOn',
    );
    expect(await api.eventCount()).toBe(before);
    expect(await get(`/api/v1/campaigns/${campaignId}`, as.intake)).toMatchObject({
      questionnaires: { issued: 500, returned: 473 },
      suggestionsCollected: 38,
      participants: { cppcc_member: 130 },
    });
  });

  it('the stages already in force sent again record nothing: 200 with the campaign’s version unchanged, as questionnaires of none', async () => {
    const campaign = await get(`/api/v1/campaigns/${campaignId}`, as.intake);
    const before = await api.eventCount();
    const again = await post(`/api/v1/campaigns/${campaignId}/phases`, as.intake, { phases: campaign.phases, reason: '重新提交' });
    expect(again).toEqual({ id: campaignId, version: campaign.version, position: expect.any(String) });
    const none = await post(`/api/v1/campaigns/${campaignId}/activities/questionnaires`, as.intake, {
      issued: 0,
      returned: 0,
      recordedOn: '2026-11-13',
    });
    expect(none).toEqual(again);
    expect(await api.eventCount()).toBe(before);
    expect((await get(`/api/v1/campaigns/${campaignId}`, as.intake)).version).toBe(campaign.version);
    // Changed, they are amended.
    const later = campaign.phases.map((p: Json) => (p.phase === 'look_back' ? { ...p, endsOn: '2026-12-30' } : p));
    const amended = await post(`/api/v1/campaigns/${campaignId}/phases`, as.intake, { phases: later, reason: '回头看提前一天结束' });
    expect(amended.version).toBe(campaign.version + 1);
    expect((await get(`/api/v1/campaigns/${campaignId}`, as.intake)).phases).toEqual(later);
  });

  it('intake raises findings from the campaign; who raised one is a reference, a person kept sealed outside the log', async () => {
    const before = await api.eventCount();
    findingId = (await raise()).id;
    const member = await raise({
      category: 'poor_service_attitude',
      description: '窗口工作人员态度生硬',
      raisedBy: { kind: 'member', name: '欧阳委员', phone: '13912345678' },
    });
    expect(await api.eventCount()).toBe(before + 2);

    const { rows } = await api.db.pool.query(`SELECT data::text FROM events WHERE stream_id = $1`, [`finding-${member.id}`]);
    expect(rows[0].data).not.toMatch(/欧阳|13912345678/);
    const people = await api.db.pool.query(
      `SELECT p.ref, p.sealed::text FROM ledger_people p JOIN ledger_person_keys k USING (ref) WHERE finding_id = $1`,
      [member.id],
    );
    expect(people.rows).toHaveLength(1);
    expect(people.rows[0].sealed).not.toMatch(/欧阳/);

    // Intake and discipline see the reference; the unit it is about does not.
    expect((await get(`/api/v1/findings/${member.id}`, as.discipline)).raisedBy).toEqual({ kind: 'member', ref: people.rows[0].ref });
    expect((await get(`/api/v1/findings/${member.id}`, MARKET)).raisedBy).toEqual({ kind: 'member', ref: null });
    expect((await get(`/api/v1/findings/${findingId}`, as.intake)).raisedBy).toEqual({ kind: 'enterprise', ref: '武汉某某科技有限公司' });
  });

  it('a raise retried with its Idempotency-Key gets the first answer: one finding, one person stored', async () => {
    const people = async () => (await api.db.pool.query('SELECT count(*)::int AS n FROM ledger_people')).rows[0].n as number;
    const [events, stored] = [await api.eventCount(), await people()];
    const body = {
      source: { kind: 'inspection' },
      unitId: 'dept-housing',
      category: 'irregular_enforcement',
      description: '暗访发现执法人员未出示证件',
      raisedBy: { kind: 'inspector', name: '督查员刘某' },
    };
    const key = { 'Idempotency-Key': 'raise-inspection-0001' };
    const first = await post('/api/v1/findings', as.intake, body, 201, key);
    const again = await api.http
      .post('/api/v1/findings')
      .set({ ...as.intake, ...key })
      .send(body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first);
    expect([await api.eventCount(), await people()]).toEqual([events + 1, stored + 1]);
  });

  it('refuses a finding that breaks a rule with its code and field, writing nothing, not even the person', async () => {
    const before = await api.eventCount();
    const people = async () => (await api.db.pool.query('SELECT count(*)::int AS n FROM ledger_people')).rows[0].n as number;
    const peopleBefore = await people();
    const person = { kind: 'citizen', name: '李女士' };
    expect(await raise({ category: 'rude_weather', raisedBy: person }, 422)).toMatchObject({
      code: 'UNKNOWN_FINDING_CATEGORY',
      field: 'category',
    });
    expect(await raise({ unitId: 'dept-approval', raisedBy: person }, 422)).toMatchObject({ code: 'UNIT_NOT_APPRAISED', field: 'unitId' });
    // A finding of the 2026 campaign raised in 2025 (Beijing), as the campaign's own activities: it would count in 2026's 总结报告.
    expect(await raise({ raisedAt: '2025-06-01T00:00:00+08:00', raisedBy: person }, 422)).toMatchObject({
      code: 'DATE_OUTSIDE_CAMPAIGN_YEAR',
      field: 'raisedAt',
      year: 2026,
    });
    expect(await raise({ source: { kind: 'campaign', campaignId: '00000000-0000-4000-8000-000000000000' } }, 422)).toMatchObject({
      code: 'CAMPAIGN_NOT_FOUND',
      field: 'source.campaignId',
    });
    expect(await raise({ source: { kind: 'case', caseId: '00000000-0000-4000-8000-000000000000' } }, 422)).toMatchObject({
      code: 'CASE_NOT_FOUND',
      field: 'source.caseId',
    });
    const invalid = await raise({ description: '', raisedBy: { kind: 'neighbour', name: '王' } }, 400);
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.errors.map((e: Json) => e.field).sort()).toEqual(['description', 'raisedBy.kind']);
    // Once recorded (Date.parse gave NaN, "not later than now" held), stopping the projector: now a 400 naming it.
    for (const raisedAt of [
      '2026-W01-1',
      '2026',
      '2026-11-16',
      '2026-11-16T08:00:00',
      '2026-02-30T09:00:00+08:00',
      '2026-03-01T10:00:00+16:00', // an offset PostgreSQL cannot store: the ledger's read model stopped on it for good
      '1900-01-01T00:00:00Z',
    ]) {
      const refused = await raise({ raisedAt, raisedBy: person }, 400);
      expect([raisedAt, refused.code, refused.errors]).toEqual([
        raisedAt,
        'VALIDATION_FAILED',
        [expect.objectContaining({ field: 'raisedAt' })],
      ]);
    }
    expect(await api.eventCount()).toBe(before);
    expect(await people()).toBe(peopleBefore);
  });

  it('refuses a phone beside an enterprise or an office, kept by its name alone: 400 naming raisedBy.phone, not raised with the phone dropped', async () => {
    const before = await api.eventCount();
    for (const kind of ['enterprise', 'office']) {
      const refused = await raise(
        { source: { kind: 'enterprise_visit' }, raisedBy: { kind, name: '某某建材有限公司 联系人李四', phone: '13700003333' } },
        400,
      );
      expect([kind, refused.code, refused.errors]).toEqual([
        kind,
        'VALIDATION_FAILED',
        [expect.objectContaining({ field: 'raisedBy.phone' })],
      ]);
    }
    expect(await api.eventCount()).toBe(before);
  });

  it('refuses an array where an object belongs (raisedBy, source, a measure, its due), naming the field, writing nothing', async () => {
    const before = await api.eventCount();
    const people = async () => (await api.db.pool.query('SELECT count(*)::int AS n FROM ledger_people')).rows[0].n as number;
    const peopleBefore = await people();
    const refusal = (errors: Json) => ({ code: 'VALIDATION_FAILED', errors });
    const person = { kind: 'citizen', name: '李女士', phone: '13800000000' };
    expect(await raise({ raisedBy: [] }, 400)).toMatchObject(refusal([{ field: 'raisedBy', message: 'raisedBy must be an object' }]));
    expect(await raise({ raisedBy: [person] }, 400)).toMatchObject(refusal([{ field: 'raisedBy', message: 'raisedBy must be an object' }]));
    expect(await raise({ source: [] }, 400)).toMatchObject(refusal([{ field: 'source', message: 'source must be an object' }]));
    const plan = (measures: unknown) => post(`/api/v1/findings/${findingId}/measures`, MARKET, { measures }, 400);
    expect(await plan([[]])).toMatchObject(refusal([{ field: 'measures', message: 'measures must hold only objects' }]));
    expect(await plan([measure({ due: [] })])).toMatchObject(
      refusal([{ field: 'measures[0].due', message: 'measures[0].due must be an object' }]),
    );
    // A due date given both ways, or a from beside a date: the other would be ignored unseen.
    expect(await plan([measure({ due: { date: '2027-01-01', workingDays: 10, from: '2026-11-16' } })])).toMatchObject(
      refusal([
        {
          field: 'measures[0].due.date',
          message: 'measures[0].due.date and due.workingDays are two ways to give the due date: give one',
        },
      ]),
    );
    expect(await plan([measure({ due: { date: '2027-01-01', from: '2026-11-16' } })])).toMatchObject(
      refusal([
        { field: 'measures[0].due.from', message: 'measures[0].due.from is the day workingDays count from: give it only with workingDays' },
      ]),
    );
    // Dates that are no day of the calendar: 400 naming the field, not the decider's 422 after the
    // request was taken in.
    expect(await plan([measure({ due: { date: '2026-13-01' } })])).toMatchObject(
      refusal([
        { field: 'measures[0].due.date', message: 'measures[0].due.date must be a date YYYY-MM-DD (or give workingDays and from)' },
      ]),
    );
    expect(await plan([measure({ due: { workingDays: 10, from: '2026-02-30' } })])).toMatchObject(
      refusal([{ field: 'measures[0].due.from', message: 'measures[0].due.from must be a date YYYY-MM-DD' }]),
    );
    const campaign = await openCampaign({ phases: [{ phase: 'mobilise', startsOn: '2026-11-31', endsOn: '2026-12-04' }] }, 400);
    expect(campaign).toMatchObject(refusal([{ field: 'phases[0].startsOn', message: 'phases[0].startsOn must be a date YYYY-MM-DD' }]));
    expect(await api.eventCount()).toBe(before);
    expect(await people()).toBe(peopleBefore);
  });

  it('the unit plans measures with size classes; reports; intake rejects, the unit redoes, intake accepts; discipline reopens at the 回头看', async () => {
    const plan = await post(`/api/v1/findings/${findingId}/measures`, MARKET, {
      measures: [
        measure(),
        measure({ description: '推行容缺受理', sizeClass: 'supervised', due: { date: '2026-12-31' }, responsibleLeader: '李科长' }),
      ],
    });
    expect(plan.version).toBe(2);
    await post(`/api/v1/findings/${findingId}/measures/M1/progress`, MARKET, { progress: '清单已起草' });
    await post(`/api/v1/findings/${findingId}/measures/M1/completion`, MARKET, { report: '清单已在窗口公示' });
    await post(`/api/v1/findings/${findingId}/measures/M1/reject`, as.intake, { reason: '清单未覆盖变更登记事项' });
    expect((await get(`/api/v1/findings/${findingId}`, MARKET)).measures[0].status).toBe('rejected');

    await post(`/api/v1/findings/${findingId}/measures/M1/completion`, MARKET, { report: '清单已补充变更登记事项' });
    await post(`/api/v1/findings/${findingId}/measures/M1/verify`, as.intake, { note: '现场核实' });
    // The 回头看 falls due 20 working days after verification, as the published configuration says.
    expect((await get(`/api/v1/findings/${findingId}`, as.discipline)).measures[0]).toMatchObject({
      status: 'verified',
      recheckDue: '2026-12-14',
    });

    api.clock.set('2026-12-10T10:00:00+08:00');
    await post(`/api/v1/findings/${findingId}/measures/M1/recheck`, as.discipline, {
      confirmed: false,
      note: '回头看发现清单未及时更新',
      newDue: { date: '2026-12-31' },
    });
    const finding = await get(`/api/v1/findings/${findingId}`, as.discipline);
    expect(finding.measures.map((m: Json) => [m.measureId, m.sizeClass, m.status, m.dueDate])).toEqual([
      ['M1', 'immediate', 'reopened', '2026-12-31'],
      ['M2', 'supervised', 'planned', '2026-12-31'],
    ]);

    // M1 passed 验收 before its 回头看 reopened it: the finding was raised in no error, and stays.
    const before = await api.eventCount();
    const withdrawal = await post(`/api/v1/findings/${findingId}/withdraw`, as.intake, { reason: '经核实系误报' }, 422);
    expect(withdrawal).toMatchObject({ code: 'FINDING_HAS_VERIFIED_MEASURES', measureIds: ['M1'] });
    expect(await api.eventCount()).toBe(before);
    expect((await get(`/api/v1/findings/${findingId}`, as.intake)).status).toBe('open');
  });

  it('each role does only its part: 403 FORBIDDEN_ROLE otherwise', async () => {
    const forbidden = async (path: string, who: Caller, body: object = {}) => {
      const response = await api.http.post(path).set(who).send(body);
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN_ROLE' });
    };
    await forbidden('/api/v1/findings', MARKET);
    await forbidden('/api/v1/campaigns', as.discipline);
    await forbidden(`/api/v1/findings/${findingId}/measures`, as.intake, { measures: [measure()] });
    await forbidden(`/api/v1/findings/${findingId}/measures/M2/verify`, MARKET);
    await forbidden(`/api/v1/findings/${findingId}/measures/M2/recheck`, MARKET, { confirmed: true });
    expect((await api.http.get(`/api/v1/findings/${findingId}`).set(as.dashboard)).status).toBe(403);
  });

  it('another unit: the finding does not exist for it, with or without If-Match (404, as a case)', async () => {
    const version = (await get(`/api/v1/findings/${findingId}`, as.intake)).version as number;
    expect((await get(`/api/v1/findings/${findingId}`, HOUSING, 404)).code).toBe('FINDING_NOT_FOUND');
    const before = await api.eventCount();
    expect((await post(`/api/v1/findings/${findingId}/measures/M2/completion`, HOUSING, { report: '已完成' }, 404)).code).toBe(
      'FINDING_NOT_FOUND',
    );
    const stale = { 'If-Match': `"${version - 1}"` };
    expect((await post(`/api/v1/findings/${findingId}/measures`, HOUSING, { measures: [measure()] }, 404, stale)).code).toBe(
      'FINDING_NOT_FOUND',
    );
    expect(await api.eventCount()).toBe(before);
  });

  it('bad measures answer 422 with the rule’s code and the field; a stale If-Match 412', async () => {
    const version = (await get(`/api/v1/findings/${findingId}`, MARKET)).version as number;
    const size = await post(`/api/v1/findings/${findingId}/measures`, MARKET, { measures: [measure({ sizeClass: 'huge' })] }, 422);
    expect(size).toMatchObject({ code: 'INVALID_SIZE_CLASS', field: 'measures[0].sizeClass' });
    const category = await post(`/api/v1/findings/${findingId}/measures`, MARKET, { measures: [measure({ category: 'paperwork' })] }, 422);
    expect(category).toMatchObject({ code: 'UNKNOWN_MEASURE_CATEGORY', field: 'measures[0].category' });
    const unit = await post(
      `/api/v1/findings/${findingId}/measures`,
      MARKET,
      { measures: [measure({ responsibleUnitId: 'dept-nowhere' })] },
      422,
    );
    expect(unit).toMatchObject({ code: 'UNIT_NOT_FOUND', field: 'measures[0].responsibleUnitId' });
    const shape = await post(`/api/v1/findings/${findingId}/measures/first/progress`, MARKET, { progress: '进行中' }, 400);
    expect(shape).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'mid' }] });
    expect(await post(`/api/v1/findings/${findingId}/measures/M1/verify`, as.intake, {}, 422)).toMatchObject({
      status: 422,
      code: 'MEASURE_NOT_REPORTED',
      measureId: 'M1',
      measureStatus: 'reopened',
    });

    const stale = await post(`/api/v1/findings/${findingId}/measures/M2/progress`, MARKET, { progress: '进行中' }, 412, {
      'If-Match': `"${version - 1}"`,
    });
    expect(stale).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: version });
    const fresh = await post(`/api/v1/findings/${findingId}/measures/M2/progress`, MARKET, { progress: '进行中' }, 200, {
      'If-Match': `"${version}"`,
    });
    expect(fresh.version).toBe(version + 1);
  });

  it('a withdrawn finding: a measure it never had is 404 MEASURE_NOT_FOUND, as on an open one; one it has, 422 FINDING_WITHDRAWN', async () => {
    const { id } = await raise({ description: '窗口收费标准未公示' });
    await post(`/api/v1/findings/${id}/measures`, MARKET, { measures: [measure({ due: { date: '2027-06-30' } })] });
    await post(`/api/v1/findings/${id}/withdraw`, as.intake, { reason: '经核实系重复登记' });
    const version = (await get(`/api/v1/findings/${id}`, as.intake)).version as number;
    const before = await api.eventCount();
    const progress = { progress: '进行中' };
    for (const [path, who] of [
      [`/api/v1/findings/${id}/measures/M9/progress`, MARKET],
      [`/api/v1/findings/${id}/measures/M9/completion`, MARKET],
      [`/api/v1/findings/${id}/measures/M9/reject`, as.intake],
    ] as const) {
      const body = path.endsWith('/completion') ? { report: '已完成' } : path.endsWith('/reject') ? { reason: '不实' } : progress;
      expect(await post(path, who, body, 404)).toMatchObject({ status: 404, code: 'MEASURE_NOT_FOUND', measureId: 'M9' });
    }
    // With a stale If-Match too: the 404 comes before the version is compared.
    expect(
      await post(`/api/v1/findings/${id}/measures/M9/progress`, MARKET, progress, 404, { 'If-Match': `"${version - 1}"` }),
    ).toMatchObject({
      code: 'MEASURE_NOT_FOUND',
    });
    expect(await post(`/api/v1/findings/${id}/measures/M1/progress`, MARKET, progress, 422)).toMatchObject({
      status: 422,
      code: 'FINDING_WITHDRAWN',
    });
    expect(await post(`/api/v1/findings/${id}/measures/M1/reject`, as.intake, { reason: '不实' }, 422)).toMatchObject({
      code: 'FINDING_WITHDRAWN',
    });
    // To a unit that may not know the finding, it does not exist, whichever measure is named.
    expect((await post(`/api/v1/findings/${id}/measures/M9/progress`, HOUSING, progress, 404)).code).toBe('FINDING_NOT_FOUND');
    expect(await api.eventCount()).toBe(before);
  });
});
