import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type KeyLike, type RemoteJWKSetOptions } from 'jose';
import type { TokenClaimNames } from '@app/platform';
import type { AuthenticatedCaller } from '../common/request-context';
import { AuthenticationFailed, IdentityProviderUnavailable } from './authentication-failure';
import { callerFromClaims } from './token-claims';
import { VerifiedTokenCache } from './verified-token-cache';

/** What a token must be to be accepted, besides being signed by a trusted key. */
export interface TokenExpectations {
  issuer: string;
  audience: string;
  /** Signature algorithms accepted; anything else (HS256, none, …) is refused before any key is looked at. */
  algorithms: string[];
  clockSkewSeconds: number;
  claims: TokenClaimNames;
  /**
   * Whether a unit user's unit is registered (retired too: its staff may still read its history);
   * absent: not checked (a verifier without the registry, e.g. a spec's). Held in memory
   * (UnitDirectory.isRegisteredForSignIn): no round trip per request.
   */
  unitRegistered?: (unitId: string) => Promise<boolean>;
}

/** The keys a token may be signed with: one public key (the development issuer) or a provider's JWKS. */
export type TrustedKeys = KeyLike | JWTVerifyGetKey;

/**
 * Verifies a bearer token with `jose` and reads its caller: signature by a trusted key with an
 * accepted algorithm, `iss` and `aud` as expected, `exp` present and not passed (give or take the
 * clock skew), `nbf` reached, then the caller's claims (token-claims.ts). Every refusal is an
 * AuthenticationFailed with a stable code; a provider that cannot be reached is
 * IdentityProviderUnavailable. A token that passed is remembered (verified-token-cache.ts) and
 * accepted again without its signature being checked while it is within `exp`.
 */
export class TokenVerifier {
  private readonly verified: VerifiedTokenCache;

  constructor(
    private readonly keys: TrustedKeys,
    private readonly expected: TokenExpectations,
    /** The time tokens are judged at: the real one (tokens are issued on it), a fixed one in specs. */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.verified = new VerifiedTokenCache(expected.clockSkewSeconds);
  }

  /**
   * Whether `token` passed verification here before and is still within its `exp`: verifying it
   * again costs no signature check, or one for a token known to be good (verified-token-cache.ts).
   */
  accepted(token: string): boolean {
    return this.verified.accepted(token, Math.floor(this.now().getTime() / 1000));
  }

  async verify(token: string): Promise<AuthenticatedCaller> {
    const now = this.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const known = this.verified.get(token, nowSeconds);
    if (known) return known;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys as JWTVerifyGetKey, {
        issuer: this.expected.issuer,
        audience: this.expected.audience,
        algorithms: this.expected.algorithms,
        clockTolerance: this.expected.clockSkewSeconds,
        requiredClaims: ['exp'],
        currentDate: now,
      }));
    } catch (error) {
      throw refusal(error);
    }
    const caller = callerFromClaims(payload, this.expected.claims);
    // A unit no one registered: its token would read the campaigns and rankings every unit may read.
    if (caller.unitId !== null && this.expected.unitRegistered && !(await this.expected.unitRegistered(caller.unitId))) {
      throw new AuthenticationFailed(
        'TOKEN_CLAIMS_INVALID',
        `the token's ${this.expected.claims.unit} claim names ${caller.unitId}, which is not a registered unit`,
      );
    }
    this.verified.remember(token, caller, payload, nowSeconds);
    return caller;
  }
}

/** The errors that say the token itself is wrong; any other failure is the provider's. */
const TOKEN_FAULTS: Array<new (...args: never[]) => Error> = [
  errors.JWSInvalid,
  errors.JWTInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWTClaimValidationFailed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JWKInvalid,
];

function refusal(error: unknown): Error {
  if (error instanceof IdentityProviderUnavailable) return error;
  if (error instanceof errors.JWTExpired) return new AuthenticationFailed('TOKEN_EXPIRED', 'The token has expired; sign in again');
  if (TOKEN_FAULTS.some((fault) => error instanceof fault)) {
    return new AuthenticationFailed('TOKEN_INVALID', `The token was refused: ${describe(error as Error)}`);
  }
  return new IdentityProviderUnavailable(
    `The identity provider's keys could not be fetched: ${(error as Error)?.message ?? String(error)}`,
  );
}

/** jose's messages, kept short and free of anything from the token beyond the claim that failed. */
function describe(error: Error): string {
  if (error instanceof errors.JWTClaimValidationFailed)
    return `${error.claim} ${error.reason === 'missing' ? 'missing' : 'not as expected'}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signed by a key the API does not trust';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signature algorithm not accepted';
  return 'malformed';
}

/** How long an identity provider may take to answer for its discovery document or keys. */
const PROVIDER_TIMEOUT_MS = 5_000;

/**
 * A provider's JWKS, from an explicit URL or from the `jwks_uri` of its discovery document
 * (`<issuer>/.well-known/openid-configuration`, fetched on the first token, retried after a failure).
 * jose caches the keys, reads them again once they are `maxAgeSeconds` old (OIDC_KEYS_MAX_AGE_SECONDS:
 * so a key the provider withdraws stops verifying), and fetches them at once when a token names a key
 * id it has not seen (rotation), at most every 30 s.
 */
export function providerKeys(issuer: string, jwksUrl: string | null, maxAgeSeconds = 600): JWTVerifyGetKey {
  const options = { timeoutDuration: PROVIDER_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: maxAgeSeconds * 1000 };
  let keys: Promise<JWTVerifyGetKey> | null = jwksUrl ? Promise.resolve(createRemoteJWKSet(new URL(jwksUrl), options)) : null;
  return async (header, token) => {
    keys ??= discoverKeys(issuer, options).catch((error: unknown) => {
      keys = null;
      throw error;
    });
    return (await keys)(header, token);
  };
}

async function discoverKeys(issuer: string, options: RemoteJWKSetOptions): Promise<JWTVerifyGetKey> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw new IdentityProviderUnavailable(`The identity provider's discovery document could not be read: ${(error as Error).message}`);
  }
  // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for.
  if (document.issuer !== issuer) {
    throw new IdentityProviderUnavailable(`${url} names the issuer ${String(document.issuer)}, not ${issuer} (OIDC_ISSUER)`);
  }
  if (typeof document.jwks_uri !== 'string') throw new IdentityProviderUnavailable(`${url} has no jwks_uri`);
  return createRemoteJWKSet(new URL(document.jwks_uri), options);
}
