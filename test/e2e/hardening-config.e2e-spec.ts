import { as, startTestApi, type TestApi } from '../support/api-app';
import { bearer, testSigner, TokenSigner } from '../support/tokens';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * What configuration turns on (README "Configuration", "Limits"): rate limits per caller and per
 * IP with 429 + Retry-After, and CORS for the named origins only. Each API here has its own tiny
 * limits, in a 60-second window the test never waits out, so nothing depends on timing.
 */
describe('hardening: rate limits and CORS from configuration', () => {
  describe('rate limits', () => {
    let api: TestApi;

    beforeAll(async () => {
      api = await startTestApi({
        now: '2026-09-24T09:30:00+08:00',
        // The registry, so that the unit user below is one the API signs in (a unit not registered: 401).
        env: { RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_PER_CALLER: '3', RATE_LIMIT_PER_IP: '2', UNITS_SEED_FILE: TEST_UNITS_SEED },
      });
    });
    afterAll(async () => api.close());

    const timeLimits = (caller: Record<string, string>) => api.http.get('/api/v1/admin/time-limits').set(caller);

    it('a caller gets RATE_LIMIT_PER_CALLER requests, across routes, then 429 with Retry-After', async () => {
      // Whatever else these answer, they are not refused for their rate.
      expect((await timeLimits(as.intake)).status).not.toBe(429);
      expect((await api.http.get('/api/v1/admin/calendar/2026').set(as.intake)).status).not.toBe(429);
      expect((await timeLimits(as.intake)).status).not.toBe(429);
      const refused = await timeLimits(as.intake);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('another caller from the same address has a budget of its own', async () => {
      expect((await timeLimits(as.discipline)).status).not.toBe(429);
      expect((await timeLimits(as.unit('dept-market'))).status).toBe(200);
      expect((await timeLimits(as.intake)).status).toBe(429);
    });

    it('requests without a caller count against their IP address, at RATE_LIMIT_PER_IP', async () => {
      expect((await api.http.get('/health')).status).not.toBe(429);
      expect((await api.http.get('/health')).status).not.toBe(429);
      const refused = await api.http.get('/health');
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The address is spent: a token not accepted before is refused before its signature is checked.
      const forged = bearer(TokenSigner.generate().sign(testSigner.claims({ sub: 'intake-wang', role: 'intake' })));
      expect((await timeLimits(forged)).status).toBe(429);
    });
  });

  describe('requests AuthenticationGuard refuses (no token, a token refused) count against their address', () => {
    let api: TestApi;
    const PER_IP = 3;
    // Signed by a key the API does not trust: a check of its signature, then 401 TOKEN_INVALID.
    const forged = bearer(TokenSigner.generate().sign(testSigner.claims({ sub: 'intake-wang', role: 'intake' })));
    const timeLimits = (caller: Record<string, string>) => api.http.get('/api/v1/admin/time-limits').set(caller);

    beforeAll(async () => {
      api = await startTestApi({
        now: '2026-09-24T09:30:00+08:00',
        env: { RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_PER_CALLER: '100', RATE_LIMIT_PER_IP: String(PER_IP) },
      });
    });
    afterAll(async () => api.close());

    it('RATE_LIMIT_PER_IP refused tokens get 401, the next 429 RATE_LIMITED with Retry-After, before its token is checked', async () => {
      // A caller signed in before the flood, from the same address.
      expect((await timeLimits(as.intake)).status).toBe(200);
      for (let i = 0; i < PER_IP; i++) {
        const refused = await timeLimits(forged);
        expect([refused.status, refused.body.code]).toEqual([401, 'TOKEN_INVALID']);
      }
      const limited = await timeLimits(forged);
      expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect(limited.headers['www-authenticate']).toBeUndefined();
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    });

    it('the address is spent for every request without a caller: no token, a public route', async () => {
      const statuses = [(await api.http.get('/api/v1/admin/time-limits')).status, (await api.http.get('/health')).status];
      expect(statuses).toEqual([429, 429]);
    });

    it('a caller whose token the API accepted before is still served, counted against its own budget', async () => {
      for (let i = 0; i < 3; i++) expect((await timeLimits(as.intake)).status).toBe(200);
    });

    it('a token the API never accepted is not checked from a spent address: 429, even a valid one', async () => {
      expect((await timeLimits(as.discipline)).status).toBe(429);
    });
  });

  it('RATE_LIMIT=off: no limit at all', async () => {
    const api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { RATE_LIMIT: 'off', RATE_LIMIT_PER_IP: '1' } });
    try {
      const statuses = await Promise.all(Array.from({ length: 5 }, () => api.http.get('/health').then((r) => r.status)));
      expect(statuses).not.toContain(429);
    } finally {
      await api.close();
    }
  });

  describe('CORS_ORIGINS', () => {
    let api: TestApi;
    const CONSOLE = 'https://console.example.gov.cn';

    beforeAll(async () => {
      api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { CORS_ORIGINS: `${CONSOLE},http://localhost:5173` } });
    });
    afterAll(async () => api.close());

    it('a named origin may call the API from a browser, with the headers it needs', async () => {
      const preflight = await api.http
        .options('/api/v1/cases')
        .set('Origin', CONSOLE)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(CONSOLE);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
      const read = await api.http.get('/api/v1/admin/time-limits').set(as.intake).set('Origin', CONSOLE);
      expect(read.headers['access-control-allow-origin']).toBe(CONSOLE);
      expect(read.headers['access-control-expose-headers']).toMatch(/ETag/);
    });

    it('any other origin gets no CORS headers', async () => {
      const read = await api.http.get('/api/v1/admin/time-limits').set(as.intake).set('Origin', 'https://elsewhere.example');
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
