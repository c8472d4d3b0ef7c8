import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkpointKeyFileProblem, type CheckpointKeyKind } from './checkpoint-key-file';
import { projectRoot } from './project-root';

export type AppRole = 'all' | 'api' | 'projector';
export type EventStoreKind = 'postgres' | 'kurrentdb';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the processes read from the environment, validated once at start. */
export interface AppConfig {
  port: number;
  /** Absent: an embedded PostgreSQL is started under `embeddedPostgres.dir`. */
  databaseUrl?: string;
  eventStore: EventStoreKind;
  kurrentDbUrl?: string;
  appRole: AppRole;
  logLevel: LogLevel;
  pgPoolMax: number;
  /** How long a request waits for one of the pool's connections before it is answered 503 (ms). */
  pgPoolWaitMs: number;
  /**
   * IDEMPOTENCY_RETENTION_HOURS: how long a command's answer is kept for retries under its
   * Idempotency-Key; an older record counts as absent, and is deleted within the hour.
   */
  idempotencyRetentionHours: number;
  embeddedPostgres: { dir: string; port: number };
  /** Units registered on start if not yet registered; null: seeding off (`UNITS_SEED_FILE=none`). */
  unitsSeedFile: string | null;
  /** Complaints of a demo year loaded when `npm start` finds no case at all (0: none). */
  demoOnFirstStart: number;
  /**
   * REBUILD_SPILL_DIR: the folder in which a rebuild sets aside the rows of cases still open that
   * it cannot keep in memory (projections/runner/row-spill.ts; up to a couple of hundred MB a read
   * model on a 1M-event log), each read model's in a file removed from the folder as soon as it is
   * opened, so that nothing is left there whatever ends the rebuild, a crash too. Null: the system's
   * temporary folder.
   */
  rebuildSpillDir: string | null;

  // ── Tamper evidence (docs/rules.md#tamper-evidence) ──
  /**
   * The schema owner's URL: migrations run with it, and DATABASE_URL is the application's role
   * (cases_app), which cannot change events. Absent: DATABASE_URL migrates too. Embedded: both are
   * set up at start.
   */
  databaseMigrationUrl?: string;
  tamperEvidence: TamperEvidenceConfig;
  // Complainant confidentiality: the master keys that wrap each complainant's data key.
  complainantKeys: ComplainantKeysConfig;
  /** Rate limits, CORS and the proxies trusted for the client's address (below). */
  hardening: HardeningConfig;
  // Signing in: where the API listens, and whose tokens it accepts.
  /**
   * Interface the API binds to (HOST); null: every interface (Node's default). HOST unset without
   * OIDC_ISSUER: loopback (DEV_ISSUER_DEFAULT_HOST), as the development issuer's token route hands
   * anyone who reaches the port a token of any role.
   */
  host: string | null;
  /** Swagger UI, /docs-json and /metrics, on their own port (loopback by default); null: not served. */
  management: ManagementConfig | null;
  auth: AuthConfig;
}

/** Tamper evidence: the key that signs checkpoints of the log, and how often the projector signs. */
export interface TamperEvidenceConfig {
  /** PEM (PKCS #8) Ed25519 private key (AUDIT_SIGNING_KEY_FILE). */
  signingKeyFile: string;
  /** true for the development default, `.data/audit-signing-key.pem`, generated on first use. */
  generateIfMissing: boolean;
  /** PEM public key, for processes that verify but do not sign (AUDIT_VERIFY_KEY_FILE). */
  verifyKeyFile?: string;
  /** Seconds between checkpoints (AUDIT_CHECKPOINT_INTERVAL_SECONDS); 0: the projector signs none. */
  checkpointIntervalSeconds: number;
  /**
   * How old an event no valid checkpoint covers may get before health says `degraded`
   * (AUDIT_CHECKPOINT_STALE_SECONDS; default CHECKPOINT_STALE_INTERVALS intervals): signing is stuck.
   */
  checkpointStaleSeconds: number;
}

/**
 * An event waits up to one interval for the next round, which may fail now and then (the database
 * busy): five intervals without a checkpoint covering it is no longer a hiccup.
 */
export const CHECKPOINT_STALE_INTERVALS = 5;

// --- Complainant confidentiality (docs/rules.md#complainant-confidentiality) ---

