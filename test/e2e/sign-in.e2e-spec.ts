import * as http from 'node:http';
import { Writable } from 'node:stream';
import type { Pool } from 'pg';
import { createLogger, PG_POOL } from '@app/platform';
import { ApiClient, complaint } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { QueryLog } from '../support/query-log';
import { PUBLIC_ROUTES } from '../support/routes';
import { TEST_UNITS_SEED } from '../support/test-units';
import { bearer, testSigner, TokenSigner } from '../support/tokens';

/**
 * Signing in over HTTP (issue 9, part 1): every route but GET /health wants a bearer token the API
 * verifies; whatever is wrong with it is a 401 problem+json with its code and a Bearer challenge,
 * and appends nothing; a good token of the wrong role is 403. Who acted, in the event metadata, is
 * what the token says, whatever else the request claims.
 */
describe('signing in', () => {
  let api: TestApi;
  let caseId: string;
  const logLines: string[] = [];
  const now = () => Math.floor(Date.now() / 1000);
  const intake = { sub: 'intake-wang', role: 'intake' };

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
    api = await startTestApi({
      now: '2026-11-20T10:00:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED },
      logger: createLogger('trace', sink),
    });
    caseId = await new ApiClient(api).file({ title: '办事窗口推诿', receivedAt: '2026-11-20T09:00:00+08:00' });
  });
  afterAll(async () => api.close());

  const signed = (claims: Record<string, unknown>, header?: Record<string, unknown>) => bearer(testSigner.sign(claims, header));

  it.each<[string, string, () => Record<string, string>]>([
    ['no Authorization header', 'UNAUTHENTICATED', () => ({})],
    ['another scheme (Basic)', 'TOKEN_INVALID', () => ({ Authorization: 'Basic aW50YWtlOmludGFrZQ==' })],
    ['a bearer token that is not a JWT', 'TOKEN_INVALID', () => bearer('not-a-token')],
    ['an expired token', 'TOKEN_EXPIRED', () => signed(testSigner.claims(intake, { iat: now() - 7200, exp: now() - 3600 }))],
    ['a token signed by a key the API does not trust', 'TOKEN_INVALID', () => TokenSigner.generate().headers(intake)],
    ['a token for another audience', 'TOKEN_INVALID', () => signed(testSigner.claims(intake, { aud: 'another-api' }))],
    ['a token of another issuer', 'TOKEN_INVALID', () => signed(testSigner.claims(intake, { iss: 'https://evil.example' }))],
    ['a token without exp', 'TOKEN_INVALID', () => signed(testSigner.claims(intake, { exp: undefined }))],
    [
      'an unsigned token (alg none)',
      'TOKEN_INVALID',
      () => bearer(testSigner.sign(testSigner.claims(intake), { alg: 'none' }).replace(/[^.]+$/, '')),
    ],
    ['a token without a role', 'TOKEN_CLAIMS_INVALID', () => signed(testSigner.claims(intake, { roles: undefined }))],
    [
      'a token with a role this API does not know',
      'TOKEN_CLAIMS_INVALID',
      () => signed(testSigner.claims(intake, { roles: ['superuser'] })),
    ],
    ['a unit user’s token without a unit', 'TOKEN_CLAIMS_INVALID', () => signed(testSigner.claims({ sub: 'u1', role: 'unit' }))],
    ['a token without a subject', 'TOKEN_CLAIMS_INVALID', () => signed(testSigner.claims(intake, { sub: undefined }))],
    // Before, accepted: a unit token of a unit no one registered read the campaigns and the rankings,
    // and a person could act under the scheduler's or a script's name in the audit log.
    [
      'a unit user’s token naming a unit not registered',
      'TOKEN_CLAIMS_INVALID',
      () => signed(testSigner.claims({ sub: 'u1', role: 'unit', unitId: 'dept-doesnotexist' })),
    ],
    ...['deadline-scheduler', 'Deadline-Scheduler', 'system:unit-seeder', 'cli:root', 'projections-cli:root'].map(
      (sub): [string, string, () => Record<string, string>] => [
        `a token whose subject is the system’s own ${sub}`,
        'TOKEN_CLAIMS_INVALID',
        () => signed(testSigner.claims({ sub, role: 'discipline' })),
      ],
    ),
  ])('%s: 401 %s, with a Bearer challenge, appending nothing', async (_, code, headers) => {
    const before = await api.eventCount();
    const response = await api.http.post(`/api/v1/cases/${caseId}/accept`).set(headers()).send({});
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(
      code === 'UNAUTHENTICATED'
        ? /^Bearer realm="complaint-cases"$/
        : /^Bearer realm="complaint-cases", error="invalid_token", error_description="/,
    );
    expect(response.body).toMatchObject({ type: expect.stringContaining('/problems/'), status: 401, detail: expect.any(String) });
    expect(await api.eventCount()).toBe(before);
  });

  it('two Authorization headers: 401 TOKEN_INVALID, whichever of them is valid, appending nothing', async () => {
    const server = api.app.getHttpServer() as import('node:http').Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const before = await api.eventCount();
    // Two header lines, as a proxy adding its own might send them; supertest can set only one.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/v1/cases/${caseId}/accept`,
          headers: { Authorization: [as.intake.Authorization, as.admin.Authorization], 'Content-Type': 'application/json' },
        },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      sent.on('error', reject);
      sent.end('{}');
    });
    expect({ status: answer.status, code: JSON.parse(answer.body).code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    expect(await api.eventCount()).toBe(before);
  });

  it('a valid token of a role the route does not allow: 403 FORBIDDEN_ROLE', async () => {
    const response = await api.http.post(`/api/v1/cases/${caseId}/accept`).set(as.dashboard).send({}).expect(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
  });

  it('records the actor, role and unit the token names; caller headers of old count for nothing', async () => {
    const impostor = { ...as.intake, 'X-Actor': 'jjjc-li', 'X-Role': 'discipline', 'X-Unit': 'dept-market', 'X-Correlation-Id': 'corr-42' };
    await api.http.post(`/api/v1/cases/${caseId}/accept`).set(impostor).send({}).expect(200);
    // Headers that name the discipline office do not make an intake token one: issuing accountability stays 403.
    await api.http.post(`/api/v1/cases/${caseId}/issue-accountability`).set(impostor).send({}).expect(403);
    const history = (await api.http.get(`/api/v1/cases/${caseId}/history`).set(as.discipline).expect(200)).body.events;
    expect(history.at(-1)).toMatchObject({
      type: 'ComplaintAccepted',
      metadata: { actorId: 'intake-wang', role: 'intake', unitId: null, correlationId: 'corr-42' },
    });
  });

  it('GET /health needs no token, and ignores a bad one', async () => {
    await api.http.get('/health').expect(200);
    await api.http.get('/health').set(bearer('not-a-token')).expect(200);
  });

  it('keeps tokens out of the log', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(logLines.length).toBeGreaterThan(10);
    const token = as.intake.Authorization.slice('Bearer '.length);
    expect(logLines.filter((line) => line.includes(token.split('.')[1]) || /authorization/i.test(line))).toEqual([]);
  });
});

