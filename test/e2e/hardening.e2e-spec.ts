import type { Response } from 'supertest';
import { ApiClient, complaint } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { expectRefused as refused } from '../support/refusals';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * Hostile requests (README "Limits"; issue 9 part 5): each is a small 400 problem+json with a
 * stable code, never a 500, and nothing reaches the store. The time and memory they cost are
 * measured by `npm run bench:limits` (bench/limits.bench.ts), not asserted here.
 */
describe('hardening: hostile requests', () => {
  let api: TestApi;
  let caseId: string;
  const MAX_PROBLEM_BYTES = 8 * 1024;

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } });
    caseId = await new ApiClient(api).dispatch(
      complaint({ title: '许可证办理反复补材料', receivedAt: '2026-09-24T09:00:00+08:00' }),
      'dept-market',
    );
  });
  afterAll(async () => api.close());

  /** A 400 problem+json with `code` under 8 kB, and nothing appended. */
  const expectRefused = (send: () => PromiseLike<Response>, code: string) => refused(api, send, code, { maxBytes: MAX_PROBLEM_BYTES });

  const postJson = (path: string, body: string, caller: Record<string, string> = as.unit('dept-market')) =>
    api.http.post(path).set(caller).set('Content-Type', 'application/json').send(body);

  describe('the bodies of the issue', () => {
    it('60,000 empty measures (180 kB): 400 JSON_LIMIT_EXCEEDED naming the array, not 240,000 errors', async () => {
      const body = JSON.stringify({ measures: Array.from({ length: 60_000 }, () => ({})) });
      expect(body.length).toBeGreaterThan(180_000);
      const problem = await expectRefused(() => postJson(`/api/v1/cases/${caseId}/plan-rectification`, body), 'JSON_LIMIT_EXCEEDED');
      expect(problem).toMatchObject({ limit: 'arrayItems', max: 1000, at: 'measures' });
    });

    it('a body nested 5,000 deep: 400 JSON_LIMIT_EXCEEDED, not a 500', async () => {
      const deepArrays = '{"measures":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
      const deepObjects = '{"measures":[' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + ']}';
      for (const body of [deepArrays, deepObjects]) {
        const problem = await expectRefused(() => postJson(`/api/v1/cases/${caseId}/plan-rectification`, body), 'JSON_LIMIT_EXCEEDED');
        expect(problem).toMatchObject({ limit: 'depth', max: 16 });
      }
    });

    it('1,000 empty measures, within the JSON limits: refused on the array length alone', async () => {
      const body = JSON.stringify({ measures: Array.from({ length: 1000 }, () => ({})) });
      const problem = await expectRefused(() => postJson(`/api/v1/cases/${caseId}/plan-rectification`, body), 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field: 'measures', message: 'measures must contain no more than 50 elements' }]);
    });

    it('50 empty measures: the first 20 fields at fault, and how many more', async () => {
      const body = JSON.stringify({ measures: Array.from({ length: 50 }, () => ({})) });
      const problem = await expectRefused(() => postJson(`/api/v1/cases/${caseId}/plan-rectification`, body), 'VALIDATION_FAILED');
      expect(problem.errors).toHaveLength(20);
      expect(problem.errorsOmitted).toBe(180);
    });

    it('a string over 20,000 characters, a property name over 100, 10,001 values', async () => {
      const path = `/api/v1/cases/${caseId}/dispute-dispatch`;
      await expectRefused(() => postJson(path, JSON.stringify({ reason: 'x'.repeat(20_001) })), 'JSON_LIMIT_EXCEEDED');
      await expectRefused(() => postJson(path, JSON.stringify({ ['k'.repeat(101)]: 1 })), 'JSON_LIMIT_EXCEEDED');
      const wide = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, 0]));
      await expectRefused(() => postJson(path, JSON.stringify(wide)), 'JSON_LIMIT_EXCEEDED');
    });
  });

  describe('NUL and lone surrogates: 400 INVALID_CHARACTER wherever they are', () => {
    it.each([
      ['a NUL in a string', '{"reason":"a\\u0000b"}', 'reason'],
      ['a NUL in a property name', '{"rea\\u0000son":"x"}', ''],
      ['a lone high surrogate', '{"reason":"a\\ud800b"}', 'reason'],
      ['a lone low surrogate at the end', '{"reason":"ab\\udfff"}', 'reason'],
      ['a lone surrogate deep inside', '{"measures":[{"description":"\\ud83d"}]}', 'measures[0].description'],
    ])('in the body: %s', async (_name, body, at) => {
      const problem = await expectRefused(() => postJson(`/api/v1/cases/${caseId}/dispute-dispatch`, body), 'INVALID_CHARACTER');
      expect(problem.at).toBe(at);
    });

    it.each([
      ['a NUL in the query', `/api/v1/cases?q=a%00b`],
      ['a lone surrogate in the query', `/api/v1/cases?q=a%ED%A0%80b`],
      ['a NUL in the path', `/api/v1/cases/a%00b`],
      ['a lone surrogate in the path', `/api/v1/units/%ED%B0%80`],
    ])('in the URL: %s', async (_name, url) => {
      await expectRefused(() => api.http.get(url).set(as.intake), 'INVALID_CHARACTER');
    });

    it('a NUL in the URL of a command, with a valid body', async () => {
      await expectRefused(
        () =>
          api.http.post(`/api/v1/cases/${caseId}/dispute-dispatch?x=%00`).set(as.unit('dept-market')).send({ reason: '不属本单位职责' }),
        'INVALID_CHARACTER',
      );
    });

    it('a path parameter that is not percent-encoded UTF-8 (%FF, a lone %E4): 400 naming the path, on a read and a command', async () => {
      for (const send of [
        () => api.http.get('/api/v1/cases/%FF').set(as.intake),
        () => api.http.get('/api/v1/cases/%E4%B8/history').set(as.intake),
        () => api.http.post('/api/v1/cases/%FF/accept').set(as.unit('dept-market')).send({}),
      ]) {
        const problem = await expectRefused(send, 'MALFORMED_REQUEST');
        expect(problem.detail).toBe('The path is not percent-encoded UTF-8');
      }
    });

    it('surrogate pairs (emoji) and Chinese pass', async () => {
      // No projector runs beside this API, so the list may answer 503: anything but a refusal of the text.
      const list = await api.http.get('/api/v1/cases').query({ q: '许可😀' }).set(as.intake);
      expect(list.status === 200 || list.body.code === 'PROJECTION_NOT_READY').toBe(true);
      const response = await api.http
        .post(`/api/v1/cases/${caseId}/supervise`)
        .set(as.intake)
        .send({ unitId: 'dept-market', level: 'urge', note: '请加快办理 😀' });
      expect(response.status).toBe(200);
      const { rows } = await api.db.pool.query(`SELECT data->>'note' AS note FROM events WHERE type = 'SupervisionIssued'`);
      expect(rows.map((r) => r.note)).toContain('请加快办理 😀');
    });
  });

  describe('a body that is not JSON', () => {
    /** The body's bytes as given (under a JSON type supertest would send a Buffer as the JSON of a Buffer). */
    const raw = (body: unknown) => body as string;

    it.each([
      ['text/plain', '{"note":"重要备注"}'],
      ['application/x-www-form-urlencoded', 'note=%E9%87%8D%E8%A6%81'],
      ['application/xml', '<note>重要备注</note>'],
    ])('%s: 415 UNSUPPORTED_MEDIA_TYPE, and the command does not run without it', async (type, body) => {
      const before = await api.eventCount();
      const response = await api.http.post(`/api/v1/cases/${caseId}/supervise`).set(as.intake).set('Content-Type', type).send(body);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await api.eventCount()).toBe(before);
    });

    it.each([
      [
        'UTF-16 labelled so',
        'application/json; charset=utf-16le',
        Buffer.from('{"unitId":"dept-market","level":"urge","note":"请加快"}', 'utf16le'),
      ],
      ['UTF-8 labelled UTF-16', 'application/json; charset=utf-16', Buffer.from('{"unitId":"dept-market","level":"urge","note":"请加快"}')],
      ['Latin-1', 'application/json; charset=latin1', Buffer.from('{"unitId":"dept-market","level":"urge","note":"caf\u00e9"}', 'latin1')],
    ])(
      'JSON in a charset other than UTF-8 (%s): 415 UNSUPPORTED_MEDIA_TYPE naming the charset, nothing recorded',
      async (_, type, body) => {
        const before = await api.eventCount();
        const response = await api.http
          .post(`/api/v1/cases/${caseId}/supervise`)
          .set(as.intake)
          .set('Content-Type', type)
          .serialize(raw)
          .send(body);
        expect({ status: response.status, code: response.body.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
        expect(response.body.detail).toContain(type);
        expect(await api.eventCount()).toBe(before);
      },
    );

    it('JSON labelled UTF-8, in any spelling, is read', async () => {
      for (const type of ['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"']) {
        const response = await api.http
          .post(`/api/v1/cases/${caseId}/supervise`)
          .set(as.intake)
          .set('Content-Type', type)
          .serialize(raw)
          .send(Buffer.from(JSON.stringify({ unitId: 'dept-market', level: 'urge', note: `请加快（${type}）` })));
        expect({ type, status: response.status, body: response.status === 200 ? null : response.body }).toEqual({
          type,
          status: 200,
          body: null,
        });
      }
    });

    it('a command sent without a body needs no Content-Type: it goes on to its own rules', async () => {
      // Accepting a case dispatched already is refused by the decider, not by the body's type.
      const response = await api.http.post(`/api/v1/cases/${caseId}/accept`).set(as.intake);
      expect(response.headers['content-type'] ?? '').not.toContain('text/plain');
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 422, code: expect.not.stringMatching(/MEDIA/) });
    });
  });

  describe('headers', () => {
    it('security headers on every answer, no X-Powered-By, nothing cached', async () => {
      for (const response of [
        await api.http.get('/health'),
        await api.http.get('/api/v1/cases').set(as.intake),
        await api.http.post(`/api/v1/cases/${caseId}/reject`).set(as.unit('dept-market')).send({}),
      ]) {
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'strict-transport-security': expect.stringContaining('max-age='),
          'content-security-policy': expect.stringContaining("default-src 'self'"),
          'x-frame-options': 'SAMEORIGIN',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-store',
        });
      }
    });

    it("an ETag only where it means the stream's version (If-Match): none made up from a list's bytes", async () => {
      const list = await api.http.get('/api/v1/units').set(as.intake);
      expect(list.status).toBe(200);
      expect(list.headers.etag).toBeUndefined();
      const page = await api.http.get(`/api/v1/cases/${caseId}`).set(as.intake);
      expect(page.headers.etag).toBe(`"${page.body.version}"`);
    });

    it('no CORS unless configured: a browser on another origin reads nothing', async () => {
      const read = await api.http.get('/api/v1/cases').set(as.intake).set('Origin', 'https://elsewhere.example');
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await api.http
        .options('/api/v1/cases')
        .set('Origin', 'https://elsewhere.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    });
  });

  it('a 500 from the database says nothing of SQL, tables or stack', async () => {
    await api.db.pool.query('ALTER TABLE idempotency_keys RENAME TO idempotency_keys_away');
    try {
      const response = await api.http
        .post(`/api/v1/cases/${caseId}/supervise`)
        .set(as.intake)
        .set('Idempotency-Key', 'hardening-500')
        .send({ unitId: 'dept-market', level: 'urge', note: '再次催办' });
      expect(response.status).toBe(500);
      expect(response.body).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred; it has been logged' });
      for (const word of ['idempotency_keys', 'relation', 'INSERT', 'SELECT', ' at ', '.ts', 'node_modules']) {
        expect(response.text).not.toContain(word);
      }
    } finally {
      await api.db.pool.query('ALTER TABLE idempotency_keys_away RENAME TO idempotency_keys');
    }
  });
});
