import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

/**
 * A query's unit filter names a unit of the registry (retired ones stay in it): one never registered
 * is 422 UNIT_NOT_FOUND naming the parameter, on every query route with such a filter, rather than an
 * empty page or a year of zeros a leader would read as "nothing there"
 * (apps/api/src/units/registered-unit-filter.ts). The projector runs: the filtered reads answer.
 */
describe('a unit a query filters on is one of the registry, retired or not', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
  }, 60_000);
  afterAll(async () => api?.close());

  // Every query route with a unit filter; a typo there must not answer an empty page or zeros.
  const YEAR = 'from=2026-01-01&to=2026-12-31';
  const FILTERS: Array<[string, string]> = [
    ['/api/v1/cases', 'unitId'],
    ['/api/v1/cases', 'leadUnitId'],
    ['/api/v1/overdue', 'unitId'],
    ['/api/v1/overdue/measures', 'unitId'],
    ['/api/v1/rectifications', 'responsibleUnitId'],
    ['/api/v1/rectifications', 'leadUnitId'],
    ['/api/v1/accountability', 'unitId'],
    [`/api/v1/dashboard/summary?${YEAR}`, 'unitId'],
    [`/api/v1/dashboard/trend?${YEAR}`, 'unitId'],
    [`/api/v1/dashboard/breakdown?${YEAR}&by=category`, 'unitId'],
    [`/api/v1/dashboard/cases?${YEAR}&figure=received`, 'unitId'],
  ];
  /** The route's answer filtered on `unitId`, once its read model is built (503 PROJECTION_NOT_READY until then). */
  const read = (route: string, param: string, unitId: string) =>
    waitUntil(
      async () => {
        const answer = await api.http
          .get(`${route}${route.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(unitId)}`)
          .set(as.discipline);
        return answer.status === 503 ? null : answer;
      },
      { timeoutMs: 30_000, failure: `${route} answered 503 for 30 s` },
    );

  it.each(FILTERS)('%s ?%s= a unit never registered', async (route, param) => {
    const answered = await read(route, param, 'dept-never-registered');
    expect(answered.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect([answered.status, answered.body]).toEqual([
      422,
      expect.objectContaining({ code: 'UNIT_NOT_FOUND', field: param, unitId: 'dept-never-registered' }),
    ]);
  });

  it('a registered unit, and one retired since, are filtered on as before; a malformed id is still the 400 of its form', async () => {
    await api.http
      .post('/api/v1/units')
      .set(as.admin)
      .send({ id: 'dept-filter-old', name: '区旧机构测试局', kind: 'department' })
      .expect(201);
    await api.http.post('/api/v1/units/dept-filter-old/retire').set(as.admin).send({ reason: '机构改革撤并' }).expect(200);
    for (const [route, param] of FILTERS) {
      for (const unitId of ['dept-market', 'dept-filter-old']) {
        expect({ route, param, unitId, status: (await read(route, param, unitId)).status }).toEqual({
          route,
          param,
          unitId,
          status: 200,
        });
      }
      const malformed = await read(route, param, 'not a unit');
      expect({ route, param, status: malformed.status, code: malformed.body.code }).toEqual({
        route,
        param,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });
});
