import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startFakeOidcProvider, type FakeOidcProvider } from './fake-oidc-provider';

const CONSOLE = 'http://127.0.0.1:9'; // never called: only the redirect URI and CORS name it
const CLIENT = 'complaint-console';
const REDIRECT = `${CONSOLE}/signed-in`;

// The fake provider the OIDC browser test signs in at must refuse what a real one refuses, or that
// test would prove nothing about PKCE.
describe('the fake OIDC provider of the browser tests', () => {
  let provider: FakeOidcProvider;
  let endpoints: { authorization_endpoint: string; token_endpoint: string; jwks_uri: string };

  beforeAll(async () => {
    provider = await startFakeOidcProvider({
      clientId: CLIENT,
      audience: 'complaint-cases-api',
      consoleOrigin: CONSOLE,
      users: [{ sub: 'clerk-li', name: '李受理', role: 'intake' }],
    });
    endpoints = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as typeof endpoints;
  });

  afterAll(() => provider?.close());

  const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

  /** /authorize as the browser would, approving as clerk-li: the status and the code of the redirect. */
  async function authorize(overrides: Record<string, string | undefined> = {}): Promise<{ status: number; code: string | null }> {
    const params: Record<string, string | undefined> = {
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid profile',
      state: 'st',
      code_challenge: challengeOf('the-verifier'),
      code_challenge_method: 'S256',
      login: 'clerk-li',
      ...overrides,
    };
    const query = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const response = await fetch(`${endpoints.authorization_endpoint}?${new URLSearchParams(query)}`, { redirect: 'manual' });
    const location = response.headers.get('location');
    return { status: response.status, code: location ? new URL(location).searchParams.get('code') : null };
  }

  async function exchange(
    code: string,
    overrides: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const form = { grant_type: 'authorization_code', code, client_id: CLIENT, redirect_uri: REDIRECT, code_verifier: 'the-verifier' };
    const response = await fetch(endpoints.token_endpoint, { method: 'POST', body: new URLSearchParams({ ...form, ...overrides }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('exchanges a code for the verifier that hashes to its S256 challenge, once', async () => {
    const { status, code } = await authorize();
    expect(status).toBe(302);
    const answer = await exchange(code!);
    expect(answer.status).toBe(200);
    const { payload } = await jwtVerify(String(answer.body.access_token), createRemoteJWKSet(new URL(endpoints.jwks_uri)), {
      issuer: provider.issuer,
      audience: 'complaint-cases-api',
    });
    expect(payload).toMatchObject({ sub: 'clerk-li', realm_access: { roles: expect.arrayContaining(['intake']) } });
    expect(decodeJwt(String(answer.body.id_token))).toMatchObject({ sub: 'clerk-li', aud: CLIENT });
    expect((await exchange(code!)).body.error).toBe('invalid_grant');
  });

  it('refuses a wrong verifier, a missing one, and the code once it was refused', async () => {
    const wrong = await authorize();
    expect(await exchange(wrong.code!, { code_verifier: randomBytes(32).toString('base64url') })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'PKCE verification failed' },
    });
    expect((await exchange(wrong.code!)).status).toBe(400);
    const missing = await authorize();
    expect((await exchange(missing.code!, { code_verifier: '' })).body.error_description).toBe('PKCE verification failed');
  });

  it('refuses a tampered code, another client or redirect URI at the exchange', async () => {
    const { code } = await authorize();
    expect((await exchange(`${code!}x`)).body.error).toBe('invalid_grant');
    for (const tampered of [{ client_id: 'someone-else' }, { redirect_uri: `${CONSOLE}/elsewhere` }] as Array<Record<string, string>>) {
      const fresh = await authorize();
      expect((await exchange(fresh.code!, tampered)).status).toBe(400);
    }
  });

  it('gives no code without PKCE S256, to an unknown client or to an unregistered redirect URI', async () => {
    for (const overrides of [
      { code_challenge: undefined },
      { code_challenge_method: 'plain' },
      { code_challenge_method: undefined },
      { client_id: 'someone-else' },
      { redirect_uri: 'http://127.0.0.1:9/elsewhere' },
    ]) {
      expect({ overrides, ...(await authorize(overrides)) }).toEqual({ overrides, status: 400, code: null });
    }
  });
});