/**
 * A unit user's token names a unit of the registry (held in memory: UnitDirectory), or it is refused
 * like any token whose claims name no caller the API knows. On an API of its own, without cases, so
 * that retiring a unit waits on no case list.
 */
describe('a unit user’s unit', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi({ now: '2026-11-20T10:00:00+08:00' })));
  afterAll(async () => api.close());

  it('is checked without a database round trip per request: a unit user’s request sends what another role’s does', async () => {
    await api.http.post('/api/v1/units').set(as.admin).send({ id: 'dept-counted', name: '区计数测试局', kind: 'department' }).expect(201);
    const queries = new QueryLog();
    queries.follow(api.app.get<Pool>(PG_POOL));
    // Each as.unit(…) is a token never seen (verified in full, not taken from the verified-token cache).
    const sent = (who: Record<string, string>) => queries.during(() => api.http.get('/api/v1/admin/time-limits').set(who).expect(200));
    await sent(as.unit('dept-counted', 'first-of-them'));
    const byUnit = [await sent(as.unit('dept-counted', 'li-si')), await sent(as.unit('dept-counted', 'wang-wu'))];
    const byIntake = await sent(as.intake);
    expect(byUnit).toEqual([byIntake, byIntake]);
  });

  it('a unit token reads as its unit only while the unit is registered: a retired one still reads, one not registered is refused until it is', async () => {
    const reads = ['/api/v1/campaigns', '/api/v1/rankings', '/api/v1/admin/time-limits'];
    const statuses = async (unitId: string) =>
      Promise.all(reads.map(async (path) => (await api.http.get(path).set(as.unit(unitId, 'zhang-san'))).status));
    await api.http.post('/api/v1/units').set(as.admin).send({ id: 'dept-known', name: '区已登记测试局', kind: 'department' }).expect(201);
    expect(await statuses('dept-known')).toEqual([200, 200, 200]);

    const refused = await api.http.get('/api/v1/campaigns').set(as.unit('dept-doesnotexist', 'zhang-san'));
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 401, code: 'TOKEN_CLAIMS_INVALID' });
    expect(refused.body.detail).toBe("the token's unit_id claim names dept-doesnotexist, which is not a registered unit");
    expect(refused.headers['www-authenticate']).toBe(
      `Bearer realm="complaint-cases", error="invalid_token", error_description="${refused.body.detail}"`,
    );
    expect(await statuses('dept-doesnotexist')).toEqual([401, 401, 401]);

    // A refusal is not remembered: once registered (here or on another instance), the unit's tokens count.
    await api.http.post('/api/v1/units').set(as.admin).send({ id: 'dept-latecomer', name: '区新设测试局', kind: 'department' }).expect(201);
    expect(await statuses('dept-latecomer')).toEqual([200, 200, 200]);
    // Retired, it keeps its history, which its staff may need to read.
    await api.http.post('/api/v1/units/dept-latecomer/retire').set(as.admin).send({ reason: '撤并' }).expect(200);
    expect(await statuses('dept-latecomer')).toEqual([200, 200, 200]);
  });
});

