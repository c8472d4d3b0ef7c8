import { defineSchema, S } from '../common/api-contract';
import { ROLES } from '../common/request-context';

const DEMO_USER = S.object({
  role: S.enum(ROLES),
  unitId: S.nullable(S.string()),
  unitName: S.nullable(S.string()),
});

export const SIGN_IN_METHOD = defineSchema(
  'SignInMethod',
  S.object({
    method: S.enum(['development', 'oidc']),
    oidc: S.nullable(
      S.object({
        issuer: S.string({ description: 'The provider: authorization code + PKCE, endpoints from its discovery document' }),
        clientId: S.nullable(
          S.string({ description: 'The console’s public client at the provider (OIDC_CONSOLE_CLIENT_ID); null: not set' }),
        ),
        scope: S.string(),
        claims: S.object({ roles: S.string(), unit: S.string() }, []),
      }),
    ),
    demoUsers: S.array({
      ...DEMO_USER,
      description: 'Development only (empty with a provider): one user per role, and a unit user per seeded unit',
    }),
  }),
);

export const DEV_TOKEN = defineSchema(
  'DevToken',
  S.object({
    token: S.string({ description: 'A bearer token of the development issuer, as `npm run token` prints' }),
    expiresAt: S.instant(),
    role: S.enum(ROLES),
    unitId: S.nullable(S.string()),
  }),
);
