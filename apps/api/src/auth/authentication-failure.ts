/**
 * Why a request could not be signed in, as the stable `code` of its 401 problem+json (README
 * "Signing in"): no bearer token at all, a token past its expiry, a token that fails verification
 * (signature, algorithm, issuer, audience, not yet valid, malformed), or a valid token that does not
 * name a caller this API knows (no role, an unknown or ambiguous role, a unit user without a unit or
 * with one not registered, an actor id reserved for the system: deadline-scheduler, cli:…).
 */
export const AUTHENTICATION_FAILURE_CODES = ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_INVALID', 'TOKEN_CLAIMS_INVALID'] as const;
export type AuthenticationFailureCode = (typeof AUTHENTICATION_FAILURE_CODES)[number];

export class AuthenticationFailed extends Error {
  constructor(
    readonly code: AuthenticationFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationFailed';
  }
}

/** The identity provider (its discovery document or JWKS) could not be reached: 503, not the caller's fault. */
export class IdentityProviderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityProviderUnavailable';
  }
}
