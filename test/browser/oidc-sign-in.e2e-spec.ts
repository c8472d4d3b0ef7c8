import type { Page } from 'playwright-core';
import { freePort } from '@app/platform';
import { startConsole, type ConsoleRun } from '../support/console-browser';
import { startFakeOidcProvider, type FakeOidcProvider, type FakeUser } from '../support/fake-oidc-provider';
import { waitUntil } from '../support/wait';

const CLIENT = 'complaint-console';
const AUDIENCE = 'complaint-cases-api';
const CLERK: FakeUser = { sub: 'clerk-li', name: '李受理', role: 'intake' };
const MARKET_OFFICER: FakeUser = { sub: 'officer-zhao', name: '赵承办', role: 'unit', unitId: 'dept-market' };
/** An account of the provider with none of this system's roles. */
const STRANGER: FakeUser = { sub: 'guest-wu', name: '吴访客', role: 'guest' };
const SESSION_KEY = 'complaint-console.session';

// Issue 13: "Sign-in: with an OIDC provider configured, authorization-code + PKCE redirect ... Token
// expiry handled (re-sign-in, no silent failures)." The built server, told by OIDC_* to trust a fake
// provider (test/support/fake-oidc-provider.ts: no Keycloak here), and the console in Chromium signing
// in there, the provider on another origin than the console's (so CORS and the CSP matter).
describe('the console signs in at an OIDC provider', () => {
  let provider: FakeOidcProvider;
  let run: ConsoleRun;
  let filedTitle: string;

  beforeAll(async () => {
    const port = await freePort();
    provider = await startFakeOidcProvider({
      clientId: CLIENT,
      audience: AUDIENCE,
      consoleOrigin: `http://127.0.0.1:${port}`,
      users: [CLERK, MARKET_OFFICER, STRANGER],
    });
    run = await startConsole({
      port,
      // No OIDC_JWKS_URL: the server finds the keys by discovery, as the console finds the endpoints.
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_CONSOLE_CLIENT_ID: CLIENT,
      },
    });
    // A case for the clerk's list, filed through the API with the provider's token.
    filedTitle = `统一身份认证登录测试${Date.now()}`;
    await api(await provider.accessToken(CLERK), '/api/v1/cases', {
      channel: 'web',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: filedTitle,
      description: '-',
      complainedUnitId: 'dept-market',
      receivedAt: new Date().toISOString(),
      complainant: { anonymous: true },
    });
  }, 180_000);

  afterAll(async () => {
    await run?.close();
    await provider?.close();
  });

  async function api(token: string, route: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${run.base}${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
    return response;
  }

  /** On the sign-in page: the button, the provider's page, the user's link; resolves back on the console. */
  async function signInAtProvider(page: Page, user: FakeUser): Promise<void> {
    await page.getByTestId('sign-in-oidc').click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: 15_000 });
    await page.getByTestId(`provider-user-${user.sub}`).click();
    await page.waitForURL((url) => url.href.startsWith(run.base) && !/\/(signed-in|sign-in)/.test(url.pathname), { timeout: 30_000 });
  }

  /** The sign-in page, to return to `next` once signed in. */
  const signInAskedFor = (next: string) => (url: URL) => url.pathname === '/sign-in' && url.searchParams.get('next') === next;

  const sessionExpiry = (page: Page) => page.evaluate<number>(`JSON.parse(sessionStorage.getItem('${SESSION_KEY}')).expiresAt`);

  it('offers only the provider: no demo users, and no development tokens from the API', async () => {
    const page = await run.signedOutPage();
    await page.getByTestId('sign-in-oidc').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('sign-in-oidc').textContent()).toContain('通过统一身份认证登录');
    expect(await page.getByTestId('sign-in-intake').count()).toBe(0);
    expect(await page.getByTestId('sign-in-unit-select').count()).toBe(0);
    await run.screenshot(page, 'sign-in-oidc');
    await page.close();

    const devToken = await fetch(`${run.base}/api/v1/sign-in/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'intake' }),
    });
    expect(devToken.status).toBe(404);
    const method = (await (await fetch(`${run.base}/api/v1/sign-in`)).json()) as Record<string, unknown>;
    expect(method).toMatchObject({ method: 'oidc', oidc: { issuer: provider.issuer, clientId: CLIENT }, demoUsers: [] });
  });

  it("lets the console's pages reach the provider: the CSP's connect-src names its origin", async () => {
    const response = await fetch(`${run.base}/`, { headers: { Accept: 'text/html' } });
    const csp = response.headers.get('content-security-policy') ?? '';
    const connectSrc = csp.split(';').find((directive) => directive.trim().startsWith('connect-src'));
    expect(connectSrc?.trim().split(/\s+/)).toEqual(['connect-src', "'self'", new URL(provider.issuer).origin]);
  });

  it('an intake clerk signs in with authorization code + PKCE S256 and lands on 案件工作台, whose list the API answers', async () => {
    const served = provider.served.length;
    const page = await run.signedOutPage();
    // Chromium reports what the page's Content-Security-Policy blocked (discovery, the token exchange) on its console.
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });
    const cases = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/cases' && r.request().method() === 'GET', {
      timeout: 30_000,
    });
    await signInAtProvider(page, CLERK);
    await page.waitForURL(/\/cases$/, { timeout: 15_000 });
    expect(await page.getByTestId('current-role').textContent()).toContain('受理人员');
    expect(await page.getByTestId('current-user').textContent()).toContain(CLERK.sub);
    expect((await cases).status()).toBe(200);
    await page.getByText(filedTitle).waitFor({ timeout: 15_000 });

    // What the provider saw: a challenge with S256 at /authorize, then the verifier that hashes to it.
    const requests = provider.served.slice(served);
    const authorize = requests.find((r) => r.path.endsWith('/auth') && r.status === 302)!;
    const token = requests.find((r) => r.path.endsWith('/token'))!;
    expect(authorize.params).toMatchObject({ client_id: CLIENT, response_type: 'code', code_challenge_method: 'S256' });
    expect(authorize.params.redirect_uri).toBe(`${run.base}/signed-in`);
    expect(token).toMatchObject({ method: 'POST', status: 200, params: { grant_type: 'authorization_code', client_id: CLIENT } });
    expect(token.params.code_verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(token.params.code_verifier).digest('base64url')).toBe(authorize.params.code_challenge);
    // The browser, not the server, exchanged the code: the provider was asked from the console's origin.
    expect(token.params.client_secret).toBeUndefined();
    expect(blocked).toEqual([]);
    await page.close();
  }, 60_000);

  it("a unit's officer signs in and lands on 单位待办 with the unit in the header, its figures read with the provider's token", async () => {
    const page = await run.signedOutPage();
    const overdue = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/overdue', { timeout: 30_000 });
    await signInAtProvider(page, MARKET_OFFICER);
    await page.waitForURL(/\/unit-tasks$/, { timeout: 15_000 });
    expect(await page.getByTestId('current-role').textContent()).toContain('承办单位');
    await waitUntil(async () => (await page.getByTestId('current-unit').textContent())?.includes('区市场监督管理局'), {
      timeoutMs: 15_000,
      failure: "the header did not name the officer's unit",
    });
    expect((await overdue).status()).toBe(200);
    expect(await page.getByTestId('problem-banner').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('says why a sign-in failed: an account without a role here, a forged return, a tampered PKCE verifier', async () => {
    const page = await run.signedOutPage();
    await page.getByTestId('sign-in-oidc').click();
    await page.getByTestId(`provider-user-${STRANGER.sub}`).click();
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 30_000 });
    expect(await page.getByTestId('sign-in-notice').textContent()).toContain('统一身份认证登录失败：这个令牌没有本系统的角色');

    // A code and state the console never asked for (no PKCE verifier of its own for them): refused, not signed in.
    await page.goto(`${run.base}/signed-in?code=forged&state=forged`);
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 30_000 });
    expect(await page.getByTestId('sign-in-notice').textContent()).toContain('统一身份认证登录失败：登录请求已失效');
    expect(await page.evaluate<string | null>(`sessionStorage.getItem('${SESSION_KEY}')`)).toBeNull();

    // A verifier changed on its way to the token endpoint (what an intercepted code would come with): the provider refuses it.
    await page.route(/\/protocol\/openid-connect\/token$/, (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      form.set('code_verifier', `${form.get('code_verifier')}x`);
      return route.continue({ postData: form.toString() });
    });
    await page.getByTestId('sign-in-oidc').click();
    await page.getByTestId(`provider-user-${CLERK.sub}`).click();
    await waitUntil(
      async () =>
        (
          await page
            .getByTestId('sign-in-notice')
            .textContent({ timeout: 1_000 })
            .catch(() => '')
        )?.includes('invalid_grant'),
      {
        timeoutMs: 30_000,
        failure: 'the sign-in page did not say the provider refused the exchange',
      },
    );
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByTestId('sign-in-notice').textContent()).toContain('统一身份认证登录失败：认证服务拒绝了登录（invalid_grant）');
    expect(provider.served.at(-1)).toMatchObject({ path: expect.stringMatching(/\/token$/), status: 400 });
    expect(await page.evaluate<string | null>(`sessionStorage.getItem('${SESSION_KEY}')`)).toBeNull();
    await page.close();
  }, 90_000);

  describe('when the token expires', () => {
    /** Each user's page on the role's home, its token expired: both signed in first, so one wait by the clock serves both tests. */
    let expired: { clerk: Page; officer: Page };
    beforeAll(async () => {
      // Long enough to get through the provider to the home page on a loaded machine, short enough to wait for.
      provider.accessTokenTtlSeconds = 12;
      const clerk = await onHome(CLERK, (p) => p.getByText(filedTitle).waitFor({ timeout: 15_000 }));
      const officer = await onHome(MARKET_OFFICER, (p) => p.getByTestId('reload').waitFor({ timeout: 15_000 }));
      const exp = Math.max(await sessionExpiry(clerk), await sessionExpiry(officer));
      await waitUntil(() => Date.now() > exp * 1000, { timeoutMs: 30_000, intervalMs: 200, failure: 'the tokens did not expire' });
      expired = { clerk, officer };
    }, 90_000);
    afterAll(() => {
      provider.accessTokenTtlSeconds = 300;
    });

    /** Signed in as `user` on the role's home (ready when `ready` shows). */
    async function onHome(user: FakeUser, ready: (page: Page) => Promise<void>): Promise<Page> {
      const page = await run.signedOutPage();
      await signInAtProvider(page, user);
      await ready(page);
      return page;
    }

    it('the next navigation goes to sign-in saying so, and signing in again returns to the page asked for', async () => {
      const page = expired.clerk;
      await page.getByTestId('menu-overdue').click();
      await page.waitForURL(signInAskedFor('/overdue'), { timeout: 15_000 });
      expect(await page.getByTestId('sign-in-notice').textContent()).toContain('登录已过期');
      expect(await page.evaluate<string | null>(`sessionStorage.getItem('${SESSION_KEY}')`)).toBeNull();

      provider.accessTokenTtlSeconds = 300;
      await signInAtProvider(page, CLERK);
      await page.waitForURL(/\/overdue$/, { timeout: 15_000 });
      expect(await page.getByTestId('current-role').textContent()).toContain('受理人员');
      await page.close();
    }, 90_000);

    it("the next request a screen makes (a unit officer's 刷新) goes to sign-in saying so, not to a silent failure", async () => {
      const page = expired.officer;
      // 刷新 reads the unit's lists again, on the same page: no navigation for the router to catch.
      await page.getByTestId('reload').click();
      await page.waitForURL(signInAskedFor('/unit-tasks'), { timeout: 15_000 });
      expect(await page.getByTestId('sign-in-notice').textContent()).toContain('登录已过期');
      await page.close();
    }, 90_000);
  });
});
