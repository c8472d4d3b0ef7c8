import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type RuntimeConfig } from '@app/platform';
import { DevTokenIssuer } from './dev-token-issuer';
import { providerKeys, TokenVerifier } from './token-verifier';

/** Algorithms accepted from an OIDC provider (RFC 7518): RSA and P-256 signatures, nothing symmetric, never `none`. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'];

/**
 * The TokenVerifier the API trusts: the OIDC provider's keys when OIDC_ISSUER is set, else the
 * development issuer's key in DEV_TOKEN_KEY_FILE (created on first start). `trusted`, when given,
 * replaces both: the demo's private API trusts a key that lives only in the demo's memory.
 */
export function tokenVerifierProvider(trusted?: DevTokenIssuer): Provider {
  return {
    provide: TokenVerifier,
    inject: [APP_CONFIG],
    useFactory: ({ auth }: RuntimeConfig): TokenVerifier => {
      if (trusted) return trusted.verifier(auth.clockSkewSeconds);
      if (!auth.oidc) return DevTokenIssuer.loadOrCreate(auth.devKeyFile).verifier(auth.clockSkewSeconds);
      const { issuer, audience, jwksUrl, claims } = auth.oidc;
      return new TokenVerifier(providerKeys(issuer, jwksUrl), {
        issuer,
        audience,
        algorithms: OIDC_ALGORITHMS,
        clockSkewSeconds: auth.clockSkewSeconds,
        claims,
      });
    },
  };
}
