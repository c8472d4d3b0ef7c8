import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import * as fs from 'node:fs';
import { SignJWT, type JWK } from 'jose';
import { isSystemActorId, SYSTEM_ACTOR_ID_DESCRIPTION } from '@app/event-store';
import { DEFAULT_TOKEN_CLAIMS, devTokenKeyFileProblem, writeFileOnce } from '@app/platform';
import type { Role } from '../common/request-context';
import { TokenVerifier, type TokenExpectations } from './token-verifier';

/** `iss` and `aud` of development tokens: no OIDC provider would issue these. */
export const DEV_TOKEN_ISSUER = 'urn:complaint-cases:dev-issuer';
export const DEV_TOKEN_AUDIENCE = 'complaint-cases-api';
const ALGORITHM = 'ES256';

export interface DevTokenRequest {
  role: Role;
  /** Required for the unit role, ignored for the others. */
  unitId?: string | null;
  /** The actor id recorded in event metadata; default `dev-<role>` (`dev-<unit>` for a unit user). */
  subject?: string;
  ttlSeconds?: number;
}

export const DEFAULT_DEV_TOKEN_TTL_SECONDS = 8 * 3600;

/**
 * The development issuer (README "Signing in"): with no OIDC provider configured, the API trusts
 * tokens signed by one ES256 key kept in DEV_TOKEN_KEY_FILE (`.data/dev-token-key.json`, created on
 * first use, readable by its owner only, never committed), and `npm run token` and `npm start` sign
 * with it. Tokens carry the same claims an OIDC provider's would (`sub`, `roles`, `unit_id`, `iss`,
 * `aud`, `exp`), so they take the same verification path.
 */
export class DevTokenIssuer {
  readonly keyId: string;
  private readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    const spki = this.publicKey.export({ format: 'der', type: 'spki' });
    this.keyId = createHash('sha256').update(spki).digest('base64url').slice(0, 16);
  }

  /** A fresh key held in memory only (the demo's private API, tests). */
  static generate(): DevTokenIssuer {
    return new DevTokenIssuer(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  }

  /**
   * The key in `file`, created there if absent. Two processes starting at once (the server and
   * `npm run token`) end up with the same key: the file appears whole, by a hard link, or not at all.
   */
  static loadOrCreate(file: string): DevTokenIssuer {
    if (!fs.existsSync(file)) writeFileOnce(file, JSON.stringify(DevTokenIssuer.generate().privateJwk(), null, 2) + '\n');
    // Said as the start's own check says it (a folder named, a damaged file): the start checks first,
    // so this is met only by a file changed since.
    const problem = devTokenKeyFileProblem(file);
    if (problem) throw new Error(problem);
    return DevTokenIssuer.fromJwk(JSON.parse(fs.readFileSync(file, 'utf8')) as JsonWebKey);
  }

  /** The issuer of a private P-256 key given as a JWK (the key file's content). */
  static fromJwk(jwk: JsonWebKey): DevTokenIssuer {
    return new DevTokenIssuer(createPrivateKey({ key: jwk, format: 'jwk' }));
  }

  /**
   * Signs a token for `request`; the unit role needs a unit, and the subject may not be one of the
   * system's own actor ids (the API would refuse the token: token-claims.ts).
   */
  async issue(request: DevTokenRequest, now = new Date()): Promise<string> {
    const unitId = request.role === 'unit' ? request.unitId : null;
    if (request.role === 'unit' && !unitId) throw new Error('A unit user needs a unit (--unit <id>)');
    const subject = request.subject ?? defaultDevSubject(request.role, unitId);
    if (isSystemActorId(subject)) throw new Error(`${subject} is reserved for the system's own acts (${SYSTEM_ACTOR_ID_DESCRIPTION})`);
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({ [DEFAULT_TOKEN_CLAIMS.roles]: [request.role], ...(unitId ? { [DEFAULT_TOKEN_CLAIMS.unit]: unitId } : {}) })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.keyId, typ: 'JWT' })
      .setIssuer(DEV_TOKEN_ISSUER)
      .setAudience(DEV_TOKEN_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(iat)
      .setExpirationTime(iat + (request.ttlSeconds ?? DEFAULT_DEV_TOKEN_TTL_SECONDS))
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /** A verifier that trusts this issuer's tokens, and only them; `unitRegistered`: as TokenExpectations'. */
  verifier(clockSkewSeconds: number, unitRegistered?: TokenExpectations['unitRegistered']): TokenVerifier {
    return new TokenVerifier(this.publicKey, {
      issuer: DEV_TOKEN_ISSUER,
      audience: DEV_TOKEN_AUDIENCE,
      algorithms: [ALGORITHM],
      clockSkewSeconds,
      claims: DEFAULT_TOKEN_CLAIMS,
      unitRegistered,
    });
  }

  /** The private key as a JWK, as kept in the key file. */
  privateJwk(): JWK {
    return { ...(this.privateKey.export({ format: 'jwk' }) as JWK), kid: this.keyId, alg: ALGORITHM, use: 'sig' };
  }
}

export function defaultDevSubject(role: Role, unitId: string | null | undefined): string {
  return role === 'unit' && unitId ? `dev-${unitId}` : `dev-${role}`;
}

/** `8h`, `30m`, `2d`, `90s` or a number of seconds, from 1 s to 30 days. */
export function parseTokenTtl(text: string): number {
  const match = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'] : NaN;
  if (!(seconds >= 1 && seconds <= 30 * 86400)) throw new Error(`--ttl must be like 8h, 30m, 2d or 90s, at most 30d; got "${text}"`);
  return seconds;
}
