import request, { type Response } from 'supertest';
import { ApiClient, complaint } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { expectRefused as refused } from '../support/refusals';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * A request whose shape the route does not have — a query parameter it does not read, a query that
 * is not UTF-8, a value of the wrong type, a JSON array for a body — is a 400 problem+json naming
 * what is wrong, and nothing is recorded (README "Errors" and "Limits").
 */
describe('the shape of a request', () => {
  let api: TestApi;
  let client: ApiClient;
  let caseId: string;
  const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    caseId = await client.file(complaint({ title: '许可证办理反复补材料', receivedAt: '2026-09-24T09:00:00+08:00' }));
  });
  afterAll(async () => api.close());

  /** A 400 problem+json with `code`, and not one event appended. */
  const expectRefused = (send: () => PromiseLike<Response>, code: string) => refused(api, send, code);

  describe('a query parameter the route does not read: 400 VALIDATION_FAILED naming it, before anything runs', () => {
    it('a command with a valid body and ?dryRun=true is not run', async () => {
      const problem = await expectRefused(
        () =>
          api.http
            .post(`/api/v1/cases/${caseId}/supervise?dryRun=true`)
            .set(as.discipline)
            .send({ unitId: 'dept-market', level: 'supervise', note: '请尽快受理' }),
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([{ field: 'dryRun', message: 'dryRun should not exist' }]);
    });

    it('a misspelt parameter beside the one a route reads (?asof= for ?asOf=), and one on a route that reads none', async () => {
      const asof = await expectRefused(
        () => api.http.get(`/api/v1/cases/${caseId}?asof=2026-09-24T09:00:00%2B08:00`).set(as.intake),
        'VALIDATION_FAILED',
      );
      expect(asof.errors).toEqual([{ field: 'asof', message: 'asof should not exist' }]);
      const history = await expectRefused(
        () => api.http.get(`/api/v1/cases/${caseId}/history?asOf=2026-09-24T09:00:00%2B08:00`).set(as.intake),
        'VALIDATION_FAILED',
      );
      expect(history.errors).toEqual([{ field: 'asOf', message: 'asOf should not exist' }]);
    });

    it.each([
      ['a unit', '/api/v1/units/dept-market?verbose=1', as.intake],
      ['a finding', `/api/v1/findings/${UNKNOWN_ID}?verbose=1`, as.discipline],
      ['a ranking', `/api/v1/rankings/${UNKNOWN_ID}?verbose=1`, as.admin],
      ['the time limits in force', '/api/v1/admin/time-limits?verbose=1', as.admin],
      ['a calendar year', '/api/v1/admin/calendar/2026?verbose=1', as.admin],
      ['the audit verification (which records an event)', '/api/v1/audit/verify?verbose=1', as.discipline],
    ])('on the route of %s', async (_name, url, caller) => {
      const problem = await expectRefused(() => api.http.get(url).set(caller), 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field: 'verbose', message: 'verbose should not exist' }]);
    });

    it('names every unknown parameter, and keeps the ones a route reads working', async () => {
      // Events are recorded at the database's time, not the test's clock: an instant after any of them.
      const asOf = 'asOf=2099-01-01T00:00:00Z';
      const problem = await expectRefused(
        () => api.http.get(`/api/v1/cases/${caseId}?${asOf}&a=1&b=2`).set(as.intake),
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([
        { field: 'a', message: 'a should not exist' },
        { field: 'b', message: 'b should not exist' },
      ]);
      await api.http.get(`/api/v1/cases/${caseId}?${asOf}`).set(as.intake).expect(200);
      await api.http.get(`/api/v1/cases/${caseId}/history`).set(as.intake).expect(200);
    });

    it('a caller not signed in is still told 401 first', async () => {
      await api.http.get(`/api/v1/cases/${caseId}/history?x=1`).expect(401);
    });
  });

  describe('a query that is not percent-encoded UTF-8: 400 MALFORMED_REQUEST naming the parameter', () => {
    it.each([
      ['%FF', 'q=%FF'],
      ['an overlong slash %C0%AF', 'q=%C0%AF'],
      ['a cut %E4%B8', 'q=%E4%B8'],
    ])('%s', async (_name, query) => {
      const problem = await expectRefused(() => api.http.get(`/api/v1/cases?limit=5&${query}`).set(as.intake), 'MALFORMED_REQUEST');
      expect(problem.detail).toBe('The query parameter q is not percent-encoded UTF-8');
      expect(problem.errors).toEqual([{ field: 'q', message: 'q is not percent-encoded UTF-8' }]);
    });

    it('in a parameter name too, and on a command', async () => {
      const problem = await expectRefused(
        () => api.http.post(`/api/v1/cases/${caseId}/accept?%FF=1`).set(as.intake).send({}),
        'MALFORMED_REQUEST',
      );
      expect(problem.errors).toEqual([{ field: '%FF', message: '%FF is not percent-encoded UTF-8' }]);
    });

    it('text that is UTF-8 still reads', async () => {
      const page = await client.read('/api/v1/cases', { q: '许可证' }, as.intake);
      expect(page.items).toHaveLength(1);
    });
  });

  describe('a value of the wrong type: its type, not the rules of a value of the right one', () => {
    it('"title": 123 is only "must be a string"', async () => {
      const body = { ...complaint({ title: '', receivedAt: '2026-09-24T09:00:00+08:00' }), title: 123 };
      const problem = await expectRefused(() => api.http.post('/api/v1/cases').set(as.intake).send(body), 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field: 'title', message: 'title must be a string' }]);
    });

    it('"queryCode": 123 is only "must be a string"', async () => {
      const problem = await expectRefused(() => api.http.post('/api/v1/case-status').send({ queryCode: 123 }), 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field: 'queryCode', message: 'queryCode must be a string' }]);
    });

    it('a unit id of 300 lowercase letters is told the length allowed', async () => {
      const problem = await expectRefused(
        () =>
          api.http
            .post('/api/v1/units')
            .set(as.admin)
            .send({ id: 'a'.repeat(300), name: '区测试局', kind: 'department' }),
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([
        { field: 'id', message: 'id must be 1 to 64 lowercase letters, digits and hyphens, not starting or ending with a hyphen' },
      ]);
    });
  });

  describe('a JSON array for a body: 400 MALFORMED_JSON, as a bare value is', () => {
    it.each([
      ['[] to accept', () => `/api/v1/cases/${caseId}/accept`, '[]'],
      ['["x",1] to accept', () => `/api/v1/cases/${caseId}/accept`, '["x",1]'],
      ['[] to file a complaint', () => '/api/v1/cases', '[]'],
      [
        'an array of a valid complaint',
        () => '/api/v1/cases',
        JSON.stringify([complaint({ title: 't', receivedAt: '2026-09-24T09:00:00+08:00' })]),
      ],
    ])('%s', async (_name, path, body) => {
      const problem = await expectRefused(
        () => api.http.post(path()).set(as.intake).set('Content-Type', 'application/json').send(body),
        'MALFORMED_JSON',
      );
      expect(problem.detail).toBe('The request body must be a JSON object, not an array');
    });

    it('a bare value is refused as before', async () => {
      for (const body of ['null', '5', '"x"']) {
        const problem = await expectRefused(
          () => api.http.post(`/api/v1/cases/${caseId}/accept`).set(as.intake).set('Content-Type', 'application/json').send(body),
          'MALFORMED_JSON',
        );
        expect(problem.detail).toBe('The request body must be a JSON object, not a bare value');
      }
    });
  });

  describe('a method the path does not take: 405 METHOD_NOT_ALLOWED with Allow, not a 404 saying the path is none', () => {
    it.each([
      ['DELETE of the case list', 'delete', (): string => '/api/v1/cases', 'GET, POST'],
      ['PUT of a case', 'put', (): string => `/api/v1/cases/${caseId}`, 'GET'],
      ['GET of a command', 'get', (): string => `/api/v1/cases/${caseId}/accept`, 'POST'],
      ['PATCH of a unit', 'patch', (): string => '/api/v1/units/dept-market', 'GET'],
    ] as const)('%s', async (_name, method, path, allow) => {
      const before = await api.eventCount();
      const response = await api.http[method](path()).set(as.intake).send({}).expect(405);
      expect({
        allow: response.headers.allow,
        type: response.headers['content-type'],
        code: response.body.code,
        detail: response.body.detail,
        events: await api.eventCount(),
      }).toEqual({
        allow,
        type: expect.stringMatching(/^application\/problem\+json/),
        code: 'METHOD_NOT_ALLOWED',
        detail: `${method.toUpperCase()} is not a method of this path; it takes ${allow}`,
        events: before,
      });
    });

    it('a path that is no route’s is still 404, whatever the method', async () => {
      for (const send of [() => api.http.delete('/api/v1/nowhere'), () => api.http.get(`/api/v1/cases/${caseId}/nothing`)]) {
        const response = await send().set(as.intake).expect(404);
        expect([response.body.code, response.headers.allow]).toEqual(['NOT_FOUND', undefined]);
      }
    });

    it('a doubled slash makes a path no route’s (a base URL ending in / joined to a path starting with /): 404, not 405', async () => {
      const paths = ['/api/v1//cases', '//api/v1/cases', `/api/v1/cases//${caseId}`, '/api/v1/units//dept-market'];
      for (const [method, path] of paths.flatMap((p) => [['get', p] as const, ['post', p] as const])) {
        const response = await api.http[method](path).set(as.intake).send({});
        expect([method, path, response.status, response.body.code, response.headers.allow]).toEqual([
          method,
          path,
          404,
          'NOT_FOUND',
          undefined,
        ]);
      }
      // A trailing slash is the route's path, as express routes it: a method it does not take is still 405.
      const trailing = await api.http.delete('/api/v1/cases/').set(as.intake).expect(405);
      expect(trailing.headers.allow).toBe('GET, POST');
    });

    describe('HEAD, which express answers by running the GET route: no API route takes it', () => {
      // HEAD is in no operation of the document and its answer has no body to check: sent unchecked.
      const head = (path: string) => request(api.app.getHttpServer()).head(path).set(as.intake);

      it('HEAD of the complainant’s identity is 405, Allow: GET, and records no disclosure (the GET does)', async () => {
        const named = await client.file(
          complaint({
            title: '窗口要求重复提交营业执照',
            receivedAt: '2026-09-24T09:10:00+08:00',
            complainant: { anonymous: false, name: '欧阳明远', phone: '13712345678' },
          }),
        );
        const path = `/api/v1/cases/${named}/complainant?purpose=verification`;
        const before = await api.eventCount();
        const response = await head(path);
        expect({
          status: response.status,
          allow: response.headers.allow,
          type: response.headers['content-type'],
          events: await api.eventCount(),
        }).toEqual({ status: 405, allow: 'GET', type: expect.stringMatching(/^application\/problem\+json/), events: before });
        // The count would have seen it: the GET records its read.
        expect((await api.http.get(path).set(as.intake).expect(200)).body.outcome).toBe('disclosed');
        expect(await api.eventCount()).toBe(before + 1);
      });

      it('on every API path, reads and commands alike, the audit verification (which records an event) too; a path that is no route’s is still 404', async () => {
        const before = await api.eventCount();
        for (const [path, allow] of [
          ['/api/v1/cases', 'GET, POST'],
          [`/api/v1/cases/${caseId}`, 'GET'],
          [`/api/v1/cases/${caseId}/accept`, 'POST'],
          ['/api/v1/audit/verify', 'GET'],
          ['/api/v1/health/details', 'GET'],
        ]) {
          const response = await head(path);
          expect([path, response.status, response.headers.allow]).toEqual([path, 405, allow]);
        }
        expect((await head('/api/v1/nowhere')).status).toBe(404);
        expect(await api.eventCount()).toBe(before);
      });

      it('/health keeps it (a probe’s; it records nothing)', async () => {
        const response = await request(api.app.getHttpServer()).head('/health');
        expect(response.status).toBe(200);
      });
    });
  });
});
