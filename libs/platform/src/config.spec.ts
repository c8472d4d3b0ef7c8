import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';
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
      hardening: { rateLimit: { windowSeconds: 60, perCaller: 12_000, perIp: 1_200 }, corsOrigins: [], trustProxyHops: 0 },
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
