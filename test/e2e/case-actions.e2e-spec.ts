import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * `allowedActions` on `GET /api/v1/cases/{id}`: what the console shows as buttons. Each caller sees
 * the actions their role may call and the case's state leaves open; an action listed is accepted, one
 * not listed is refused, and a case as it stood (`asOf`) lists none.
 */
describe('the actions a case offers its caller', () => {
  let api: TestApi;
  const market = 'dept-market';
  const housing = 'dept-housing';
  beforeAll(async () => (api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } })));
  afterAll(async () => api.close());

  const post = (path: string, headers: Record<string, string>, body: object = {}) => api.http.post(path).set(headers).send(body);
  /** An anonymous complaint against market regulation, received at `receivedAt`: the case's path. */
  const file = async (title: string, receivedAt: string) => {
    const filed = await post('/api/v1/cases', as.intake, {
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title,
      description: '企业多次提交材料均被要求补充。',
      complainedUnitId: market,
      receivedAt,
      complainant: { anonymous: true },
    }).expect(201);
    return `/api/v1/cases/${filed.body.id}`;
  };
  const actions = async (path: string, headers: Record<string, string>) =>
    (await api.http.get(path).set(headers).expect(200)).body.allowedActions as string[];

  it('follow the case from filing to signing for, for each role, and match what the routes accept', async () => {
    const c = await file('餐饮许可证办理反复要求补材料', '2026-09-24T09:00:00+08:00');

    expect(await actions(c, as.intake)).toEqual(['accept', 'reject']);
    expect(await actions(c, as.discipline)).toEqual([]);
    await post(`${c}/accept`, as.intake).expect(200);
    expect(await actions(c, as.intake)).toEqual(['notify-unit']);

    await post(`${c}/notify-unit`, as.intake, { unitId: market, role: 'lead', responsibleLeader: '张局长' }).expect(200);
    expect(await actions(c, as.unit(market))).toEqual(['acknowledge', 'dispute-dispatch']);
    // Not listed, and refused: the unit must sign for the case before it reports.
    await post(`${c}/report-handling`, as.unit(market), { factsFound: '已核查', factsEstablished: true, result: '已办理' }).expect(422);
    // To a unit never notified the case does not exist at all.
    await api.http.get(c).set(as.unit(housing)).expect(404);

    api.clock.set('2026-09-25T10:00:00+08:00');
    await post(`${c}/acknowledge`, as.unit(market)).expect(200);
    expect(await actions(c, as.unit(market))).toEqual(['dispute-dispatch', 'request-extension', 'report-handling']);
    await post(`${c}/acknowledge`, as.unit(market)).expect(422);
    expect(await actions(c, as.intake)).toEqual(['notify-unit', 'transfer', 'supervise']);
    expect(await actions(c, as.discipline)).toEqual(['supervise', 'issue-accountability']);

    // As it stood (up to what is recorded by now): history, not a place to act.
    const asOf = encodeURIComponent(new Date().toISOString());
    expect(await actions(`${c}?asOf=${asOf}`, as.intake)).toEqual([]);
  });

  it('lists, per measure, reporting to the unit and verification to intake', async () => {
    api.clock.set('2026-09-25T10:00:00+08:00');
    const c = await file('窗口多次要求补材料', '2026-09-25T09:00:00+08:00');
    await post(`${c}/accept`, as.intake).expect(200);
    await post(`${c}/notify-unit`, as.intake, { unitId: market, role: 'lead', responsibleLeader: '张局长' }).expect(200);
    await post(`${c}/acknowledge`, as.unit(market)).expect(200);
    await post(`${c}/report-handling`, as.unit(market), { factsFound: '属实', factsEstablished: true, result: '已一次性告知' }).expect(200);
    await post(`${c}/plan-rectification`, as.unit(market), {
      measures: [{ description: '公示材料清单', responsibleUnitId: market, responsibleLeader: '张局长', dueDate: '2026-10-30' }],
    }).expect(200);

    const measureActions = async (headers: Record<string, string>) =>
      (await api.http.get(c).set(headers).expect(200)).body.measures.map((m: { allowedActions: string[] }) => m.allowedActions);
    expect(await measureActions(as.unit(market))).toEqual([['report-rectification']]);
    expect(await measureActions(as.intake)).toEqual([[]]);
    // A measure the case does not have, named in the body: 422 naming that field, nothing recorded.
    const unknown = await post(`${c}/report-rectification`, as.unit(market), { measureId: 'M9', report: '清单已公示' }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'MEASURE_NOT_FOUND', field: 'measureId' });
    await post(`${c}/report-rectification`, as.unit(market), { measureId: 'M1', report: '清单已公示' }).expect(200);
    expect(await measureActions(as.unit(market))).toEqual([[]]);
    expect(await measureActions(as.intake)).toEqual([['verify-rectification']]);
    expect(await actions(c, as.intake)).toContain('verify-rectification');
  });
});
