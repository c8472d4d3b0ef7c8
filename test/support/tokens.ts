import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, DevTokenIssuer } from '../../apps/api/src/auth/dev-token-issuer';

/** Headers that sign a request in: `{ Authorization: 'Bearer <token>' }`. */
export type SignedIn = Record<string, string>;

export interface TestCaller {
  sub: string;
  role: string;
  unitId?: string;
}

/**
 * Signs tokens the way the development issuer does (ES256, its issuer and audience, `roles` and
 * `unit_id`), synchronously with node:crypto, so `as.unit('dept-x')` can be used inline in a test.
 * Only tests sign like this; the API verifies with jose (apps/api/src/auth/token-verifier.ts).
 */
export class TokenSigner {
  private constructor(private readonly privateKey: KeyObject) {}

  static generate(): TokenSigner {
    return new TokenSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  }

  /** The key a server keeps in its DEV_TOKEN_KEY_FILE (a spawned server's, once it has started). */
  static fromKeyFile(file: string): TokenSigner {
    return new TokenSigner(createPrivateKey({ key: JSON.parse(fs.readFileSync(file, 'utf8')) as JsonWebKey, format: 'jwk' }));
  }

  /** The development issuer of this key, as an API is told to trust it (ApiOptions.trustedIssuer). */
  issuer(): DevTokenIssuer {
    return DevTokenIssuer.fromJwk(this.privateKey.export({ format: 'jwk' }));
  }

  /** A compact JWS over exactly these claims and header fields (for tokens that are wrong on purpose). */
  sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const input = `${encode({ alg: 'ES256', typ: 'JWT', ...header })}.${encode(claims)}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  /** The claims of a valid token for `caller`, valid for an hour from now; `overrides` change or (undefined) drop claims. */
  claims(caller: TestCaller, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: DEV_TOKEN_ISSUER,
      aud: DEV_TOKEN_AUDIENCE,
      sub: caller.sub,
      roles: [caller.role],
      ...(caller.unitId ? { unit_id: caller.unitId } : {}),
      iat: now,
      exp: now + 3600,
      jti: randomUUID(),
      ...overrides,
    };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
    return claims;
  }

  /** Headers that sign a request in as `caller`. */
  headers(caller: TestCaller): SignedIn {
    return { Authorization: `Bearer ${this.sign(this.claims(caller))}` };
  }
}

/** This test file's signer: a key of its own, generated at load, which every API startTestApi starts trusts. */
export const testSigner = TokenSigner.generate();

/** Headers that send `token` as the bearer token (for tokens made wrong on purpose). */
export const bearer = (token: string): SignedIn => ({ Authorization: `Bearer ${token}` });
