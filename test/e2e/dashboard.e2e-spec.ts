import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * The leaders' dashboard over HTTP: four complaints received in the week of 16 November 2026 are
 * driven through real commands (one closed on time with a verified measure and accountability, one
 * signed for late and left overdue, one rejected, one reopened after an unsatisfied visit), then the
 * summary and the weekly trend are read with `?after=<position>` on the 20th.
 */
describe('GET /api/v1/dashboard/summary and /trend', () => {
  let api: TestApi;
  let client: ApiClient;
  const november = { from: '2026-11-01', to: '2026-11-30' };
  const dueOf: Record<string, { signForDue: string; handlingDue: string }> = {};

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    const post = (path: string, headers: Record<string, string>, body: object = {}) => client.send(path, headers, body);
    const file = async (channel: string, category: string, receivedAt: string) =>
      `/api/v1/cases/${await client.file({
        channel,
        category,
        title: '办事窗口推诿',
        receivedAt,
        complainant: { anonymous: false, name: '王某', phone: '13800138000' },
      })}`;
    const dispatch = async (c: string, unitId: string) => {
      await post(`${c}/accept`, as.intake);
      await post(`${c}/notify-unit`, as.intake, { unitId, role: 'lead', responsibleLeader: '张局长' });
      dueOf[c] = (await api.http.get(c).set(as.intake).expect(200)).body.units[0];
    };
    const report = (c: string, unitId: string) =>
      post(`${c}/report-handling`, as.unit(unitId), { factsFound: '窗口未一次性告知', factsEstablished: true, result: '已当场办结' });

    // Monday 16 November
    const closedOnTime = await file('hotline', 'cumbersome_approval', '2026-11-16T08:30:00+08:00');
    const overdue = await file('web', 'enquiry', '2026-11-16T08:40:00+08:00');
    const reopened = await file('hotline', 'complaint_runaround', '2026-11-16T08:50:00+08:00');
    await dispatch(closedOnTime, 'dept-market');
    await dispatch(overdue, 'dept-housing');
    await dispatch(reopened, 'dept-market');
    await post(`${closedOnTime}/acknowledge`, as.unit('dept-market'));
    await post(`${reopened}/acknowledge`, as.unit('dept-market'));
    // Tuesday 17: a complaint outside the remit
    api.clock.set('2026-11-17T09:00:00+08:00');
    const rejected = await file('letter', 'market_disorder', '2026-11-17T08:30:00+08:00');
    await post(`${rejected}/reject`, as.intake, { reason: '不属于受理范围' });
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
    // Friday 20: the enquiry was due on the 19th and nothing was reported
    api.clock.set('2026-11-20T10:00:00+08:00');
    expect(dueOf[overdue]).toMatchObject({ signForDue: '2026-11-17', handlingDue: '2026-11-19' });
    expect(dueOf[closedOnTime].handlingDue > '2026-11-18').toBe(true);
  }, 60_000);
  afterAll(async () => api.close());

  const get = (path: string, query: object, who: Record<string, string> = as.dashboard) =>
    client.read(`/api/v1/dashboard/${path}`, query, who);

  it('the summary reflects the commands once given their position, every rate with what it is made of', async () => {
    const summary = await get('summary', november);
    expect(summary).toMatchObject({ period: november, filters: { unitId: null, category: null, channel: null }, today: '2026-11-20' });
    expect(summary.figures).toMatchObject({
      received: 4,
      awaitingAcceptance: 0,
      accepted: 3,
      rejected: 1,
      inProgress: 2,
      closed: 1,
      overdueNow: 1,
      // market signed for both of its cases the same day; housing a day late
      responseRate: { numerator: 2, denominator: 3, value: 0.6667 },
      // closed on time; the overdue enquiry counts against; the reopened case has time left in its new round
      onTimeCompletionRate: { numerator: 1, denominator: 2, value: 0.5 },
      completionRate: { numerator: 1, denominator: 3, value: 0.3333 },
      satisfactionRate: { numerator: 1, denominator: 2, value: 0.5 },
      reopenRate: { numerator: 1, denominator: 2, value: 0.5 },
      rectification: { planned: 1, verified: 1, overdue: 0 },
      accountability: { issued: 1, byForm: expect.objectContaining({ circulated_notice: 1, admonishment: 0 }) },
    });
    expect(JSON.stringify(summary)).not.toMatch(/王某|13800138000|complainant/);
  });

  it('the weekly trend puts every case in the ISO week it was received, and adds up to the summary', async () => {
    const trend = await get('trend', { ...november, interval: 'week' });
    expect(trend).toMatchObject({ interval: 'week', period: november });
    expect(trend.buckets.map((b: { label: string; from: string; to: string }) => [b.label, b.from, b.to])).toEqual([
      ['2026-W44', '2026-11-01', '2026-11-01'],
      ['2026-W45', '2026-11-02', '2026-11-08'],
      ['2026-W46', '2026-11-09', '2026-11-15'],
      ['2026-W47', '2026-11-16', '2026-11-22'],
      ['2026-W48', '2026-11-23', '2026-11-29'],
      ['2026-W49', '2026-11-30', '2026-11-30'],
    ]);
    const summary = await get('summary', november);
    expect(trend.buckets[3].figures).toEqual(summary.figures);
    expect(trend.buckets[0].figures).toMatchObject({ received: 0, completionRate: { numerator: 0, denominator: 0, value: null } });
    const months = await get('trend', november);
    expect(months.interval).toBe('month');
    expect(months.buckets).toEqual([{ label: '2026-11', from: '2026-11-01', to: '2026-11-30', figures: summary.figures }]);
  });

  it('filters by unit, category and channel; a unit reads its own figures and no other unit’s', async () => {
    expect((await get('summary', { ...november, channel: 'hotline' })).figures).toMatchObject({ received: 2, closed: 1 });
    expect((await get('summary', { ...november, category: 'enquiry' })).figures).toMatchObject({ received: 1, overdueNow: 1 });
    const housing = await get('summary', november, as.unit('dept-housing'));
    expect(housing.filters.unitId).toBe('dept-housing');
    expect(housing.figures).toMatchObject({ received: 1, overdueNow: 1, responseRate: { numerator: 0, denominator: 1, value: 0 } });
    expect((await get('summary', { ...november, unitId: 'dept-market' }, as.intake)).figures).toMatchObject({
      received: 2,
      closed: 1,
      reopenRate: { numerator: 1, denominator: 2 },
    });
    const other = await api.http
      .get('/api/v1/dashboard/summary')
      .query({ ...november, unitId: 'dept-market' })
      .set(as.unit('dept-housing'))
      .expect(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN_UNIT' });
    await api.http.get('/api/v1/dashboard/trend').query(november).set(as.unit('dept-housing')).expect(200);
  });

  describe('GET /api/v1/dashboard/breakdown', () => {
    interface Row {
      key: string | null;
      label: string;
      figures: Record<string, unknown>;
    }
    /** The counts and every rate's numerator and denominator of a set of figures, flattened. */
    const parts = (figures: Record<string, unknown>): Record<string, number> =>
      Object.fromEntries(
        Object.entries(figures).flatMap(([name, value]) =>
          typeof value === 'number'
            ? [[name, value]]
            : 'numerator' in (value as object)
              ? [
                  [`${name}.numerator`, (value as { numerator: number }).numerator],
                  [`${name}.denominator`, (value as { denominator: number }).denominator],
                ]
              : Object.entries(value as object)
                  .filter(([, v]) => typeof v === 'number')
                  .map(([k, v]) => [`${name}.${k}`, v as number]),
        ),
      );
    const sum = (rows: Row[]) =>
      rows.map((r) => parts(r.figures)).reduce((a, b) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k]])));

    it('by unit: each unit’s row is the summary filtered to it, and with what no unit answers for they add up to the summary', async () => {
      const breakdown = await get('breakdown', { ...november, by: 'unit' });
      expect(breakdown).toMatchObject({ by: 'unit', period: november, today: '2026-11-20' });
      const rows: Row[] = breakdown.rows;
      expect(rows.map((r) => [r.key, r.label])).toEqual([
        ['dept-housing', '区住房和城乡建设局'],
        ['dept-market', '区市场监督管理局'],
        [null, '无承办单位'],
      ]);
      for (const row of rows.filter((r) => r.key !== null))
        expect(row.figures).toEqual((await get('summary', { ...november, unitId: row.key })).figures);
      expect(rows[2].figures).toMatchObject({ received: 1, rejected: 1, closed: 0 });
      const summary = await get('summary', november);
      expect(sum(rows)).toEqual(parts(summary.figures));
    });

    it('by category: each row is the summary filtered to that category; by unit kind: the kind’s units added up', async () => {
      const rows: Row[] = (await get('breakdown', { ...november, by: 'category' })).rows;
      // No ledger finding's accountability here (its row, key null, is left out when all 0).
      expect(rows.map((r) => r.key)).toEqual(['complaint_runaround', 'cumbersome_approval', 'enquiry', 'market_disorder']);
      expect(rows[1].label).toBe('审批繁琐');
      for (const row of rows.filter((r) => r.key !== null))
        expect(row.figures).toEqual((await get('summary', { ...november, category: row.key })).figures);
      expect(sum(rows)).toEqual(parts((await get('summary', november)).figures));

      const kinds: Row[] = (await get('breakdown', { ...november, by: 'unitKind' })).rows;
      expect(kinds.map((r) => [r.key, r.label])).toEqual([
        ['department', '部门'],
        [null, '无承办单位'],
      ]);
      const units: Row[] = (await get('breakdown', { ...november, by: 'unit' })).rows;
      expect(parts(kinds[0].figures)).toEqual(sum(units.filter((r) => r.key !== null)));
      expect(kinds[0].figures).toMatchObject({ received: 3, responseRate: { numerator: 2, denominator: 3, value: 0.6667 } });
    });

    it('a unit gets its own row only; by is required', async () => {
      const own = await get('breakdown', { ...november, by: 'unit' }, as.unit('dept-housing'));
      expect(own.rows.map((r: Row) => r.key)).toEqual(['dept-housing']);
      expect(own.rows[0].figures).toEqual((await get('summary', november, as.unit('dept-housing'))).figures);
      await api.http
        .get('/api/v1/dashboard/breakdown')
        .query({ ...november, by: 'unit', unitId: 'dept-market' })
        .set(as.unit('dept-housing'))
        .expect(403);
      const bad = (
        await api.http
          .get('/api/v1/dashboard/breakdown')
          .query({ ...november, by: 'street' })
          .set(as.dashboard)
          .expect(400)
      ).body;
      expect(bad.errors.map((e: { field: string }) => e.field)).toEqual(['by']);
      await api.http.get('/api/v1/dashboard/breakdown').query(november).set(as.dashboard).expect(400);
    });
  });

  it('bad periods and filters are 400 naming the parameter', async () => {
    const fieldsOf = async (path: string, query: object) =>
      new Set(
        (await api.http.get(`/api/v1/dashboard/${path}`).query(query).set(as.dashboard).expect(400)).body.errors.map(
          (e: { field: string }) => e.field,
        ),
      );
    expect(await fieldsOf('summary', {})).toEqual(new Set(['from', 'to']));
    expect(await fieldsOf('summary', { from: '2026-02-30', to: '2026-13-01' })).toEqual(new Set(['from', 'to']));
    expect(await fieldsOf('summary', { from: '2026-11-30', to: '2026-11-01' })).toEqual(new Set(['to']));
    expect(await fieldsOf('summary', { from: '2024-01-01', to: '2027-01-01' })).toEqual(new Set(['to']));
    await get('summary', { from: '2024-01-01', to: '2026-12-31' }); // exactly three years
    expect(
      await fieldsOf('summary', { ...november, channel: 'fax', unitId: 'no such unit!', category: 'Not A Code', after: 'p12' }),
    ).toEqual(new Set(['channel', 'unitId', 'category', 'after']));
    expect(await fieldsOf('trend', { ...november, interval: 'fortnight' })).toEqual(new Set(['interval']));
    expect(await fieldsOf('summary', { ...november, interval: 'week' })).toEqual(new Set(['interval'])); // summary has no buckets
    const problem = (
      await api.http.get('/api/v1/dashboard/summary').query({ from: '2026-11-30', to: '2026-11-01' }).set(as.dashboard).expect(400)
    ).body;
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'to', message: 'to must not be before from' }] });
  });
  // Last: it files more complaints. Summaries ask for their version together (SharedVersionReads):
  // one asked with a command's position must never get a version read before it had waited for it.
  it('a summary asked with a new filing’s position counts it, whatever summaries without one ask beside it', async () => {
    const received = async (query: object) =>
      (
        await api.http
          .get('/api/v1/dashboard/summary')
          .query({ ...november, ...query })
          .set(as.dashboard)
          .expect(200)
      ).body.figures.received as number;
    const before = await received({ after: client.position }); // the read models have what beforeAll did
    for (let round = 1; round <= 5; round++) {
      let filed = false;
      const beside = (async () => {
        const seen: number[] = [];
        while (!filed) seen.push(...(await Promise.all(Array.from({ length: 8 }, () => received({})))));
        return seen;
      })();
      await client.file({
        title: '窗口推诿',
        receivedAt: '2026-11-20T09:00:00+08:00',
        complainant: { anonymous: false, name: '王某', phone: '13800138000' },
      });
      expect(await received({ after: client.position })).toBe(before + round);
      filed = true;
      // Without a position a summary may not have the filing yet, but never counts one that was not made.
      for (const n of await beside) expect([before + round - 1, before + round]).toContain(n);
    }
  });
});
