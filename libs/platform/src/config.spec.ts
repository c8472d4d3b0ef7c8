import * as path from 'node:path';
import { ConfigError, loadConfig, requireSignInProvider } from './config';
import { projectRoot } from './project-root';

describe('loadConfig', () => {
  describe('UNITS_SEED_FILE', () => {
    it('is the shipped registry by default', () => {
      expect(loadConfig({}).unitsSeedFile).toBe(path.join(projectRoot(), 'config/units.seed.json'));
    });

    it('is resolved against the working directory when set', () => {
      expect(loadConfig({ UNITS_SEED_FILE: 'local/units.json' }, '/srv/cases').unitsSeedFile).toBe('/srv/cases/local/units.json');
    });

    it('turns seeding off with none', () => {
      expect(loadConfig({ UNITS_SEED_FILE: 'none' }).unitsSeedFile).toBeNull();
    });
  });

  it('defaults: port 3000, embedded PostgreSQL under .data/pg, PostgreSQL event store, one process', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toEqual({
      port: 3000,
      databaseUrl: undefined,
      eventStore: 'postgres',
      kurrentDbUrl: undefined,
      appRole: 'all',
      logLevel: 'info',
      pgPoolMax: 10,
      embeddedPostgres: { dir: '/srv/app/.data/pg', port: 54329 },
      unitsSeedFile: path.join(projectRoot(), 'config/units.seed.json'),
      demoOnFirstStart: 120,
      host: null,
      management: { port: 3001, host: '127.0.0.1' },
      auth: { oidc: null, devKeyFile: '/srv/app/.data/dev-token-key.json', clockSkewSeconds: 30 },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/cases',
      EVENT_STORE: 'kurrentdb',
      KURRENTDB_URL: 'kurrentdb://kdb:2113?tls=false',
      APP_ROLE: 'projector',
      LOG_LEVEL: 'debug',
      PG_POOL_MAX: '25',
      EMBEDDED_PG_DIR: '/var/pg',
      EMBEDDED_PG_PORT: '6543',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/cases',
      eventStore: 'kurrentdb',
      kurrentDbUrl: 'kurrentdb://kdb:2113?tls=false',
      appRole: 'projector',
      logLevel: 'debug',
      pgPoolMax: 25,
      embeddedPostgres: { dir: '/var/pg', port: 6543 },
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).port).toBe(3000);
  });

  // Issue 9 part 1: where the API listens and whose tokens it accepts.
  describe('sign-in and listening addresses', () => {
    it('reads an OIDC provider, with the claims it names the caller by', () => {
      const config = loadConfig({
        OIDC_ISSUER: 'https://sso.example.gov/realms/cases',
        OIDC_AUDIENCE: 'complaint-cases',
        OIDC_JWKS_URL: 'http://keycloak:8080/realms/cases/protocol/openid-connect/certs',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_ACTOR_CLAIM: 'preferred_username',
        AUTH_CLOCK_SKEW_SECONDS: '10',
        HOST: '0.0.0.0',
        MANAGEMENT_PORT: '9464',
        MANAGEMENT_HOST: '::1',
      });
      expect(config).toMatchObject({
        host: '0.0.0.0',
        management: { port: 9464, host: '::1' },
        auth: {
          oidc: {
            issuer: 'https://sso.example.gov/realms/cases',
            audience: 'complaint-cases',
            jwksUrl: 'http://keycloak:8080/realms/cases/protocol/openid-connect/certs',
            claims: { roles: 'realm_access.roles', unit: 'unit_id', actor: 'preferred_username' },
          },
          clockSkewSeconds: 10,
        },
      });
    });

    it('turns the management listener off with none, and resolves the development key file against the working directory', () => {
      const config = loadConfig({ MANAGEMENT_PORT: 'none', DEV_TOKEN_KEY_FILE: 'keys/dev.json' }, '/srv/app');
      expect(config.management).toBeNull();
      expect(config.auth.devKeyFile).toBe('/srv/app/keys/dev.json');
    });

    it('with NODE_ENV=production, a process serving the API needs an OIDC provider; the projector does not', () => {
      const env = { NODE_ENV: 'production' };
      expect(() => requireSignInProvider(loadConfig(env), env)).toThrow(/^OIDC_ISSUER: is required when NODE_ENV=production/);
      expect(() => requireSignInProvider(loadConfig({ ...env, APP_ROLE: 'projector' }), env)).not.toThrow();
      const oidc = { ...env, OIDC_ISSUER: 'https://sso.example.gov/realms/cases', OIDC_AUDIENCE: 'cases' };
      expect(() => requireSignInProvider(loadConfig(oidc), oidc)).not.toThrow();
      expect(() => requireSignInProvider(loadConfig({}), {})).not.toThrow();
    });
  });

  it.each([
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '3000abc' }],
    ['PG_POOL_MAX', { PG_POOL_MAX: '0' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x/y' }],
    ['EVENT_STORE', { EVENT_STORE: 'redis' }],
    ['KURRENTDB_URL', { EVENT_STORE: 'kurrentdb' }],
    ['KURRENTDB_URL', { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'http://x:2113' }],
    ['APP_ROLE', { APP_ROLE: 'both' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['EMBEDDED_PG_PORT', { EMBEDDED_PG_PORT: '-1' }],
    ['OIDC_ISSUER', { OIDC_ISSUER: 'sso.example.gov' }],
    ['OIDC_AUDIENCE', { OIDC_ISSUER: 'https://sso.example.gov/realms/cases' }],
    ['OIDC_AUDIENCE', { OIDC_AUDIENCE: 'cases' }],
    ['OIDC_JWKS_URL', { OIDC_ISSUER: 'https://sso.example.gov', OIDC_AUDIENCE: 'cases', OIDC_JWKS_URL: 'ftp://x/keys' }],
    ['OIDC_ROLES_CLAIM', { OIDC_ISSUER: 'https://sso.example.gov', OIDC_AUDIENCE: 'cases', OIDC_ROLES_CLAIM: 'my roles' }],
    ['AUTH_CLOCK_SKEW_SECONDS', { AUTH_CLOCK_SKEW_SECONDS: '3600' }],
    ['HOST', { HOST: 'all of them' }],
    ['MANAGEMENT_PORT', { MANAGEMENT_PORT: 'off' }],
  ])('rejects a bad %s, naming it', (variable, env) => {
    const attempt = () => loadConfig(env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });
});
