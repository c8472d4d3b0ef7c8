import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig, requireComplainantKeys, requireSignInProvider } from './config';
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
      pgPoolWaitMs: 10_000,
      idempotencyRetentionHours: 168,
      embeddedPostgres: { dir: '/srv/app/.data/pg', port: 54329 },
      unitsSeedFile: path.join(projectRoot(), 'config/units.seed.json'),
      demoOnFirstStart: 120,
      rebuildSpillDir: null,
      tamperEvidence: {
        signingKeyFile: '/srv/app/.data/audit-signing-key.pem',
        generateIfMissing: true,
        checkpointIntervalSeconds: 60,
        checkpointStaleSeconds: 300,
      },
      complainantKeys: { masterKeys: null, keyFile: '/srv/app/.data/complainant-master-keys.json' },
      hardening: { rateLimit: { windowSeconds: 60, perCaller: 12_000, perIp: 1_200 }, corsOrigins: [], trustProxyHops: 0 },
      host: '127.0.0.1',
      management: { port: 3001, host: '127.0.0.1' },
      auth: { oidc: null, devKeyFile: '/srv/app/.data/dev-token-key.json', clockSkewSeconds: 30 },
    });
  });

  it('IDEMPOTENCY_RETENTION_HOURS: read, and refused outside 1 to 87600 hours', () => {
    expect(loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '24' }).idempotencyRetentionHours).toBe(24);
    for (const given of ['0', '87601', '1.5', 'week']) {
      expect(() => loadConfig({ IDEMPOTENCY_RETENTION_HOURS: given })).toThrow(
        `IDEMPOTENCY_RETENTION_HOURS: must be an integer from 1 to 87600, got "${given}"`,
      );
    }
  });

  describe('REBUILD_SPILL_DIR', () => {
    it('is a folder that exists, resolved against the working directory', () => {
      expect(loadConfig({ REBUILD_SPILL_DIR: path.basename(__dirname) }, path.dirname(__dirname)).rebuildSpillDir).toBe(__dirname);
    });

    it.each([
      ['a folder that does not exist', 'no-such-folder'],
      ['a file', path.basename(__filename)],
    ])('refuses %s, naming the variable and the path', (_what, given) => {
      const load = () => loadConfig({ REBUILD_SPILL_DIR: given }, __dirname);
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`REBUILD_SPILL_DIR: no such folder: ${path.join(__dirname, given)}`);
    });
  });

  describe('tamper evidence (issue 9 part 4)', () => {
    const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-config-keys-'));
    const keyFile = (name: string, content: string | Buffer) => {
      fs.writeFileSync(path.join(keys, name), content, { mode: 0o600 });
      return path.join(keys, name);
    };
    const pair = generateKeyPairSync('ed25519');
    const signingKey = keyFile('signing.pem', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const verifyKey = keyFile('verify.pem', pair.publicKey.export({ type: 'spki', format: 'pem' }));
    afterAll(() => fs.rmSync(keys, { recursive: true, force: true }));

    it('reads the migration URL, the checkpoint key files and the interval', () => {
      const config = loadConfig({
        DATABASE_URL: 'postgres://cases_app:p@db/cases',
        DATABASE_MIGRATION_URL: 'postgres://owner:p@db/cases',
        AUDIT_SIGNING_KEY_FILE: signingKey,
        AUDIT_VERIFY_KEY_FILE: verifyKey,
        AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
      });
      expect(config.databaseMigrationUrl).toBe('postgres://owner:p@db/cases');
      expect(config.tamperEvidence).toEqual({
        signingKeyFile: signingKey,
        generateIfMissing: false,
        verifyKeyFile: verifyKey,
        checkpointIntervalSeconds: 0,
        checkpointStaleSeconds: 300,
      });
    });

    it.each([
      ['AUDIT_SIGNING_KEY_FILE', { AUDIT_SIGNING_KEY_FILE: '/nowhere/key.pem' }],
      ['AUDIT_VERIFY_KEY_FILE', { AUDIT_VERIFY_KEY_FILE: '/nowhere/key.pub.pem' }],
      ['AUDIT_CHECKPOINT_INTERVAL_SECONDS', { AUDIT_CHECKPOINT_INTERVAL_SECONDS: 'hourly' }],
      ['DATABASE_MIGRATION_URL', { DATABASE_MIGRATION_URL: 'postgres://owner:p@db/cases' }],
      ['DATABASE_MIGRATION_URL', { DATABASE_URL: 'postgres://a@db/c', DATABASE_MIGRATION_URL: 'mysql://x/y' }],
    ])('rejects a bad %s, naming it', (variable, env) => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `));
    });

    // Before, a damaged key was found only where it was used: every interval in the projector's log, a 500 from the audit routes.
    it.each([
      [
        'AUDIT_SIGNING_KEY_FILE',
        'not a key (package.json)',
        () => path.join(projectRoot(), 'package.json'),
        'an Ed25519 private key (PEM, PKCS #8)',
      ],
      ['AUDIT_SIGNING_KEY_FILE', 'the public key', () => verifyKey, 'an Ed25519 private key (PEM, PKCS #8)'],
      [
        'AUDIT_SIGNING_KEY_FILE',
        'a key of another kind',
        () => keyFile('rsa.pem', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' })),
        'an Ed25519 private key (PEM, PKCS #8)',
      ],
      ['AUDIT_VERIFY_KEY_FILE', 'not a key (package.json)', () => path.join(projectRoot(), 'package.json'), 'an Ed25519 public key (PEM)'],
    ])('%s naming a file that is %s: refused, naming the variable and the file', (variable, _what, file, expected) => {
      const load = () => loadConfig({ [variable]: file() });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`${variable}: ${file()} is not ${expected}: restore it from your copy, or name the right file`);
    });

    it('refuses a folder named as a key file', () => {
      expect(() => loadConfig({ AUDIT_VERIFY_KEY_FILE: keys })).toThrow(
        `AUDIT_VERIFY_KEY_FILE: ${keys} is a folder: name the key file itself, e.g. ${path.join(keys, 'audit-signing-key.pem')}`,
      );
    });

    it('checks the development default once it is there, and takes the verify key from the signing key by default', () => {
      const cwd = fs.mkdtempSync(path.join(keys, 'cwd-'));
      expect(loadConfig({}, cwd).tamperEvidence).toMatchObject({ generateIfMissing: true, verifyKeyFile: undefined });
      fs.mkdirSync(path.join(cwd, '.data'));
      fs.writeFileSync(path.join(cwd, '.data/audit-signing-key.pem'), '{"not": "a key"}');
      expect(() => loadConfig({}, cwd)).toThrow(`AUDIT_SIGNING_KEY_FILE: ${cwd}/.data/audit-signing-key.pem is not an Ed25519 private key`);
      fs.copyFileSync(signingKey, path.join(cwd, '.data/audit-signing-key.pem'));
      expect(loadConfig({}, cwd).tamperEvidence.signingKeyFile).toBe(path.join(cwd, '.data/audit-signing-key.pem'));
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
      PG_POOL_WAIT_MS: '2500',
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
      pgPoolWaitMs: 2500,
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
        OIDC_CONSOLE_CLIENT_ID: 'complaint-cases-console',
        OIDC_KEYS_MAX_AGE_SECONDS: '120',
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
            consoleClientId: 'complaint-cases-console',
            keysMaxAgeSeconds: 120,
          },
          clockSkewSeconds: 10,
        },
      });
      const byDefault = loadConfig({ OIDC_ISSUER: 'https://sso.example.gov/realms/cases', OIDC_AUDIENCE: 'complaint-cases' });
      expect(byDefault.auth.oidc?.keysMaxAgeSeconds).toBe(600);
    });

    // The development issuer's POST /sign-in/dev-token hands a token of any role to whoever reaches the port.
    it('HOST unset: loopback with the development issuer (no OIDC_ISSUER), every interface with a provider; HOST given: as given', () => {
      const oidc = { OIDC_ISSUER: 'https://sso.example.gov/realms/cases', OIDC_AUDIENCE: 'cases' };
      expect(loadConfig({}).host).toBe('127.0.0.1');
      expect(loadConfig(oidc).host).toBeNull();
      expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
      expect(loadConfig({ ...oidc, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
    });

    it('turns the management listener off with none, and resolves the development key file against the working directory', () => {
      const config = loadConfig({ MANAGEMENT_PORT: 'none', DEV_TOKEN_KEY_FILE: 'keys/dev.json' }, '/srv/app');
      expect(config.management).toBeNull();
      expect(config.auth.devKeyFile).toBe('/srv/app/keys/dev.json');
    });

    // Before, the start got as far as listening and blamed "another server (a second npm start?)" for its own API.
    it.each([
      [
        'HOST unset (with OIDC_ISSUER: every interface)',
        { PORT: '3927', MANAGEMENT_PORT: '3927', OIDC_ISSUER: 'https://sso.example.gov/realms/cases', OIDC_AUDIENCE: 'cases' },
        'every interface',
        '127.0.0.1',
      ],
      ['HOST unset (without OIDC_ISSUER: loopback)', { PORT: '3927', MANAGEMENT_PORT: '3927' }, '127.0.0.1', '127.0.0.1'],
      ['the same host', { PORT: '3927', HOST: '127.0.0.1', MANAGEMENT_PORT: '3927' }, '127.0.0.1', '127.0.0.1'],
      ['every interface', { PORT: '3927', HOST: '10.1.2.3', MANAGEMENT_PORT: '3927', MANAGEMENT_HOST: '::' }, '10.1.2.3', '::'],
      [
        'localhost and a loopback address',
        { PORT: '3927', HOST: 'LOCALHOST', MANAGEMENT_PORT: '3927', MANAGEMENT_HOST: '::1' },
        'LOCALHOST',
        '::1',
      ],
    ])('refuses MANAGEMENT_PORT equal to PORT on %s', (_, env, api, management) => {
      const load = () => loadConfig(env);
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(
        `MANAGEMENT_PORT: 3927 is the API's port (PORT) too, on the same interface (API: ${api}, management: ${management}): ` +
          'give the management listener a port of its own, or turn it off with none',
      );
    });

    it.each([
      ['on two different interfaces', { PORT: '3927', HOST: '10.1.2.3', MANAGEMENT_PORT: '3927' }],
      ['both 0 (a free port each)', { PORT: '0', MANAGEMENT_PORT: '0' }],
      ['for a projector, which listens on neither', { PORT: '3927', MANAGEMENT_PORT: '3927', APP_ROLE: 'projector' }],
      ['with the management listener off', { PORT: '3927', MANAGEMENT_PORT: 'none' }],
    ])('takes MANAGEMENT_PORT equal to PORT %s', (_, env) => {
      expect(() => loadConfig(env)).not.toThrow();
    });

    it('with NODE_ENV=production, a process serving the API needs an OIDC provider; the projector does not', () => {
      const env = { NODE_ENV: 'production' };
      expect(() => requireSignInProvider(loadConfig(env), env)).toThrow(/^OIDC_ISSUER: is required when NODE_ENV=production/);
      expect(() => requireSignInProvider(loadConfig({ ...env, APP_ROLE: 'projector' }), env)).not.toThrow();
      const oidc = { ...env, OIDC_ISSUER: 'https://sso.example.gov/realms/cases', OIDC_AUDIENCE: 'cases' };
      expect(() => requireSignInProvider(loadConfig(oidc), oidc)).not.toThrow();
      expect(() => requireSignInProvider(loadConfig({}), {})).not.toThrow();
    });

    it('with NODE_ENV=production, a process serving the API is told where the complainant master keys are', () => {
      const env = { NODE_ENV: 'production' };
      expect(() => requireComplainantKeys(loadConfig(env), env)).toThrow(/^COMPLAINANT_MASTER_KEYS: is required when NODE_ENV=production/);
      expect(() => requireComplainantKeys(loadConfig({ ...env, APP_ROLE: 'projector' }), env)).not.toThrow();
      const keys = { ...env, COMPLAINANT_MASTER_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` };
      expect(() => requireComplainantKeys(loadConfig(keys), keys)).not.toThrow();
      const file = { ...env, COMPLAINANT_MASTER_KEY_FILE: '/run/secrets/complainant-master-keys.json' };
      expect(() => requireComplainantKeys(loadConfig(file), file)).not.toThrow();
      expect(() => requireComplainantKeys(loadConfig({}), {})).not.toThrow();
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
    ['OIDC_KEYS_MAX_AGE_SECONDS', { OIDC_ISSUER: 'https://sso.example.gov', OIDC_AUDIENCE: 'cases', OIDC_KEYS_MAX_AGE_SECONDS: '0' }],
    ['OIDC_KEYS_MAX_AGE_SECONDS', { OIDC_KEYS_MAX_AGE_SECONDS: '60' }],
    ['AUTH_CLOCK_SKEW_SECONDS', { AUTH_CLOCK_SKEW_SECONDS: '3600' }],
    ['HOST', { HOST: 'all of them' }],
    ['MANAGEMENT_PORT', { MANAGEMENT_PORT: 'off' }],
  ])('rejects a bad %s, naming it', (variable, env) => {
    const attempt = () => loadConfig(env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });

  // Issue 9 part 5 (hardening)
  describe('rate limits, CORS and trusted proxies', () => {
    it('reads them', () => {
      const config = loadConfig({
        RATE_LIMIT_WINDOW_SECONDS: '10',
        RATE_LIMIT_PER_CALLER: '500',
        RATE_LIMIT_PER_IP: '50',
        CORS_ORIGINS: 'https://console.example.gov.cn, http://localhost:5173/',
        TRUST_PROXY_HOPS: '1',
      });
      expect(config.hardening).toEqual({
        rateLimit: { windowSeconds: 10, perCaller: 500, perIp: 50 },
        corsOrigins: ['https://console.example.gov.cn', 'http://localhost:5173'],
        trustProxyHops: 1,
      });
    });

    it('turns rate limiting off', () => {
      expect(loadConfig({ RATE_LIMIT: 'off' }).hardening.rateLimit).toBeNull();
    });

    it.each([
      ['RATE_LIMIT', { RATE_LIMIT: 'no' }],
      ['RATE_LIMIT_PER_CALLER', { RATE_LIMIT_PER_CALLER: '0' }],
      ['RATE_LIMIT_WINDOW_SECONDS', { RATE_LIMIT_WINDOW_SECONDS: '1h' }],
      ['CORS_ORIGINS', { CORS_ORIGINS: '*' }],
      ['CORS_ORIGINS', { CORS_ORIGINS: 'https://console.example.gov.cn/app' }],
      ['CORS_ORIGINS', { CORS_ORIGINS: 'ftp://files.example.gov.cn' }],
      ['TRUST_PROXY_HOPS', { TRUST_PROXY_HOPS: 'true' }],
    ])('rejects a bad %s, naming it', (variable, env) => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `));
    });
  });
});

