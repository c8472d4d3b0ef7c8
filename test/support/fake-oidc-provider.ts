import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { freePort } from '@app/platform';

/** A user the fake provider knows: what its tokens say about them (in Keycloak's shapes). */
export interface FakeUser {
  sub: string;
  name: string;
  role: string;
  unitId?: string;
}

/** A request the provider served, as the test asserts on it (PKCE's parameters among them). */
export interface ServedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  status: number;
}

export interface FakeOidcProvider {
  /** `OIDC_ISSUER`: a Keycloak-like realm path on the provider's own origin. */
  issuer: string;
  served: ServedRequest[];
  /** How long the access tokens issued from now on are valid (seconds). */
  accessTokenTtlSeconds: number;
  /** A token endpoint answer's tokens for `user`, as /token gives them (for calls the test makes itself). */
  accessToken(user: FakeUser, ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

export interface FakeOidcOptions {
  clientId: string;
  /** The API's audience (`OIDC_AUDIENCE`), put in every access token's `aud`. */
  audience: string;
  /** The console's origin: the only redirect URI is `<origin>/signed-in`, and CORS answers it alone. */
  consoleOrigin: string;
  users: FakeUser[];
}

/** How long an authorization code may wait for its exchange. */
const CODE_TTL_MS = 60_000;
const REALM = '/realms/complaints';

/**
 * An OpenID provider for tests only (no Keycloak here): discovery, `/authorize` (a page listing the
 * users, each a link that approves at once as that user), `/token` (authorization_code grant only),
 * `/jwks`. It checks what a public client's authorization code + PKCE flow must get right: the
 * client id, the exact redirect URI, PKCE with S256 (plain or no challenge is refused), the code is
 * single-use, unexpired, and exchanged by the client and redirect URI it was issued to, and the
 * verifier hashes to the challenge. Access tokens are ES256 JWTs with the API's audience, the roles
 * in `realm_access.roles` (with Keycloak's own roles beside) and the unit in `unit_id`.
 * Left out: consent, passwords, refresh tokens, userinfo, sign-out, key rotation, client secrets.
 */
export async function startFakeOidcProvider(options: FakeOidcOptions): Promise<FakeOidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-1', alg: 'ES256', use: 'sig' };
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}${REALM}`;
  const redirectUri = `${options.consoleOrigin}/signed-in`;
  const codes = new Map<
    string,
    { user: FakeUser; challenge: string; redirectUri: string; clientId: string; nonce?: string; expires: number }
  >();
  const served: ServedRequest[] = [];

  const sign = (claims: Record<string, unknown>, audience: string, ttlSeconds: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(privateKey);
  const provider: FakeOidcProvider = {
    issuer,
    served,
    accessTokenTtlSeconds: 300,
    accessToken: (user, ttlSeconds = provider.accessTokenTtlSeconds) =>
      sign(
        {
          sub: user.sub,
          azp: options.clientId,
          realm_access: { roles: [user.role, 'offline_access', 'default-roles-complaints'] },
          ...(user.unitId ? { unit_id: user.unitId } : {}),
        },
        options.audience,
        ttlSeconds,
      ),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const discovery = {
    issuer,
    authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
    token_endpoint: `${issuer}/protocol/openid-connect/token`,
    jwks_uri: `${issuer}/protocol/openid-connect/certs`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['none'],
  };

  async function handle(method: string, path: string, params: Record<string, string>): Promise<[number, string, string]> {
    const json = (status: number, body: unknown): [number, string, string] => [status, 'application/json', JSON.stringify(body)];
    const refuse = (error: string, description: string) => json(400, { error, error_description: description });
    if (method === 'GET' && path === `${REALM}/.well-known/openid-configuration`) return json(200, discovery);
    if (method === 'GET' && path === new URL(discovery.jwks_uri).pathname) return json(200, { keys: [jwk] });
    if (method === 'GET' && path === new URL(discovery.authorization_endpoint).pathname) {
      if (params.client_id !== options.clientId) return refuse('unauthorized_client', 'unknown client_id');
      if (params.redirect_uri !== redirectUri) return refuse('invalid_request', 'redirect_uri not registered');
      if (params.response_type !== 'code') return refuse('unsupported_response_type', 'only code');
      if (!params.code_challenge || params.code_challenge_method !== 'S256') return refuse('invalid_request', 'PKCE S256 required');
      const user = options.users.find((u) => u.sub === params.login);
      if (!user) {
        // The login page: one link per user, each this same request plus `login=<sub>`.
        const links = options.users.map((u) => {
          const href = `?${new URLSearchParams({ ...params, login: u.sub })}`.replace(/&/g, '&amp;');
          return `<li><a href="${href}" data-testid="provider-user-${u.sub}">${u.name}（${u.sub}）</a></li>`;
        });
        return [200, 'text/html; charset=utf-8', `<!doctype html><title>统一身份认证（测试）</title><ul>${links.join('')}</ul>`];
      }
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        user,
        challenge: params.code_challenge,
        redirectUri: params.redirect_uri,
        clientId: params.client_id,
        nonce: params.nonce,
        expires: Date.now() + CODE_TTL_MS,
      });
      const back = new URL(params.redirect_uri);
      back.search = new URLSearchParams({ code, state: params.state ?? '', iss: issuer }).toString();
      return [302, back.toString(), ''];
    }
    if (method === 'POST' && path === new URL(discovery.token_endpoint).pathname) {
      if (params.grant_type !== 'authorization_code') return refuse('unsupported_grant_type', 'only authorization_code');
      const grant = codes.get(params.code ?? '');
      codes.delete(params.code ?? ''); // single use, whatever follows
      if (!grant || grant.expires < Date.now()) return refuse('invalid_grant', 'unknown, used or expired code');
      if (params.client_id !== grant.clientId) return refuse('invalid_grant', 'code issued to another client');
      if (params.redirect_uri !== grant.redirectUri) return refuse('invalid_grant', 'redirect_uri differs from the authorization request');
      const hashed = createHash('sha256')
        .update(params.code_verifier ?? '')
        .digest('base64url');
      if (!params.code_verifier || hashed !== grant.challenge) return refuse('invalid_grant', 'PKCE verification failed');
      const ttl = provider.accessTokenTtlSeconds;
      return json(200, {
        access_token: await provider.accessToken(grant.user, ttl),
        id_token: await sign(
          { sub: grant.user.sub, name: grant.user.name, azp: options.clientId, ...(grant.nonce ? { nonce: grant.nonce } : {}) },
          options.clientId,
          ttl,
        ),
        token_type: 'Bearer',
        expires_in: ttl,
        scope: 'openid profile',
      });
    }
    return json(404, { error: 'not_found' });
  }

  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', origin);
      const params = Object.fromEntries(new URLSearchParams(request.method === 'POST' ? body : url.search));
      // The browser fetches discovery, keys and the token from the console's page: CORS for its origin only.
      if (request.headers.origin === options.consoleOrigin) {
        response.setHeader('Access-Control-Allow-Origin', options.consoleOrigin);
        response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
        response.setHeader('Vary', 'Origin');
      }
      if (request.method === 'OPTIONS') return void response.writeHead(204).end();
      void handle(request.method ?? 'GET', url.pathname, params).then(([status, typeOrLocation, text]) => {
        served.push({ method: request.method ?? 'GET', path: url.pathname, params, status });
        if (status === 302) response.writeHead(302, { Location: typeOrLocation }).end();
        else response.writeHead(status, { 'Content-Type': typeOrLocation, 'Cache-Control': 'no-store' }).end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return provider;
}