/** Swagger UI and its document: on the management listener, with an Authorize button for a pasted token. */
describe('the OpenAPI document', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi({ now: '2026-11-20T10:00:00+08:00' })));
  afterAll(async () => api.close());

  it('is not served on the API port', async () => {
    for (const path of ['/docs', '/docs-json', '/metrics']) await api.http.get(path).expect(404);
  });

  it('declares the bearer scheme, and every route but the public ones needs it', async () => {
    const management = await api.management();
    const document = (await management.get('/docs-json').expect(200)).body;
    expect(document.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } });
    const operations = Object.entries(document.paths as Record<string, Record<string, { security?: unknown }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, security: operation.security })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const isPublic = (o: { route: string }) => PUBLIC_ROUTES.includes(o.route.replace(/\{(\w+)\}/g, ':$1'));
    expect(operations.filter((o) => !isPublic(o) && JSON.stringify(o.security) !== '[{"bearer":[]}]')).toEqual([]);
    expect(operations.filter(isPublic).map((o) => [o.route, o.security])).toEqual(
      expect.arrayContaining(PUBLIC_ROUTES.map((route) => [route, undefined])),
    );
    expect(operations.filter(isPublic)).toHaveLength(PUBLIC_ROUTES.length);
    const ui = await management.get('/docs/swagger-ui-init.js').expect(200);
    expect(ui.text).toContain('"persistAuthorization": true');
  });

  it('passes calls from Swagger UI on to the API, signed in as the token says', async () => {
    const management = await api.management();
    await management.get('/api/v1/admin/time-limits').expect(401);
    await management.get('/api/v1/admin/time-limits').set(as.intake).expect(200);
    await management
      .post('/api/v1/cases')
      .set(as.intake)
      .send(complaint({ title: '经由管理端口', receivedAt: '2026-11-20T09:00:00+08:00' }))
      .expect(422);
  });
});

