import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type RuntimeConfig } from '@app/platform';
import { UnitDirectory } from '../units/unit-directory';
import { DevTokenIssuer } from './dev-token-issuer';
import { providerKeys, TokenVerifier } from './token-verifier';

/** Algorithms accepted from an OIDC provider (RFC 7518): RSA and P-256 signatures, nothing symmetric, never `none`. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'];

/**
 * The development issuer the API trusts, null with an OIDC provider: `trusted` when given (the demo's
 * private API trusts a key that lives only in the demo's memory), else the key in DEV_TOKEN_KEY_FILE
 * (created on first start). The console's development sign-in signs with it (sign-in/dev-sign-in.ts).
 */
export function devTokenIssuerProvider(trusted?: DevTokenIssuer): Provider {
  return {
    provide: DevTokenIssuer,
    inject: [APP_CONFIG],
    useFactory: ({ auth }: RuntimeConfig): DevTokenIssuer | null =>
      trusted ?? (auth.oidc ? null : DevTokenIssuer.loadOrCreate(auth.devKeyFile)),
  };
}

/**
 * The TokenVerifier the API trusts: the OIDC provider's keys when OIDC_ISSUER is set, else the
 * development issuer's (devTokenIssuerProvider), which replaces the provider's when given. Either way
 * a unit user's unit must be registered (the registry held in memory: UnitDirectory).
 */
export function tokenVerifierProvider(): Provider {
  return {
    provide: TokenVerifier,
    inject: [APP_CONFIG, DevTokenIssuer, UnitDirectory],
    useFactory: ({ auth }: RuntimeConfig, devIssuer: DevTokenIssuer | null, units?: UnitDirectory): TokenVerifier => {
      const unitRegistered = units && ((unitId: string) => units.isRegisteredForSignIn(unitId));
      if (devIssuer || !auth.oidc)
        return (devIssuer ?? DevTokenIssuer.loadOrCreate(auth.devKeyFile)).verifier(auth.clockSkewSeconds, unitRegistered);
      const { issuer, audience, jwksUrl, claims, keysMaxAgeSeconds } = auth.oidc;
      return new TokenVerifier(providerKeys(issuer, jwksUrl, keysMaxAgeSeconds), {
        issuer,
        audience,
        algorithms: OIDC_ALGORITHMS,
        clockSkewSeconds: auth.clockSkewSeconds,
        claims,
        unitRegistered,
      });
    },
  };
}
