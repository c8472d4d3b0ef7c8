import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { DEFAULT_TOKEN_CLAIMS } from '@app/platform';
import { AuthenticationFailed, IdentityProviderUnavailable } from './authentication-failure';
import { providerKeys, TokenVerifier } from './token-verifier';
import { OIDC_ALGORITHMS } from './token-verifier.provider';

/**
 * A stand-in OpenID provider on 127.0.0.1: its discovery document and its JWKS (one RSA and one
 * P-256 key), so the verifier is tested as it runs in production, fetching keys over HTTP.
 */
class FakeProvider {
  issuer = '';
  discoveryIssuer: string | null = null;
  up = true;
  jwksRequests = 0;
  private server!: Server;
  private jwks: JWK[] = [];
  rsa!: { privateKey: KeyLike; kid: string };
  ec!: { privateKey: KeyLike; kid: string };

  async start(): Promise<void> {
    for (const [name, alg] of [
      ['rsa', 'RS256'],
      ['ec', 'ES256'],
    ] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      this[name] = { privateKey, kid: `${name}-1` };
      this.jwks.push({ ...(await exportJWK(publicKey)), kid: `${name}-1`, alg, use: 'sig' });
    }
    this.server = createServer((request, response) => {
      if (!this.up) return void response.writeHead(502).end();
      if (request.url === '/realms/cases/.well-known/openid-configuration') {
        const document = { issuer: this.discoveryIssuer ?? this.issuer, jwks_uri: `${this.issuer}/protocol/openid-connect/certs` };
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
      }
      if (request.url === '/realms/cases/protocol/openid-connect/certs') {
        this.jwksRequests++;
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.jwks }));
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/realms/cases`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Publishes one more RS256 key in the JWKS, and gives its private half to sign with. */
  async addKey(kid: string): Promise<{ privateKey: KeyLike; kid: string }> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    this.jwks.push({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });
    return { privateKey, kid };
  }

  /** Takes a key out of the JWKS, as a provider does with a compromised or retired key. */
  withdraw(kid: string): void {
    this.jwks = this.jwks.filter((key) => key.kid !== kid);
  }

  /** A token as the provider issues one: RS256, its issuer, our audience, a unit user, 5 minutes. */
  token(claims: JWTPayload = {}, options: { key?: 'rsa' | 'ec'; kid?: string; privateKey?: KeyLike; alg?: string } = {}): Promise<string> {
    const key = this[options.key ?? 'rsa'];
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: this.issuer,
      aud: ['complaint-cases', 'account'],
      sub: 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      preferred_username: 'unit-scjgj',
      realm_access: { roles: ['default-roles-cases', 'offline_access', 'unit'] },
      roles: ['unit'],
      unit_id: 'dept-scjgj',
      iat: now,
      exp: now + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: options.alg ?? (options.key === 'ec' ? 'ES256' : 'RS256'), kid: options.kid ?? key.kid })
      .sign(options.privateKey ?? key.privateKey);
  }
}

describe('TokenVerifier against an OIDC provider', () => {
  const provider = new FakeProvider();
  beforeAll(() => provider.start());
  afterAll(() => provider.stop());

  const verifier = (
    overrides: Partial<ConstructorParameters<typeof TokenVerifier>[1]> = {},
    jwksUrl: string | null = null,
    keysMaxAgeSeconds?: number,
  ) =>
    new TokenVerifier(providerKeys(provider.issuer, jwksUrl, keysMaxAgeSeconds), {
      issuer: provider.issuer,
      audience: 'complaint-cases',
      algorithms: OIDC_ALGORITHMS,
      clockSkewSeconds: 30,
      claims: DEFAULT_TOKEN_CLAIMS,
      ...overrides,
    });

  /** The code of the AuthenticationFailed a token gets. */
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof AuthenticationFailed ? error.code : `${(error as Error).name}: ${(error as Error).message}`),
    );

  it('accepts an RS256 or ES256 token found through discovery, and reads the caller from its claims', async () => {
    const v = verifier();
    await expect(v.verify(await provider.token())).resolves.toEqual({
      actorId: 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      role: 'unit',
      unitId: 'dept-scjgj',
    });
    await expect(v.verify(await provider.token({ roles: 'intake' }, { key: 'ec' }))).resolves.toEqual({
      actorId: 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      role: 'intake',
      unitId: null,
    });
  });

  it('takes the keys from an explicit JWKS URL, and other claim names (Keycloak realm roles, the user name)', async () => {
    const v = verifier(
      { claims: { roles: 'realm_access.roles', unit: 'unit_id', actor: 'preferred_username' } },
      `${provider.issuer}/protocol/openid-connect/certs`,
    );
    await expect(v.verify(await provider.token({ roles: undefined }))).resolves.toEqual({
      actorId: 'unit-scjgj',
      role: 'unit',
      unitId: 'dept-scjgj',
    });
  });

  it('fetches the keys once, not per token', async () => {
    const v = verifier();
    const before = provider.jwksRequests;
    for (let i = 0; i < 5; i++) await v.verify(await provider.token());
    expect(provider.jwksRequests - before).toBe(1);
  });

  it.each<[string, string, () => Promise<string>]>([
    ['expired beyond the clock skew', 'TOKEN_EXPIRED', () => provider.token({ exp: Math.floor(Date.now() / 1000) - 31 })],
    ['expired within the clock skew', 'accepted', () => provider.token({ exp: Math.floor(Date.now() / 1000) - 20 })],
    ['not valid before a minute from now', 'TOKEN_INVALID', () => provider.token({ nbf: Math.floor(Date.now() / 1000) + 60 })],
    ['without exp', 'TOKEN_INVALID', () => provider.token({ exp: undefined })],
    ['of another issuer', 'TOKEN_INVALID', () => provider.token({ iss: 'https://evil.example/realms/cases' })],
    ['for another audience', 'TOKEN_INVALID', () => provider.token({ aud: 'account' })],
    [
      'signed by a key the provider does not list',
      'TOKEN_INVALID',
      async () => provider.token({}, { kid: 'other', privateKey: await otherKey() }),
    ],
    ['signed by another key under a listed key id', 'TOKEN_INVALID', async () => provider.token({}, { privateKey: await otherKey() })],
    ['HS256 with the public key as the secret', 'TOKEN_INVALID', () => hs256Token(provider)],
    ['unsigned (alg none)', 'TOKEN_INVALID', () => unsignedToken(provider)],
    ['not a JWT at all', 'TOKEN_INVALID', async () => 'not-a.jwt.at-all'],
    ['with a tampered payload', 'TOKEN_INVALID', async () => tamper(await provider.token(), { roles: ['discipline'] })],
    ['naming no role of this API', 'TOKEN_CLAIMS_INVALID', () => provider.token({ roles: ['offline_access'] })],
    ['naming two roles', 'TOKEN_CLAIMS_INVALID', () => provider.token({ roles: ['intake', 'admin'] })],
    ['of a unit user without a unit', 'TOKEN_CLAIMS_INVALID', () => provider.token({ unit_id: undefined })],
    ['of a unit user with a malformed unit', 'TOKEN_CLAIMS_INVALID', () => provider.token({ unit_id: 'dept x' })],
    ['without a subject', 'TOKEN_CLAIMS_INVALID', () => provider.token({ sub: undefined })],
  ])('a token %s: %s', async (_, expected, token) => {
    expect(await refusal(verifier().verify(await token()))).toBe(expected);
  });

  it('reads the keys again once they are OIDC_KEYS_MAX_AGE_SECONDS old: a key the provider withdraws stops verifying new tokens', async () => {
    const retired = await provider.addKey('rsa-retired');
    const v = verifier({}, null, 1);
    const signedBy = (claims: JWTPayload) => provider.token(claims, { kid: retired.kid, privateKey: retired.privateKey });
    expect(await refusal(v.verify(await signedBy({ jti: 'before' })))).toBe('accepted');
    provider.withdraw(retired.kid);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // A token not seen before (so not in the verified-token cache), signed by the withdrawn key.
    expect(await refusal(v.verify(await signedBy({ jti: 'after' })))).toBe('TOKEN_INVALID');
    expect(await refusal(v.verify(await provider.token({ jti: 'a standing key' })))).toBe('accepted');
  });

  it('is unavailable, not refusing, while the provider cannot be reached, and recovers', async () => {
    const v = verifier();
    const token = await provider.token();
    provider.up = false;
    await expect(v.verify(token)).rejects.toBeInstanceOf(IdentityProviderUnavailable);
    provider.up = true;
    await expect(v.verify(token)).resolves.toMatchObject({ role: 'unit' });
  });

  it('refuses a discovery document that names another issuer', async () => {
    provider.discoveryIssuer = 'https://evil.example/realms/cases';
    try {
      await expect(verifier().verify(await provider.token())).rejects.toThrow(/names the issuer https:\/\/evil\.example/);
    } finally {
      provider.discoveryIssuer = null;
    }
  });
});

describe('TokenVerifier remembering verified tokens', () => {
  const provider = new FakeProvider();
  beforeAll(() => provider.start());
  afterAll(() => provider.stop());

  /** A verifier at a time the spec sets, counting its key look-ups: each is one full verification. */
  function verifierAt(start: number) {
    const keys = providerKeys(provider.issuer, null);
    const state = { nowSeconds: start, keyLookups: 0 };
    const counting: typeof keys = (header, token) => {
      state.keyLookups++;
      return keys(header, token);
    };
    const verifier = new TokenVerifier(
      counting,
      {
        issuer: provider.issuer,
        audience: 'complaint-cases',
        algorithms: OIDC_ALGORITHMS,
        clockSkewSeconds: 30,
        claims: DEFAULT_TOKEN_CLAIMS,
      },
      () => new Date(state.nowSeconds * 1000),
    );
    return { verifier, state };
  }
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof AuthenticationFailed ? error.code : String(error)),
    );
  const issuedAt = Math.floor(Date.now() / 1000);

  it('checks a token once, then accepts it again without its signature, up to its expiry and the clock skew, never after', async () => {
    const { verifier, state } = verifierAt(issuedAt);
    const token = await provider.token({ iat: issuedAt, exp: issuedAt + 20 });
    for (let i = 0; i < 3; i++) await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'unit', unitId: 'dept-scjgj' });
    state.nowSeconds = issuedAt + 20 + 29;
    expect(await codeOf(verifier.verify(token))).toBe('accepted');
    expect(state.keyLookups).toBe(1);
    state.nowSeconds = issuedAt + 20 + 30;
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('verifies a tampered copy of a known token in full, and refuses it', async () => {
    const { verifier, state } = verifierAt(issuedAt);
    const token = await provider.token({ iat: issuedAt, exp: issuedAt + 300 });
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const otherSignature = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await codeOf(verifier.verify(tamper(token, { roles: ['discipline'] })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verifier.verify(otherSignature))).toBe('TOKEN_INVALID');
    expect(state.keyLookups).toBe(3);
    await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'unit' });
    expect(state.keyLookups).toBe(3);
  });

  it('remembers no refusal, and checks a known token in full again after a minute (a withdrawn key stops counting)', async () => {
    const { verifier, state } = verifierAt(issuedAt);
    const twoRoles = await provider.token({ iat: issuedAt, exp: issuedAt + 300, roles: ['intake', 'admin'] });
    expect(await codeOf(verifier.verify(twoRoles))).toBe('TOKEN_CLAIMS_INVALID');
    expect(await codeOf(verifier.verify(twoRoles))).toBe('TOKEN_CLAIMS_INVALID');
    expect(state.keyLookups).toBe(2);
    const token = await provider.token({ iat: issuedAt, exp: issuedAt + 300 });
    await verifier.verify(token);
    state.nowSeconds = issuedAt + 59;
    await verifier.verify(token);
    expect(state.keyLookups).toBe(3);
    state.nowSeconds = issuedAt + 60;
    await verifier.verify(token);
    expect(state.keyLookups).toBe(4);
  });
});

async function otherKey(): Promise<KeyLike> {
  return (await generateKeyPair('RS256')).privateKey;
}

/** The alg-confusion attack: an HMAC over the token keyed with the RSA public key's JWK. */
async function hs256Token(provider: FakeProvider): Promise<string> {
  const [header, payload] = (await provider.token()).split('.');
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'HS256' })).toString(
    'base64url',
  );
  const { createHmac } = await import('node:crypto');
  const signature = createHmac('sha256', JSON.stringify(await exportJWK(provider.rsa.privateKey)))
    .update(`${forged}.${payload}`)
    .digest('base64url');
  return `${forged}.${payload}.${signature}`;
}

async function unsignedToken(provider: FakeProvider): Promise<string> {
  const [, payload] = (await provider.token()).split('.');
  return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
}

function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...claims };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
}