/**
 * A master key (key-encryption key) for complainant data keys: 32 bytes for AES-256-GCM, and the id
 * stored beside every data key it wraps. The bytes are not enumerable, so the configuration can be
 * printed or logged whole without them.
 */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface ComplainantKeysConfig {
  /**
   * COMPLAINANT_MASTER_KEYS: the first wraps new data keys; the others only unwrap, until a
   * rotation (`npm run complainant-keys -- rotate`) has rewrapped everything under the first.
   * Null when unset: the key file below is used (development).
   */
  masterKeys: readonly MasterKey[] | null;
  /** COMPLAINANT_MASTER_KEY_FILE: the development keyring, generated on first use; never committed (.data/). */
  keyFile: string;
}

const MASTER_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** `id:base64,id:base64,…` (each key 32 bytes). The error never repeats the value: it is a secret. */
export function parseMasterKeys(raw: string, variable = 'COMPLAINANT_MASTER_KEYS'): MasterKey[] {
  const keys = raw.split(',').map((entry, i) => {
    const [id, material, ...rest] = entry.trim().split(':');
    const key = material === undefined ? Buffer.alloc(0) : Buffer.from(material, 'base64');
    if (rest.length > 0 || !MASTER_KEY_ID.test(id ?? '') || key.length !== 32 || key.toString('base64') !== material) {
      throw new ConfigError(variable, `entry ${i + 1} must be <id>:<32 bytes in base64> (id of letters, digits, . _ -)`);
    }
    return masterKey(id, key);
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new ConfigError(variable, `key id "${repeated}" appears twice`);
  return keys;
}

/** A MasterKey whose bytes do not show when it is printed. */
export function masterKey(id: string, key: Buffer): MasterKey {
  const value = { id } as MasterKey;
  Object.defineProperty(value, 'key', { value: key, enumerable: false });
  return value;
}

function complainantKeys(env: Env, cwd: string): ComplainantKeysConfig {
  const raw = text(env, 'COMPLAINANT_MASTER_KEYS');
  return {
    masterKeys: raw === undefined ? null : parseMasterKeys(raw),
    keyFile: path.resolve(cwd, text(env, 'COMPLAINANT_MASTER_KEY_FILE') ?? '.data/complainant-master-keys.json'),
  };
}

// -------------------------------------------------------------------------------------------------

/** The unit registry shipped with the application, used when UNITS_SEED_FILE is unset. */
export const DEFAULT_UNITS_SEED_FILE = 'config/units.seed.json';

/** A configuration value is missing or wrong; `variable` names the environment variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Where the embedded PostgreSQL keeps its data (from the project's folder) and listens when EMBEDDED_PG_DIR, EMBEDDED_PG_PORT are unset. */
export const EMBEDDED_PG_DEFAULTS = { dir: '.data/pg', port: 54329 } as const;

/**
 * Where the API listens with HOST unset and no OIDC_ISSUER: this machine only. The development
 * issuer's POST /api/v1/sign-in/dev-token hands a token of any role (discipline too, which reads
 * complainants' names and phones) to whoever reaches the port, so a development server is not
 * offered to the network unless HOST says so (HOST=0.0.0.0: every interface).
 */
export const DEV_ISSUER_DEFAULT_HOST = '127.0.0.1';

/** Reads and validates the configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env, cwd = process.cwd()): AppConfig {
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'kurrentdb'] as const, 'postgres');
  const auth = authConfig(env, cwd);
  const config: AppConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    eventStore,
    kurrentDbUrl: url(env, 'KURRENTDB_URL', ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:']),
    appRole: oneOf(env, 'APP_ROLE', ['all', 'api', 'projector'] as const, 'all'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    pgPoolMax: integer(env, 'PG_POOL_MAX', 10, 1, 1000),
    pgPoolWaitMs: integer(env, 'PG_POOL_WAIT_MS', 10_000, 100, 600_000),
    idempotencyRetentionHours: integer(env, 'IDEMPOTENCY_RETENTION_HOURS', 168, 1, 87_600),
    embeddedPostgres: {
      dir: path.resolve(cwd, text(env, 'EMBEDDED_PG_DIR') ?? EMBEDDED_PG_DEFAULTS.dir),
      port: integer(env, 'EMBEDDED_PG_PORT', EMBEDDED_PG_DEFAULTS.port, 1, 65535),
    },
    unitsSeedFile: unitsSeedFile(text(env, 'UNITS_SEED_FILE'), cwd),
    demoOnFirstStart: integer(env, 'DEMO_ON_FIRST_START', 120, 0, 5000),
    rebuildSpillDir: existingFolder(env, 'REBUILD_SPILL_DIR', cwd),
    ...tamperEvidence(env, cwd),
    complainantKeys: complainantKeys(env, cwd),
    hardening: hardeningConfig(env),
    host: hostName(env, 'HOST') ?? (auth.oidc ? null : DEV_ISSUER_DEFAULT_HOST),
    management: managementConfig(env),
    auth,
  };
  if (eventStore === 'kurrentdb' && !config.kurrentDbUrl) {
    throw new ConfigError('KURRENTDB_URL', 'is required when EVENT_STORE=kurrentdb (e.g. kurrentdb://localhost:2113?tls=false)');
  }
  if (config.databaseMigrationUrl && !config.databaseUrl) {
    throw new ConfigError('DATABASE_MIGRATION_URL', 'needs DATABASE_URL (the application role); the embedded database sets up both itself');
  }
  refuseSharedPort(config);
  return config;
}

/**
 * The API and the management listener on one port of one interface: the second to listen would find
 * the first there, and its start would blame another server (EADDRINUSE). Refused here, when the
 * settings are read. Port 0 (a free port each) and a projector (which listens on neither) are fine,
 * and so are two different interfaces, unless one of them is every interface (HOST unset, 0.0.0.0,
 * ::) or `localhost`, which is also the loopback addresses.
 */
function refuseSharedPort(config: AppConfig): void {
  const { management, port, host, appRole } = config;
  if (!management || management.port !== port || port === 0 || appRole === 'projector') return;
  if (!sameInterface(host, management.host)) return;
  throw new ConfigError(
    'MANAGEMENT_PORT',
    `${port} is the API's port (PORT) too, on the same interface (API: ${host ?? 'every interface'}, management: ${management.host}): ` +
      'give the management listener a port of its own, or turn it off with none',
  );
}

const EVERY_INTERFACE = ['0.0.0.0', '::'];
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/** Whether listening on `a` (null: every interface) and on `b` takes the same addresses, or some of them. */
function sameInterface(a: string | null, b: string): boolean {
  if (a === null || EVERY_INTERFACE.includes(a) || EVERY_INTERFACE.includes(b)) return true;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || ((x === 'localhost' || y === 'localhost') && LOOPBACK.includes(x) && LOOPBACK.includes(y));
}

/**
 * Tamper evidence: DATABASE_MIGRATION_URL and the checkpoint key. A key file named explicitly must
 * exist; it, and the development default once generated, must hold an Ed25519 key of its kind
 * (checkpoint-key-file.ts): a damaged one stops every process that reads the configuration.
 */
function tamperEvidence(env: Env, cwd: string): Pick<AppConfig, 'databaseMigrationUrl' | 'tamperEvidence'> {
  const named = (name: string) => {
    const given = text(env, name);
    return given === undefined ? undefined : path.resolve(cwd, given);
  };
  const check = (name: string, file: string, kind: CheckpointKeyKind) => {
    const problem = checkpointKeyFileProblem(file, kind);
    if (problem) throw new ConfigError(name, problem);
  };
  const namedSigningKeyFile = named('AUDIT_SIGNING_KEY_FILE');
  const signingKeyFile = namedSigningKeyFile ?? path.resolve(cwd, DEFAULT_AUDIT_SIGNING_KEY_FILE);
  // The development default is generated on first use: checked once it is there.
  if (namedSigningKeyFile !== undefined || fs.existsSync(signingKeyFile)) check('AUDIT_SIGNING_KEY_FILE', signingKeyFile, 'private');
  const verifyKeyFile = named('AUDIT_VERIFY_KEY_FILE');
  if (verifyKeyFile !== undefined) check('AUDIT_VERIFY_KEY_FILE', verifyKeyFile, 'public');
  const interval = integer(env, 'AUDIT_CHECKPOINT_INTERVAL_SECONDS', 60, 0, 86_400);
  return {
    databaseMigrationUrl: url(env, 'DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']),
    tamperEvidence: {
      signingKeyFile,
      generateIfMissing: namedSigningKeyFile === undefined,
      verifyKeyFile,
      checkpointIntervalSeconds: interval,
      checkpointStaleSeconds: integer(env, 'AUDIT_CHECKPOINT_STALE_SECONDS', CHECKPOINT_STALE_INTERVALS * (interval || 60), 1, 30 * 86_400),
    },
  };
}

/** Development's checkpoint key, generated on first use (never committed: .data/ is ignored). */
export const DEFAULT_AUDIT_SIGNING_KEY_FILE = '.data/audit-signing-key.pem';
// --- Hardening (README "Limits"): rate limits, CORS, trusted proxies ---------------------------------

/** Requests allowed in a sliding window, per signed-in caller (token subject) and per IP address without one. */
export interface RateLimitConfig {
  windowSeconds: number;
  perCaller: number;
  perIp: number;
}

export interface HardeningConfig {
  /** null: no rate limit (`RATE_LIMIT=off`). */
  rateLimit: RateLimitConfig | null;
  /** Origins a browser may call the API from (CORS); empty: none, same-origin only. */
  corsOrigins: string[];
  /** Reverse proxies in front of the API whose X-Forwarded-For gives the client's IP (0: none, the peer is the client). */
  trustProxyHops: number;
}

/**
 * Defaults that no person, console or the demo comes near (the demo's busiest caller sends about
 * 100 requests a second), yet stop a runaway script or a flood long before it starves the others.
 */
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { windowSeconds: 60, perCaller: 12_000, perIp: 1_200 };

function hardeningConfig(env: Env): HardeningConfig {
  const on = oneOf(env, 'RATE_LIMIT', ['on', 'off'] as const, 'on') === 'on';
  return {
    rateLimit: on
      ? {
          windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMIT.windowSeconds, 1, 3600),
          perCaller: integer(env, 'RATE_LIMIT_PER_CALLER', DEFAULT_RATE_LIMIT.perCaller, 1, 1_000_000),
          perIp: integer(env, 'RATE_LIMIT_PER_IP', DEFAULT_RATE_LIMIT.perIp, 1, 1_000_000),
        }
      : null,
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
  };
}

