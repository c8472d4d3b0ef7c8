import { MAX_CURSOR_LENGTH } from '@app/projections/runner/keyset';
import { ApiClient, type Json as Row } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';
import { parseCsv } from '../support/csv';
import { waitUntil } from '../support/wait';

/**
 * The supervision centre's three lists over HTTP, driven by real commands on the real 2026 calendar
 * (November has no holidays): the overdue list (红黄牌) as the test's clock passes due dates and the
 * in-process deadline scheduler records them, the rectification tracker (整改台账) as measures are
 * planned, rejected and verified, and the accountability register (问责台账).
 */
describe('overdue list, rectification tracker and accountability register', () => {
  let api: TestApi;
  /** A: market leads, housing co-handles. B: approval leads and gets an extension. C: housing leads, dispatched later. */
  const id: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let client: ApiClient;
  const post = (path: string, headers: Record<string, string>, body: object = {}) => client.send(path, headers, body);
  const get = (path: string, query: object, who: Record<string, string> = as.intake): Promise<Row> => client.read(path, query, who);
  const overdue = (query: object = {}, who = as.intake) => get('/api/v1/overdue', query, who);
  const rectifications = (query: object = {}, who = as.intake) => get('/api/v1/rectifications', query, who);
  /** `case/unit/kind` of each row, for readable expectations. */
  const keys = (page: Row) => page.items.map((i: Row) => `${caseKey(i.caseId)}/${i.unitId}/${i.kind}`);
  const caseKey = (caseId: string) => Object.entries(id).find(([, v]) => v === caseId)?.[0] ?? caseId;

  const file = (title: string, receivedAt: string, complainant: object = { anonymous: true }) =>
    client.fileAndAccept({ title, receivedAt, complainant });
  const notify = (caseId: string, unitId: string, role: 'lead' | 'co') => client.notifyUnit(caseId, unitId, role);

  /**
   * A list's cursor sent with `other` filters (by `who`): refused, 400 naming it, for in another list
   * it would be read as a place there and skip that list's rows before it.
   */
  const expectCursorRefused = async (path: string, other: object, cursor: string, who: Record<string, string>) => {
    const refused = await api.http
      .get(path)
      .query({ after: client.position, ...other, cursor })
      .set(who);
    expect([other, refused.status, refused.body.errors]).toEqual([
      other,
      400,
      [{ field: 'cursor', message: 'cursor must be a nextCursor returned by this list with these filters' }],
    ]);
  };

  /**
   * The longest cursor a list can hand out is read, not refused for its length: `cursor` as the list
   * handed it out, with the parts `longest` names (by place) at the longest the list's own checks
   * accept (an id of 128 characters, KEY_ID), the tag and the rest as they were. Answered 200 (a page
   * after that place), never 400.
   */
  const expectLongestCursorRead = async (path: string, query: object, cursor: string, longest: Record<number, string>) => {
    const key = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[]).map((part, at) => longest[at] ?? part);
    const longestCursor = Buffer.from(JSON.stringify(key)).toString('base64url');
    const read = await api.http
      .get(path)
      .query({ after: client.position, ...query, cursor: longestCursor })
      .set(as.intake);
    expect({ key, length: longestCursor.length, status: read.status, errors: read.body.errors }).toEqual({
      key,
      length: longestCursor.length,
      status: 200,
      errors: undefined,
    });
  };
  /** Ids at the longest a cursor's part may hold one: KEY_ID's 128 characters, and the ledger's holder ids' 64. */
  const ID_128 = `id-${'x'.repeat(125)}`;
  const HOLDER_64 = `holder-${'x'.repeat(57)}`;

  /** Polls the overdue list until `probe` holds: the scheduler ticks on its own. */
  const overdueUntil = (query: object, probe: (page: Row) => boolean): Promise<Row> =>
    waitUntil(
      async () => {
        const page = await overdue(query);
        return probe(page) ? page : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, failure: 'the overdue list never showed it' },
    );

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    id.a = await file('营业执照变更反复补材料', '2026-11-16T08:30:00+08:00', {
      anonymous: false,
      name: '王某',
      phone: '13800138000',
      enterprise: '某某餐饮有限公司',
    });
    await notify(id.a, 'dept-market', 'lead');
    await notify(id.a, 'dept-housing', 'co');
    id.b = await file('施工许可审批超时', '2026-11-16T08:40:00+08:00');
    await notify(id.b, 'dept-approval', 'lead');
    await post(`/api/v1/cases/${id.b}/acknowledge`, as.unit('dept-approval'));
  }, 60_000); // the app, its projector and a fresh database start here
  afterAll(async () => api?.close());

  it('yellow card (黄牌): deadlines due within the warning window, counted in working days from today', async () => {
    // Received Monday 16 November: sign for by Tuesday 17th, handle by Monday 30th (10 working days).
    const page = await overdue();
    expect(page).toMatchObject({ today: '2026-11-16', warningWorkingDays: 2, nextCursor: null });
    expect(keys(page)).toEqual(['a/dept-housing/sign_for', 'a/dept-market/sign_for']);
    expect(page.items[1]).toMatchObject({
      title: '营业执照变更反复补材料',
      unitRole: 'lead',
      responsibleLeader: '张局长',
      dueDate: '2026-11-17',
      card: 'yellow',
      workingDaysOverdue: 0,
      workingDaysLeft: 1,
      deadlinePassedRecorded: false,
      supervision: { count: 0, level: null, lastIssuedAt: null },
      extension: null,
    });
    expect(keys(await overdue({ warningWorkingDays: 0 }))).toEqual([]); // nothing is due today
    // Ten working days reach Monday 30th: every handling deadline is in the window.
    // (Same due date: the order among cases is by case id, so compare as a set.)
    expect(keys(await overdue({ warningWorkingDays: 10, kind: 'handling' })).sort()).toEqual([
      'a/dept-housing/handling',
      'a/dept-market/handling',
      'b/dept-approval/handling',
    ]);
  });

  it('an extension (延期) moves a handling deadline out of the warning window', async () => {
    await post(`/api/v1/cases/${id.b}/request-extension`, as.unit('dept-approval'), { reason: '需组织专家论证', workingDays: 3 });
    await post(`/api/v1/cases/${id.b}/decide-extension`, as.intake, { unitId: 'dept-approval', approve: true, reason: '同意' });
    // Due Thursday 3 December now: thirteen working days away, beyond a ten-day window.
    expect(keys(await overdue({ warningWorkingDays: 10, kind: 'handling' }, as.dashboard))).toEqual([
      'a/dept-housing/handling',
      'a/dept-market/handling',
    ]);
  });

  it('upcoming=true: every open deadline, those beyond the warning window as green, so a unit sees its whole to-do list', async () => {
    // B was signed for: its sign-for deadline is met, its handling one (3 December, 13 working days) is green.
    const page = await overdue({ upcoming: true }, as.unit('dept-approval'));
    expect(keys(page)).toEqual(['b/dept-approval/handling']);
    expect(page.items[0]).toMatchObject({ dueDate: '2026-12-03', card: 'green', workingDaysOverdue: 0, workingDaysLeft: 13 });
    expect(keys(await overdue({ upcoming: true, kind: 'sign_for' }, as.unit('dept-approval')))).toEqual([]);
    // Market has not signed for A: to sign for (yellow) and to handle (green, 30 November).
    const market = await overdue({ upcoming: true }, as.unit('dept-market'));
    expect(market.items.map((i: Row) => [caseKey(i.caseId), i.kind, i.card])).toEqual([
      ['a', 'sign_for', 'yellow'],
      ['a', 'handling', 'green'],
    ]);
    // With a card the window holds as before; without upcoming, nothing green.
    expect(keys(await overdue({ upcoming: true, card: 'yellow' }, as.unit('dept-approval')))).toEqual([]);
    expect((await overdue()).items.every((i: Row) => i.card !== 'green')).toBe(true);
  });

  it('red card (红牌): once the due day ends, the scheduler records it; supervision issued shows on the row', async () => {
    api.clock.set('2026-11-18T00:00:00+08:00');
    const red = await overdueUntil({ card: 'red' }, (p) => p.items.length === 2 && p.items.every((i: Row) => i.deadlinePassedRecorded));
    expect(keys(red)).toEqual(['a/dept-housing/sign_for', 'a/dept-market/sign_for']);
    expect(red.items[1]).toMatchObject({ card: 'red', dueDate: '2026-11-17', workingDaysOverdue: 1, workingDaysLeft: 0 });

    api.clock.set('2026-11-18T09:30:00+08:00');
    await post(`/api/v1/cases/${id.a}/supervise`, as.intake, { unitId: 'dept-market', level: 'urge', note: '请尽快签收' });
    await post(`/api/v1/cases/${id.a}/supervise`, as.discipline, { unitId: 'dept-market', level: 'supervise', note: '督办' });
    const market = (await overdue({ unitId: 'dept-market' })).items;
    expect(market).toEqual([
      expect.objectContaining({
        kind: 'sign_for',
        supervision: { count: 2, level: 'supervise', lastIssuedAt: '2026-11-18T01:30:00.000Z' },
      }),
    ]);
    // 约谈: the unit's head called in, with the day and who attended; the highest level on the row.
    const interview = { heldOn: '2026-11-18', attendees: ['区市场监督管理局局长 张某', '登记科科长 刘某'] };
    const missing = await api.http
      .post(`/api/v1/cases/${id.a}/supervise`)
      .set(as.discipline)
      .send({ unitId: 'dept-market', level: 'interview', note: '约谈' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: Row) => e.field)).toEqual(['interview']);
    // An interview with another level would be dropped unseen: refused as the contradiction it is.
    const stray = await api.http
      .post(`/api/v1/cases/${id.a}/supervise`)
      .set(as.discipline)
      .send({ unitId: 'dept-market', level: 'urge', note: '催办', interview });
    expect(stray.status).toBe(400);
    expect(stray.body.errors).toEqual([{ field: 'interview', message: 'interview is given only with level interview' }]);
    // A day before the case was received (16 November) is a mistyped date, not a 约谈 about it.
    const early = await api.http
      .post(`/api/v1/cases/${id.a}/supervise`)
      .set(as.discipline)
      .send({ unitId: 'dept-market', level: 'interview', note: '约谈', interview: { ...interview, heldOn: '2025-11-18' } });
    expect([early.status, early.body.code, early.body.field, early.body.detail]).toEqual([
      422,
      'INTERVIEW_BEFORE_CASE',
      'interview.heldOn',
      '2025-11-18 is before the case was received (2026-11-16)',
    ]);
    await post(`/api/v1/cases/${id.a}/supervise`, as.discipline, {
      unitId: 'dept-market',
      level: 'interview',
      note: '约谈主要负责人',
      interview,
    });
    expect((await overdue({ unitId: 'dept-market' })).items[0].supervision).toMatchObject({ count: 3, level: 'interview' });
    const history = await api.http.get(`/api/v1/cases/${id.a}/history`).set(as.discipline).expect(200);
    expect(history.body.events.filter((e: Row) => e.type === 'SupervisionIssued').at(-1).data).toEqual({
      level: 'interview',
      unitId: 'dept-market',
      note: '约谈主要负责人',
      interview,
    });
    // Signed for late: the deadline is met, the row leaves the list.
    await post(`/api/v1/cases/${id.a}/acknowledge`, as.unit('dept-market'));
    expect(keys(await overdue({ card: 'red' }))).toEqual(['a/dept-housing/sign_for']);
  }, 40_000);

  it('sorted by working days overdue on the calendar; a unit sees only its own rows; pages by keyset', async () => {
    id.c = await file('窗口工作人员服务态度差', '2026-11-18T09:00:00+08:00');
    await notify(id.c, 'dept-housing', 'lead'); // sign for by Thursday 19th
    api.clock.set('2026-11-23T10:00:00+08:00'); // Monday
    const red = await overdueUntil({ card: 'red' }, (p) => p.items.length === 2 && p.items.every((i: Row) => i.deadlinePassedRecorded));
    // Due Tuesday 17th: Wed, Thu, Fri, Mon = 4 working days; due Thursday 19th: Fri, Mon = 2. The weekend does not count.
    expect(red.items.map((i: Row) => `${caseKey(i.caseId)}:${i.workingDaysOverdue}`)).toEqual(['a:4', 'c:2']);

    expect(keys(await overdue({ card: 'red' }, as.unit('dept-housing')))).toEqual(['a/dept-housing/sign_for', 'c/dept-housing/sign_for']);
    expect((await overdue({ card: 'red' }, as.unit('dept-market'))).items).toEqual([]);
    expect((await overdue({ unitId: 'dept-housing' }, as.unit('dept-market'))).items).toEqual([]);

    const first = await overdue({ card: 'red', limit: 1 });
    expect(keys(first)).toEqual(['a/dept-housing/sign_for']);
    const second = await overdue({ card: 'red', limit: 1, cursor: first.nextCursor });
    expect(second).toMatchObject({ nextCursor: null });
    expect(keys(second)).toEqual(['c/dept-housing/sign_for']);
    // The cursor belongs to the filters it was handed out with: read in another list (another card,
    // unit, kind or window, or a unit's own list) it would skip that list's rows before it.
    for (const [other, who] of [
      [{ card: 'yellow' }, as.intake],
      [{}, as.intake],
      [{ card: 'red', unitId: 'dept-housing' }, as.intake],
      [{ card: 'red', kind: 'sign_for' }, as.intake],
      [{ card: 'red', warningWorkingDays: 5 }, as.intake],
      [{ card: 'red' }, as.unit('dept-housing')],
    ] as const) {
      await expectCursorRefused('/api/v1/overdue', other, first.nextCursor, who);
    }
    // `upcoming` is no filter beside a card (the card decides): the same list, the same cursor.
    expect(keys(await overdue({ card: 'red', upcoming: true, cursor: first.nextCursor }))).toEqual(['c/dept-housing/sign_for']);
    // [tag, due, caseId, unitId, kind]: a unit id of 128 characters.
    await expectLongestCursorRead('/api/v1/overdue', { card: 'red', limit: 1 }, first.nextCursor, { 3: ID_128 });

    const [b] = (await overdue({ warningWorkingDays: 10, unitId: 'dept-approval' })).items;
    expect(b).toMatchObject({
      kind: 'handling',
      dueDate: '2026-12-03',
      card: 'yellow',
      workingDaysLeft: 8,
      extension: { times: 1, grantedWorkingDays: 3, previousDue: '2026-11-30' },
    });
    // The complainant is never in a read model.
    expect(JSON.stringify(await overdue({ warningWorkingDays: 10 }))).not.toMatch(/王某|13800138000|某某餐饮|complainant/);
  }, 40_000);

  it('rectification tracker (整改台账): planned, overdue by the clock, reported, rejected, verified', async () => {
    const b = `/api/v1/cases/${id.b}`;
    await post(`${b}/report-handling`, as.unit('dept-approval'), {
      factsFound: '审批材料清单不明确',
      factsEstablished: true,
      result: '已办结施工许可',
    });
    expect(keys(await overdue({ warningWorkingDays: 10, unitId: 'dept-approval' }))).toEqual([]); // handled: off the overdue list
    await post(`${b}/plan-rectification`, as.unit('dept-approval'), {
      measures: [
        { description: '公布施工许可材料清单', responsibleUnitId: 'dept-approval', responsibleLeader: '王科长', dueDate: '2026-11-25' },
        { description: '税务窗口一次性告知培训', responsibleUnitId: 'win-tax-01', responsibleLeader: '赵主任', dueDate: '2026-12-04' },
      ],
    });
    let page = await rectifications();
    expect(page).toMatchObject({ today: '2026-11-23', nextCursor: null });
    expect(page.items).toEqual([
      {
        holderKind: 'case',
        caseId: id.b,
        findingId: null,
        measureId: 'M1',
        description: '公布施工许可材料清单',
        responsibleUnitId: 'dept-approval',
        responsibleLeader: '王科长',
        leadUnitId: 'dept-approval',
        // 问题 in words: the case's title (intake reads it).
        problem: '施工许可审批超时',
        // What a finding's measure adds: a case's has none.
        campaignId: null,
        findingCategory: null,
        sizeClass: null,
        measureCategory: null,
        dueDate: '2026-11-25',
        dueCarded: false,
        status: 'planned',
        progress: null,
        reportedAt: null,
        verdict: null,
        recheckDue: null,
        recheckCarded: false,
        timesReported: 0,
        timesRejected: 0,
        plannedAt: '2026-11-23T02:00:00.000Z',
        updatedAt: '2026-11-23T02:00:00.000Z',
      },
      expect.objectContaining({ measureId: 'M2', responsibleUnitId: 'win-tax-01', status: 'planned' }),
    ]);

    api.clock.set('2026-11-25T23:59:00+08:00'); // still its due day in Beijing
    expect((await rectifications({ status: 'overdue' })).items).toEqual([]);
    api.clock.set('2026-11-26T00:00:00+08:00');
    expect((await rectifications({ status: 'overdue' })).items.map((m: Row) => m.measureId)).toEqual(['M1']);
    expect((await rectifications({ status: 'planned' })).items.map((m: Row) => m.measureId)).toEqual(['M2']);
    // The overdue list's side for measures: M1's due day has ended (red), M2 is not within the window yet.
    const cards = await get('/api/v1/overdue/measures', {});
    expect(cards).toMatchObject({ today: '2026-11-26', warningWorkingDays: 2, nextCursor: null });
    expect(cards.items).toEqual([
      expect.objectContaining({
        kind: 'measure_due',
        caseId: id.b,
        measureId: 'M1',
        dueDate: '2026-11-25',
        card: 'red',
        workingDaysOverdue: 1,
      }),
    ]);
    const yellow = await get('/api/v1/overdue/measures', { card: 'yellow', warningWorkingDays: 7 });
    expect(yellow.items.map((m: Row) => `${m.measureId}:${m.card}:${m.workingDaysLeft}`)).toEqual(['M2:yellow:6']);
    // Paged, the cursor goes on with the filters it was handed out with, and no others.
    const firstCard = await get('/api/v1/overdue/measures', { warningWorkingDays: 7, limit: 1 });
    expect(firstCard.items.map((m: Row) => m.measureId)).toEqual(['M1']);
    const nextCard = await get('/api/v1/overdue/measures', { warningWorkingDays: 7, limit: 1, cursor: firstCard.nextCursor });
    expect(nextCard.items.map((m: Row) => m.measureId)).toEqual(['M2']);
    for (const [other, who] of [
      [{ warningWorkingDays: 7, card: 'yellow' }, as.intake],
      [{ warningWorkingDays: 8 }, as.intake],
      [{ warningWorkingDays: 7, kind: 'measure_due' }, as.intake],
      [{ warningWorkingDays: 7, holderKind: 'case' }, as.intake],
      [{ warningWorkingDays: 7, unitId: 'dept-approval' }, as.intake],
      [{ warningWorkingDays: 7 }, as.unit('dept-approval')],
    ] as const) {
      await expectCursorRefused('/api/v1/overdue/measures', other, firstCard.nextCursor, who);
    }
    // [tag, due, holderId, measureId, kind]: the longest holder id, measure id and kind.
    await expectLongestCursorRead('/api/v1/overdue/measures', { warningWorkingDays: 7, limit: 1 }, firstCard.nextCursor, {
      2: HOLDER_64,
      3: 'M999999',
      4: 'measure_due',
    });
    expect((await get('/api/v1/overdue/measures', {}, as.unit('dept-market'))).items).toEqual([]);
    await post(`${b}/report-rectification`, as.unit('dept-approval'), { measureId: 'M2', report: '已组织培训' });
    await post(`${b}/verify-rectification`, as.discipline, { measureId: 'M2', approve: false, note: '无培训签到记录' });
    await post(`${b}/report-rectification`, as.unit('dept-approval'), { measureId: 'M1', report: '清单已在门户网站公布' });
    await post(`${b}/verify-rectification`, as.intake, { measureId: 'M1', approve: true, note: '已核实' });
    page = await rectifications();
    expect(page.items.map((m: Row) => `${m.measureId}:${m.status}:r${m.timesReported}:x${m.timesRejected}`)).toEqual([
      'M1:verified:r1:x0',
      'M2:rejected:r1:x1',
    ]);

    const measureIds = async (query: object, who = as.intake) => (await rectifications(query, who)).items.map((m: Row) => m.measureId);
    expect(await measureIds({ status: 'rejected' })).toEqual(['M2']);
    expect(await measureIds({ status: 'overdue' })).toEqual([]);
    expect(await measureIds({ responsibleUnitId: 'win-tax-01' })).toEqual(['M2']);
    expect(await measureIds({ dueFrom: '2026-11-26' })).toEqual(['M2']);
    expect(await measureIds({ dueFrom: '2026-11-01', dueTo: '2026-11-25' })).toEqual(['M1']);
    // A unit sees what it is responsible for, and what it leads as the case's lead unit.
    expect(await measureIds({}, as.unit('win-tax-01'))).toEqual(['M2']);
    expect(await measureIds({}, as.unit('dept-approval'))).toEqual(['M1', 'M2']);
    expect(await measureIds({}, as.unit('dept-market'))).toEqual([]);
    const first = await rectifications({ limit: 1 });
    expect((await rectifications({ limit: 1, cursor: first.nextCursor })).items.map((m: Row) => m.measureId)).toEqual(['M2']);
    // Only with the filters it was handed out with: in another list it would skip that list's rows before it.
    for (const [other, who] of [
      [{ status: 'rejected' }, as.intake],
      [{ responsibleUnitId: 'win-tax-01' }, as.intake],
      [{ leadUnitId: 'dept-approval' }, as.intake],
      [{ holderKind: 'case' }, as.intake],
      [{ dueFrom: '2026-11-01' }, as.intake],
      [{ dueTo: '2026-12-31' }, as.intake],
      [{}, as.unit('dept-approval')],
    ] as const) {
      await expectCursorRefused('/api/v1/rectifications', other, first.nextCursor, who);
    }
    // [tag, due, holderId, measureId]: the longest holder id and measure id.
    await expectLongestCursorRead('/api/v1/rectifications', { limit: 1 }, first.nextCursor, { 2: HOLDER_64, 3: 'M999999' });

    // The ledger as offices keep it (整改台账), as a file: the problem is the case's title.
    const csv = await api.http
      .get('/api/v1/rectifications/export')
      .query({ format: 'csv', after: client.position })
      .set(as.intake)
      .expect(200);
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('整改台账-2026-11-26.csv'));
    const [headers, ...rows] = parseCsv(csv.text.slice(1));
    expect(headers.slice(0, 8)).toEqual(['序号', '问题', '整改措施', '责任单位', '责任领导', '完成时限', '进展情况', '验收情况']);
    expect(rows.map((r) => r.slice(0, 8))).toEqual([
      [
        '1',
        '施工许可审批超时',
        '公布施工许可材料清单',
        '区行政审批局',
        '王科长',
        '2026-11-25',
        '已完成：清单已在门户网站公布',
        '已验收：已核实',
      ],
      [
        '2',
        '施工许可审批超时',
        '税务窗口一次性告知培训',
        '区政务服务中心税务窗口',
        '赵主任',
        '2026-12-04',
        '验收未通过，整改中：已组织培训',
        '验收未通过：无培训签到记录',
      ],
    ]);
    const own = await api.http.get('/api/v1/rectifications/export').query({ format: 'csv' }).set(as.unit('win-tax-01')).expect(200);
    expect(
      parseCsv(own.text.slice(1))
        .slice(1)
        .map((r) => r[2]),
    ).toEqual(['税务窗口一次性告知培训']);

    api.clock.set('2026-12-07T10:00:00+08:00'); // M2, rejected, is now past its due date too
    expect(await measureIds({ status: 'overdue' })).toEqual(['M2']);
  });

  it('accountability register (问责台账): by unit, person, form and year, and a yearly summary', async () => {
    api.clock.set('2026-12-07T10:00:00+08:00');
    // The scheduler records case a's passed deadlines on its own tick; a command sent meanwhile could
    // lose that race (409 CONCURRENT_MODIFICATION, as it would for a user). Wait until it is done.
    await waitUntil(
      async () => {
        const { rows } = await api.db.pool.query(
          `SELECT count(*)::int AS n FROM scheduled_deadlines WHERE case_id = $1 AND state = 'pending' AND fire_at <= $2`,
          [id.a, '2026-12-07T10:00:00+08:00'],
        );
        return rows[0].n === 0 || undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, failure: "the scheduler never recorded case a's passed deadlines" },
    );
    await post(`/api/v1/cases/${id.a}/issue-accountability`, as.discipline, {
      target: { kind: 'person', unitId: 'dept-market', name: '刘某', position: '窗口工作人员' },
      forms: ['admonishment', 'performance_deduction'],
      basis: { facts: '超期未签收，经督办仍未办理', rule: '《中国共产党问责条例》第七条' },
    });
    api.clock.set('2026-12-07T11:00:00+08:00');
    await post(`/api/v1/cases/${id.b}/issue-accountability`, as.discipline, {
      target: { kind: 'organisation', unitId: 'dept-approval' },
      forms: ['written_self_examination'],
      basis: { facts: '整改措施验收不通过', rule: '《优化营商环境条例》第六十九条' },
    });
    // Issue 9 (property level): the register's rows name officials, so they are read by the discipline
    // office (and intake, admin), no longer by leaders (dashboard), who read the yearly counts below.
    const register = (query: object = {}) => get('/api/v1/accountability', query, as.discipline);
    const all = await register();
    expect(all.items).toHaveLength(2);
    expect(all.items[1]).toEqual({
      caseId: id.a,
      findingId: null,
      accountabilityId: expect.any(String),
      target: { kind: 'person', unitId: 'dept-market', name: '刘某', position: '窗口工作人员' },
      forms: ['admonishment', 'performance_deduction'],
      basis: { facts: '超期未签收，经督办仍未办理', rule: '《中国共产党问责条例》第七条' },
      issuedAt: '2026-12-07T02:00:00.000Z',
      year: 2026,
      issuedBy: 'jjjc-li',
    });
    const cases = async (query: object) => (await register(query)).items.map((e: Row) => caseKey(e.caseId));
    expect(await cases({ personName: '刘' })).toEqual(['a']);
    expect(await cases({ form: 'written_self_examination' })).toEqual(['b']);
    expect(await cases({ unitId: 'dept-market' })).toEqual(['a']);
    expect(await cases({ year: 2026 })).toEqual(['b', 'a']);
    expect(await cases({ year: 2027 })).toEqual([]);
    const first = await register({ limit: 1 });
    expect((await register({ limit: 1, cursor: first.nextCursor })).items.map((e: Row) => caseKey(e.caseId))).toEqual(['a']);
    // Only with the filters it was handed out with: in another list it would skip that list's rows before it.
    for (const other of [
      { year: 2026 },
      { unitId: 'dept-market' },
      { targetKind: 'person' },
      { form: 'circulated_notice' },
      { personName: '刘' },
    ]) {
      await expectCursorRefused('/api/v1/accountability', other, first.nextCursor, as.discipline);
    }
    // [tag, issuedAt, holderId, accountabilityId]: two ids of 128 characters made 407, over the 400
    // the API once read, so the register refused a cursor it could have handed out itself.
    await expectLongestCursorRead('/api/v1/accountability', { limit: 1 }, first.nextCursor, { 2: ID_128, 3: ID_128 });
    // A hand-made cursor is 400 naming it, never a 500: a time Date.parse reads but PostgreSQL cannot
    // cast, or a NUL in an id part ("invalid byte sequence for encoding UTF8").
    const [tag, issuedAt, holderId, accountabilityId] = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8')) as string[];
    for (const key of [
      [tag, 'Sat 2026', holderId, accountabilityId],
      [tag, '1', holderId, accountabilityId],
      [tag, '+275760-09-13T00:00:00.000Z', holderId, accountabilityId],
      [tag, issuedAt, holderId, `${accountabilityId}\u0000`],
      [tag, issuedAt, holderId, '\u0000'],
      [tag, issuedAt, `${holderId}\u0000`, accountabilityId],
    ]) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      const bad = await api.http.get('/api/v1/accountability').query({ cursor }).set(as.discipline);
      expect([key, bad.status, bad.body.errors]).toEqual([key, 400, [expect.objectContaining({ field: 'cursor' })]]);
    }

    expect(await get('/api/v1/accountability/summary', { year: 2026 }, as.discipline)).toEqual({
      year: 2026,
      entries: 2,
      byForm: [
        { form: 'admonishment', entries: 1 },
        { form: 'performance_deduction', entries: 1 },
        { form: 'written_self_examination', entries: 1 },
      ],
      byUnit: [
        { unitId: 'dept-approval', entries: 1, againstOrganisation: 1, againstPersons: 0 },
        { unitId: 'dept-market', entries: 1, againstOrganisation: 0, againstPersons: 1 },
      ],
    });
    expect((await api.http.get('/api/v1/accountability').set(as.dashboard).expect(403)).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(await get('/api/v1/accountability/summary', { year: 2026 }, as.dashboard)).toMatchObject({ year: 2026, entries: 2 });
  });

  it('bad filters are 400 naming them; a unit may not read the accountability register (403)', async () => {
    const fields = async (path: string, query: object) =>
      new Set((await api.http.get(path).query(query).set(as.intake).expect(400)).body.errors.map((e: Row) => e.field));
    expect(
      await fields('/api/v1/overdue', { card: 'green', warningWorkingDays: 11, kind: 'late', unitId: 'a b', upcoming: 'yes' }),
    ).toEqual(new Set(['card', 'warningWorkingDays', 'kind', 'unitId', 'upcoming']));
    expect(await fields('/api/v1/overdue', { cursor: 'bm90LWpzb24' })).toEqual(new Set(['cursor']));
    // Garbage longer than any cursor a list hands out is refused by its length, before it is read.
    for (const path of ['/api/v1/overdue', '/api/v1/accountability', '/api/v1/cases']) {
      expect(await fields(path, { cursor: 'A'.repeat(MAX_CURSOR_LENGTH + 1) })).toEqual(new Set(['cursor']));
    }
    expect(
      await fields('/api/v1/overdue/measures', { card: 'green', kind: 'handling', holderKind: 'petition', warningWorkingDays: 11 }),
    ).toEqual(new Set(['card', 'kind', 'holderKind', 'warningWorkingDays']));
    expect(await fields('/api/v1/rectifications', { status: 'late', dueFrom: '2026-02-30', dueTo: '2026-12-01T00:00:00Z' })).toEqual(
      new Set(['status', 'dueFrom', 'dueTo']),
    );
    expect(await fields('/api/v1/rectifications', { dueFrom: '2026-12-01', dueTo: '2026-11-01' })).toEqual(new Set(['dueTo']));
    const ledgerFilters = {
      holderKind: 'petition',
      sizeClass: 'huge',
      findingCategory: 'Not A Code',
      measureCategory: '类别',
      campaignId: 'a b',
    };
    expect(await fields('/api/v1/rectifications', ledgerFilters)).toEqual(
      new Set(['holderKind', 'sizeClass', 'findingCategory', 'measureCategory', 'campaignId']),
    );
    expect(await fields('/api/v1/rectifications/export', { ...ledgerFilters, format: 'pdf' })).toEqual(
      new Set(['holderKind', 'sizeClass', 'findingCategory', 'measureCategory', 'campaignId', 'format']),
    );
    expect(await fields('/api/v1/accountability', { year: 'last', form: 'beheading', targetKind: 'cat' })).toEqual(
      new Set(['year', 'form', 'targetKind']),
    );
    expect(await fields('/api/v1/accountability/summary', {})).toEqual(new Set(['year']));

    const forbidden = await api.http.get('/api/v1/accountability').set(as.unit('dept-market')).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    await api.http.get('/api/v1/accountability/summary').query({ year: 2026 }).set(as.unit('dept-market')).expect(403);
  });
});
