import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';
import { ApiClient, type Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { QueryLog } from '../support/query-log';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * What each figure of the dashboard counts (`GET /api/v1/dashboard/cases`): on cases with every kind
 * of outcome — closed on time, signed for late and overdue, reopened after an unsatisfied visit,
 * rejected, not yet accepted, reported late with an unsigned co-handler in another kind of unit —
 * the list of every count and of each rate's numerator and denominator has as many rows as the
 * summary's figure, for all units, one unit, a category, a unit kind and no unit.
 */
describe('GET /api/v1/dashboard/cases', () => {
  let api: TestApi;
  let client: ApiClient;
  const november = { from: '2026-11-01', to: '2026-11-30' };
  const COUNTS = ['received', 'awaitingAcceptance', 'accepted', 'rejected', 'inProgress', 'closed', 'overdueNow'];
  const RATES = ['responseRate', 'onTimeCompletionRate', 'completionRate', 'satisfactionRate', 'reopenRate'];
  let closedOnTime = '';

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    const post = (path: string, headers: Record<string, string>, body: object = {}) => client.send(path, headers, body);
    const file = async (channel: string, category: string, receivedAt: string, title = '办事窗口推诿') =>
      `/api/v1/cases/${await client.file({
        channel,
        category,
        title,
        receivedAt,
        complainant: { anonymous: false, name: '王某', phone: '13800138000' },
      })}`;
    const dispatch = async (c: string, unitId: string) => {
      await post(`${c}/accept`, as.intake);
      await post(`${c}/notify-unit`, as.intake, { unitId, role: 'lead', responsibleLeader: '张局长' });
    };
    const report = (c: string, unitId: string) =>
      post(`${c}/report-handling`, as.unit(unitId), { factsFound: '窗口未一次性告知', factsEstablished: true, result: '已当场办结' });

    // Monday 16 November
    closedOnTime = await file('hotline', 'cumbersome_approval', '2026-11-16T08:30:00+08:00', '营业执照办理来回跑');
    const overdue = await file('web', 'enquiry', '2026-11-16T08:40:00+08:00');
    const reopened = await file('hotline', 'complaint_runaround', '2026-11-16T08:50:00+08:00');
    const reportedLate = await file('hotline', 'enquiry', '2026-11-16T09:00:00+08:00');
    await dispatch(closedOnTime, 'dept-market');
    await dispatch(overdue, 'dept-housing');
    await dispatch(reopened, 'dept-market');
    await dispatch(reportedLate, 'dept-approval');
    await post(`${reportedLate}/notify-unit`, as.intake, { unitId: 'win-tax-01', role: 'co', responsibleLeader: '李主任' });
    await post(`${closedOnTime}/acknowledge`, as.unit('dept-market'));
    await post(`${reopened}/acknowledge`, as.unit('dept-market'));
    await post(`${reportedLate}/acknowledge`, as.unit('dept-approval'));
    // Tuesday 17: a complaint outside the remit, and one not yet accepted
    api.clock.set('2026-11-17T09:00:00+08:00');
    const rejected = await file('letter', 'market_disorder', '2026-11-17T08:30:00+08:00');
    await post(`${rejected}/reject`, as.intake, { reason: '不属于受理范围' });
    await file('web', 'enquiry', '2026-11-17T08:40:00+08:00');
    // Wednesday 18: housing signs for a day late; market handles both of its cases
    api.clock.set('2026-11-18T10:00:00+08:00');
    await post(`${overdue}/acknowledge`, as.unit('dept-housing'));
    await report(closedOnTime, 'dept-market');
    await post(`${closedOnTime}/plan-rectification`, as.unit('dept-market'), {
      measures: [
        { description: '编制一次性告知清单', responsibleUnitId: 'dept-market', responsibleLeader: '张局长', dueDate: '2026-11-20' },
      ],
    });
    await post(`${closedOnTime}/report-rectification`, as.unit('dept-market'), { measureId: 'M1', report: '清单已公示' });
    await post(`${closedOnTime}/verify-rectification`, as.intake, { measureId: 'M1', approve: true, note: '现场查看属实' });
    await post(`${closedOnTime}/record-return-visit`, as.intake, { satisfaction: 'satisfied', note: null });
    await post(`${closedOnTime}/issue-accountability`, as.discipline, {
      target: { kind: 'organisation', unitId: 'dept-market' },
      forms: ['circulated_notice'],
      basis: { facts: '推诿企业', rule: '首问负责制第五条' },
    });
    await post(`${closedOnTime}/close`, as.intake);
    await report(reopened, 'dept-market');
    await post(`${reopened}/record-return-visit`, as.intake, { satisfaction: 'unsatisfied', note: '问题未解决' });
    await post(`${reopened}/reopen`, as.intake, { reason: '回访不满意，重办' });
    // Friday 20: the enquiries were due on the 19th; approval reports a day late, housing not at all
    api.clock.set('2026-11-20T10:00:00+08:00');
    await report(reportedLate, 'dept-approval');
  }, 90_000);
  afterAll(async () => api.close());

  const get = (path: string, query: object, who: Record<string, string> = as.dashboard) =>
    client.read(`/api/v1/dashboard/${path}`, query, who);

  /** Every page of a figure's list (2 rows a page, so the cursor is used): its rows and its total. */
  async function list(query: object, who: Record<string, string> = as.dashboard): Promise<{ items: Json[]; total: number }> {
    const items: Json[] = [];
    let cursor: string | undefined;
    let total = -1;
    for (let pages = 0; pages < 50; pages++) {
      const page = await get('cases', { ...query, limit: 2, ...(cursor ? { cursor } : {}) }, who);
      items.push(...page.items);
      total = page.total;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { items, total };
  }

  /** Every figure's list against the figures, for one scope: counts, and each rate's numerator and denominator. */
  async function expectListsEqual(query: object, figures: Json, who: Record<string, string> = as.dashboard): Promise<void> {
    const shown: Record<string, number> = {};
    const listed: Record<string, number> = {};
    for (const figure of COUNTS) {
      const { items, total } = await list({ ...query, figure }, who);
      shown[figure] = figures[figure];
      listed[figure] = items.length;
      expect(total).toBe(items.length);
      expect(new Set(items.map((i) => i.caseId)).size).toBe(items.length);
    }
    for (const figure of RATES)
      for (const part of ['numerator', 'denominator']) {
        const { items, total } = await list({ ...query, figure, part }, who);
        shown[`${figure}.${part}`] = figures[figure][part];
        listed[`${figure}.${part}`] = items.length;
        expect(total).toBe(items.length);
      }
    expect(listed).toEqual(shown);
  }

  it('for all units, every figure lists as many cases (dispatches) as it counts', async () => {
    const summary = await get('summary', november);
    // the seed reaches every outcome the figures tell apart
    expect(summary.figures).toMatchObject({ received: 6, awaitingAcceptance: 1, rejected: 1, closed: 1, overdueNow: 1 });
    expect(summary.figures.onTimeCompletionRate).toMatchObject({ numerator: 1, denominator: 3 });
    expect(summary.figures.responseRate).toMatchObject({ numerator: 3, denominator: 5 });
    await expectListsEqual(november, summary.figures);
  });

  it('for one unit, one category, and a unit caller its own', async () => {
    await expectListsEqual({ ...november, unitId: 'dept-market' }, (await get('summary', { ...november, unitId: 'dept-market' })).figures);
    await expectListsEqual({ ...november, category: 'enquiry' }, (await get('summary', { ...november, category: 'enquiry' })).figures);
    const own = (await get('summary', november, as.unit('dept-housing'))).figures;
    await expectListsEqual(november, own, as.unit('dept-housing'));
    await api.http
      .get('/api/v1/dashboard/cases')
      .query({ ...november, figure: 'received', unitId: 'dept-market' })
      .set(as.unit('dept-housing'))
      .expect(403);
  });

  it('for each unit kind, and what no unit answers for, as the breakdown by kind', async () => {
    const kinds = await get('breakdown', { ...november, by: 'unitKind' });
    expect(kinds.rows.map((r: Json) => r.key)).toEqual(['department', 'window', null]);
    for (const row of kinds.rows) await expectListsEqual({ ...november, unitKind: row.key ?? 'none' }, row.figures);
  });

  it('rows: title, category, lead unit, received date, status; deadline rates with due date and met or missed; no complainant data', async () => {
    const closed = await get('cases', { ...november, figure: 'closed' });
    expect(closed).toMatchObject({ figure: 'closed', part: null, rows: 'case', total: 1, nextCursor: null, period: november });
    expect(closed.items).toEqual([
      expect.objectContaining({
        caseId: closedOnTime.split('/').pop(),
        title: '营业执照办理来回跑',
        category: 'cumbersome_approval',
        receivedOn: '2026-11-16',
        status: 'closed',
        leadUnitId: 'dept-market',
        leadUnitName: expect.any(String),
        dispatch: null,
        deadline: null,
      }),
    ]);
    const onTime = await list({ ...november, figure: 'onTimeCompletionRate', part: 'denominator' });
    expect(onTime.items.map((i) => i.deadline.outcome).sort()).toEqual(['met', 'missed', 'missed']);
    expect(onTime.items.every((i) => /^\d{4}-\d\d-\d\d$/.test(i.deadline.dueOn))).toBe(true);
    const response = await list({ ...november, figure: 'responseRate', part: 'denominator' });
    expect(response.items.every((i) => i.dispatch && i.dispatch.unitName && i.deadline.dueOn)).toBe(true);
    expect(
      response.items
        .filter((i) => i.deadline.outcome === 'missed')
        .map((i) => i.dispatch.unitId)
        .sort(),
    ).toEqual(['dept-housing', 'win-tax-01']);
    // newest received first
    const received = (await list({ ...november, figure: 'received' })).items.map((i) => i.receivedOn);
    expect(received).toEqual([...received].sort().reverse());
    expect(JSON.stringify(received)).not.toMatch(/王某|13800138000/);
  });

  it('a page reads its rows with their titles in one statement, beside the figure and the units held: 3 round trips (before: 4)', async () => {
    await get('cases', { ...november, figure: 'received' }); // the read models have every write
    // An API alone on the same database: the all-in-one's projector and scheduler poll the log on
    // the same pool, and a poll during the request would be counted as one of its statements.
    const alone = await startTestApi({ now: api.clock.now().toISOString(), on: api.db });
    try {
      const queries = new QueryLog();
      queries.follow(alone.app.get<Pool>(PG_POOL));
      for (const query of [
        { ...november, figure: 'received' },
        { ...november, figure: 'responseRate', part: 'denominator' },
      ]) {
        // Without `after` (read-your-writes adds a read of each checkpoint it waits for).
        const read = async () => (await alone.http.get('/api/v1/dashboard/cases').query(query).set(as.dashboard).expect(200)).body as Json;
        await read(); // the figure's memo and the units held are current
        let page: Json = {};
        const statements = await queries.during(async () => (page = await read()));
        expect(page.items.length).toBeGreaterThan(1);
        expect(page.items.every((i: Json) => i.title !== '')).toBe(true);
        // The rows with their titles; whether the figure's memo is current; whether the units held are.
        expect(statements).toHaveLength(3);
        expect(statements.filter((s) => s.startsWith('SELECT to_json(c) AS case_row'))).toHaveLength(1);
      }
    } finally {
      await alone.close();
    }
  });

  it('a cursor belongs to the figure, period and filters it was handed out with: with others it is 400 naming it, not a page that skips rows', async () => {
    const cases = (query: object, who: Record<string, string> = as.dashboard) =>
      api.http
        .get('/api/v1/dashboard/cases')
        .query({ after: client.position, ...query })
        .set(who);
    const first = (await cases({ ...november, figure: 'received', limit: 1 }).expect(200)).body;
    expect(first.nextCursor).toEqual(expect.any(String));
    // "Older than the newest case received": another figure's list read from there would say its total
    // and skip its rows before it.
    for (const other of [
      { ...november, figure: 'rejected' },
      { ...november, figure: 'responseRate', part: 'denominator' },
      { from: '2026-11-02', to: '2026-11-30', figure: 'received' },
      { from: '2026-11-01', to: '2026-11-29', figure: 'received' },
      { ...november, figure: 'received', unitId: 'dept-market' },
      { ...november, figure: 'received', category: 'enquiry' },
      { ...november, figure: 'received', channel: 'hotline' },
      { ...november, figure: 'received', unitKind: 'department' },
      { ...november, figure: 'received', unitKind: 'none' },
    ]) {
      const refused = (await cases({ ...other, limit: 1, cursor: first.nextCursor })).body;
      expect([other, refused.status, refused.code, refused.errors]).toEqual([
        other,
        400,
        'VALIDATION_FAILED',
        [{ field: 'cursor', message: 'cursor must be a nextCursor returned by this list with this figure, period and these filters' }],
      ]);
    }
    // A rate's numerator is not its denominator; a unit caller's list is its own unit's.
    const denominator = (await cases({ ...november, figure: 'responseRate', part: 'denominator', limit: 1 }).expect(200)).body;
    expect((await cases({ ...november, figure: 'responseRate', part: 'numerator', cursor: denominator.nextCursor })).status).toBe(400);
    expect((await cases({ ...november, figure: 'received', cursor: first.nextCursor }, as.unit('dept-market'))).status).toBe(400);
    // With its own figure and filters it goes on, whatever the page size.
    const rest = (await cases({ ...november, figure: 'received', limit: 50, cursor: first.nextCursor }).expect(200)).body;
    expect([...first.items, ...rest.items]).toEqual((await cases({ ...november, figure: 'received', limit: 50 }).expect(200)).body.items);
  });

  it('an unknown figure or part, a rate without part, a count with one, a bad cursor are 400', async () => {
    const fieldsOf = async (query: object) =>
      new Set(
        (await api.http.get('/api/v1/dashboard/cases').query(query).set(as.dashboard).expect(400)).body.errors.map(
          (e: { field: string }) => e.field,
        ),
      );
    expect(await fieldsOf({ ...november, figure: 'happiness' })).toEqual(new Set(['figure']));
    expect(await fieldsOf({ ...november, figure: 'reopenRate' })).toEqual(new Set(['part']));
    expect(await fieldsOf({ ...november, figure: 'reopenRate', part: 'half' })).toEqual(new Set(['part']));
    expect(await fieldsOf({ ...november, figure: 'closed', part: 'numerator' })).toEqual(new Set(['part']));
    expect(await fieldsOf({ ...november, figure: 'closed', unitKind: 'ministry', limit: 0 })).toEqual(new Set(['unitKind', 'limit']));
    expect(await fieldsOf({ figure: 'closed' })).toEqual(new Set(['from', 'to']));
    const badCursor = await api.http
      .get('/api/v1/dashboard/cases')
      .query({ ...november, figure: 'closed', cursor: 'bm90LWEtY3Vyc29y' })
      .set(as.dashboard)
      .expect(400);
    expect(badCursor.body.code).toBe('VALIDATION_FAILED');
  });
});