// Issue 9 part 3, complainant confidentiality.
describe('COMPLAINANT_MASTER_KEYS', () => {
  const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

  it('reads id:key pairs, the first being the one that wraps new data keys, without showing the bytes', () => {
    const { masterKeys } = loadConfig({ COMPLAINANT_MASTER_KEYS: `k2027:${key(2)}, k2026:${key(1)}` }).complainantKeys;
    expect(masterKeys!.map((k) => k.id)).toEqual(['k2027', 'k2026']);
    expect(masterKeys![0].key).toEqual(Buffer.alloc(32, 2));
    expect(JSON.stringify(masterKeys)).toBe('[{"id":"k2027"},{"id":"k2026"}]');
  });

  it('without it, the development key file under .data (or COMPLAINANT_MASTER_KEY_FILE)', () => {
    expect(loadConfig({ COMPLAINANT_MASTER_KEY_FILE: 'secrets/keys.json' }, '/srv/app').complainantKeys).toEqual({
      masterKeys: null,
      keyFile: '/srv/app/secrets/keys.json',
    });
  });

  it.each([
    ['no id', `${key(1)}`],
    ['a short key', `k1:${Buffer.alloc(16).toString('base64')}`],
    ['not base64', 'k1:!!!!'],
    ['a bad id', `k 1:${key(1)}`],
    ['an id twice', `k1:${key(1)},k1:${key(2)}`],
  ])('refuses %s, without repeating the value', (_case, value) => {
    const attempt = () => loadConfig({ COMPLAINANT_MASTER_KEYS: value });
    expect(attempt).toThrow(/^COMPLAINANT_MASTER_KEYS: /);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain(key(1));
    }
  });
});