// Issue 13: the web console signs in through the public API, as anyone could.
describe('the console’s sign-in', () => {
  describe('in development (no OIDC provider)', () => {
    let api: TestApi;
    beforeAll(async () => (api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } })));
    afterAll(async () => api.close());

    it('lists the demo users without a token: one per role, and a unit user per seeded unit', async () => {
      const { body } = await api.http.get('/api/v1/sign-in').expect(200);
      expect(body).toMatchObject({ method: 'development', oidc: null });
      expect(body.demoUsers.filter((u: { role: string }) => u.role !== 'unit').map((u: { role: string }) => u.role)).toEqual([
        'intake',
        'discipline',
        'dashboard',
        'admin',
      ]);
      expect(body.demoUsers).toContainEqual({ role: 'unit', unitId: 'dept-market', unitName: expect.any(String) });
    });

    it('hands out a token of the development issuer that the API accepts for that role and unit', async () => {
      const { body } = await api.http.post('/api/v1/sign-in/dev-token').send({ role: 'unit', unitId: 'dept-market' }).expect(200);
      expect(body).toMatchObject({ role: 'unit', unitId: 'dept-market', expiresAt: expect.any(String) });
      await api.http.get('/api/v1/admin/time-limits').set(bearer(body.token)).expect(200);
      // The unit role's token, not another's: filing a complaint is intake's.
      const filing = await api.http.post('/api/v1/cases').set(bearer(body.token)).send({});
      expect({ status: filing.status, code: filing.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_ROLE' });
    });

    it('a unit user without a unit, or a role it does not know: 400 naming the field', async () => {
      const noUnit = await api.http.post('/api/v1/sign-in/dev-token').send({ role: 'unit' });
      expect({ status: noUnit.status, code: noUnit.body.code, fields: noUnit.body.errors.map((e: { field: string }) => e.field) }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['unitId'],
      });
      const badRole = await api.http.post('/api/v1/sign-in/dev-token').send({ role: 'root' });
      expect(badRole.body.errors.map((e: { field: string }) => e.field)).toEqual(['role']);
      // Another role's unitId is ignored, but only a unit id or null: a number there is refused, not ignored.
      const wrongType = await api.http.post('/api/v1/sign-in/dev-token').send({ role: 'admin', unitId: 1e308 });
      expect({ status: wrongType.status, fields: wrongType.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        status: 400,
        fields: ['unitId'],
      });
      await api.http.post('/api/v1/sign-in/dev-token').send({ role: 'admin', unitId: null }).expect(200);
    });

    it('a unit no one registered: 422 naming unitId, and no token (it would sign in to nothing)', async () => {
      const unknown = await api.http.post('/api/v1/sign-in/dev-token').send({ role: 'unit', unitId: 'nosuch-unit' }).expect(422);
      expect(unknown.body).toMatchObject({ code: 'UNIT_NOT_FOUND', field: 'unitId' });
      expect(unknown.body.token).toBeUndefined();
    });
  });

  describe('with an OIDC provider', () => {
    let api: TestApi;
    const env = { OIDC_ISSUER: 'https://sso.example.gov/realms/cases', OIDC_AUDIENCE: 'cases', OIDC_CONSOLE_CLIENT_ID: 'cases-console' };
    beforeAll(async () => (api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env })));
    afterAll(async () => api.close());

    it('names the provider and the console’s client, lists no demo user, and has no development token route', async () => {
      const { body } = await api.http.get('/api/v1/sign-in').expect(200);
      expect(body).toEqual({
        method: 'oidc',
        oidc: { issuer: env.OIDC_ISSUER, clientId: 'cases-console', scope: 'openid profile', claims: { roles: 'roles', unit: 'unit_id' } },
        demoUsers: [],
      });
      // The console's page may fetch the provider's discovery document and token endpoint, and nothing else outside.
      const { headers } = await api.http.get('/api/v1/sign-in');
      expect(String(headers['content-security-policy']).split(';')).toContain("connect-src 'self' https://sso.example.gov");
      const token = await api.http.post('/api/v1/sign-in/dev-token').send({ role: 'admin' });
      expect({ status: token.status, code: token.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    });
  });
});