/** A comma-separated list of origins (`https://console.example.gov.cn`): scheme, host and port, nothing else. */
function origins(env: Env, name: string): string[] {
  const raw = text(env, name);
  if (raw === undefined) return [];
  return raw.split(',').map((given) => {
    const value = given.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== value.replace(/\/$/, '')) {
      throw new ConfigError(name, `must be origins such as https://console.example.gov.cn, separated by commas; got "${value}"`);
    }
    return parsed.origin;
  });
}

// -----------------------------------------------------------------------------------------------------

function unitsSeedFile(given: string | undefined, cwd: string): string | null {
  if (given === 'none') return null;
  return given ? path.resolve(cwd, given) : path.join(projectRoot(), DEFAULT_UNITS_SEED_FILE);
}

/** A folder named by `name`, resolved against `cwd`; it must exist (undefined in env: null). */
function existingFolder(env: Env, name: string, cwd: string): string | null {
  const given = text(env, name);
  if (given === undefined) return null;
  const folder = path.resolve(cwd, given);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new ConfigError(name, `no such folder: ${folder}`);
  return folder;
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => p + '//').join(' or ')}`);
  }
  return raw;
}

// ---------------------------------------------------------------------------------------------
// Signing in (README "Signing in"): the listening addresses and the sign-in.

export interface ManagementConfig {
  port: number;
  host: string;
}

/** An OpenID Connect provider whose access tokens the API accepts. */
export interface OidcConfig {
  /** Expected `iss`; also where discovery (`/.well-known/openid-configuration`) finds the JWKS. */
  issuer: string;
  /** Expected `aud` (one of its values). */
  audience: string;
  /** The provider's JWKS; null: taken from its discovery document. */
  jwksUrl: string | null;
  /** Claims (dotted paths into the token) that name the caller's role(s), unit and actor id. */
  claims: TokenClaimNames;
  /** The web console's public client at the provider (authorization code + PKCE); null: the console cannot sign in there. */
  consoleClientId: string | null;
  /**
   * How long the provider's keys are used before they are read again: the longest a key the provider
   * withdraws keeps verifying new tokens (plus the verified-token cache's minute).
   */
  keysMaxAgeSeconds: number;
}

export interface TokenClaimNames {
  roles: string;
  unit: string;
  actor: string;
}

export interface AuthConfig {
  /** null: no provider configured, the development issuer signs and verifies with `devKeyFile`. */
  oidc: OidcConfig | null;
  /** The development issuer's key (generated on first use; never committed: it is under .data/). */
  devKeyFile: string;
  /** How far `exp` and `nbf` may be off the server's clock. */
  clockSkewSeconds: number;
}

/** The claims a token names its caller with unless OIDC_*_CLAIM say otherwise. */
export const DEFAULT_TOKEN_CLAIMS: TokenClaimNames = { roles: 'roles', unit: 'unit_id', actor: 'sub' };

function managementConfig(env: Env): ManagementConfig | null {
  if (text(env, 'MANAGEMENT_PORT') === 'none') return null;
  return { port: integer(env, 'MANAGEMENT_PORT', 3001, 0, 65535), host: hostName(env, 'MANAGEMENT_HOST') ?? '127.0.0.1' };
}

function authConfig(env: Env, cwd: string): AuthConfig {
  const issuer = url(env, 'OIDC_ISSUER', ['https:', 'http:']);
  const audience = text(env, 'OIDC_AUDIENCE');
  const jwksUrl = url(env, 'OIDC_JWKS_URL', ['https:', 'http:']);
  if (!issuer) {
    for (const name of [
      'OIDC_AUDIENCE',
      'OIDC_JWKS_URL',
      'OIDC_ROLES_CLAIM',
      'OIDC_UNIT_CLAIM',
      'OIDC_ACTOR_CLAIM',
      'OIDC_CONSOLE_CLIENT_ID',
      'OIDC_KEYS_MAX_AGE_SECONDS',
    ]) {
      if (text(env, name) !== undefined) throw new ConfigError(name, 'is set but OIDC_ISSUER is not');
    }
  } else if (!audience) {
    throw new ConfigError('OIDC_AUDIENCE', 'is required with OIDC_ISSUER (the audience the API expects in tokens)');
  }
  return {
    oidc:
      issuer && audience
        ? {
            issuer,
            audience,
            jwksUrl: jwksUrl ?? null,
            claims: {
              roles: claimPath(env, 'OIDC_ROLES_CLAIM') ?? DEFAULT_TOKEN_CLAIMS.roles,
              unit: claimPath(env, 'OIDC_UNIT_CLAIM') ?? DEFAULT_TOKEN_CLAIMS.unit,
              actor: claimPath(env, 'OIDC_ACTOR_CLAIM') ?? DEFAULT_TOKEN_CLAIMS.actor,
            },
            consoleClientId: text(env, 'OIDC_CONSOLE_CLIENT_ID') ?? null,
            keysMaxAgeSeconds: integer(env, 'OIDC_KEYS_MAX_AGE_SECONDS', 600, 1, 86_400),
          }
        : null,
    devKeyFile: path.resolve(cwd, text(env, 'DEV_TOKEN_KEY_FILE') ?? '.data/dev-token-key.json'),
    clockSkewSeconds: integer(env, 'AUTH_CLOCK_SKEW_SECONDS', 30, 0, 300),
  };
}

/**
 * The development issuer signs with a key on local disk: fine on a laptop, not for a deployment.
 * With NODE_ENV=production a process that serves the API must name an OIDC provider.
 */
export function requireSignInProvider(config: AppConfig, env: Env): void {
  if (config.appRole === 'projector' || config.auth.oidc || text(env, 'NODE_ENV') !== 'production') return;
  throw new ConfigError(
    'OIDC_ISSUER',
    'is required when NODE_ENV=production (without it the API would accept development tokens signed by a local key file)',
  );
}

/**
 * Complainants' identities are only as safe, and only as lasting, as the master key that wraps their
 * data keys. With NODE_ENV=production a process that serves the API must be told where it is:
 * COMPLAINANT_MASTER_KEYS (from a secret store), or a COMPLAINANT_MASTER_KEY_FILE chosen on purpose
 * (a mounted secret or a persistent volume) — never the default under .data/, generated silently on
 * a disk that may not outlive the container, one key per instance.
 */
export function requireComplainantKeys(config: AppConfig, env: Env): void {
  if (config.appRole === 'projector' || config.complainantKeys.masterKeys || text(env, 'NODE_ENV') !== 'production') return;
  if (text(env, 'COMPLAINANT_MASTER_KEY_FILE') !== undefined) return;
  throw new ConfigError(
    'COMPLAINANT_MASTER_KEYS',
    'is required when NODE_ENV=production (or COMPLAINANT_MASTER_KEY_FILE naming a key file on a persistent, shared volume)',
  );
}

function hostName(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw !== undefined && !/^[A-Za-z0-9.:-]{1,253}$/.test(raw)) {
    throw new ConfigError(name, `must be a host name or IP address, got "${raw}"`);
  }
  return raw;
}

function claimPath(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw !== undefined && !/^[\x21-\x7e]{1,200}$/.test(raw)) {
    throw new ConfigError(name, `must be a claim name or a dotted path such as realm_access.roles, got "${raw}"`);
  }
  return raw;
}
