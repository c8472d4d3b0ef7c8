import { parseArgs } from 'node:util';
import { commandLineOrExit } from '@app/platform/command-line';
import { idArgument } from './id-argument';
import type { DevTokenRequest, Role } from '../../../api/src';

const USAGE = 'usage: npm run token -- --role <intake|unit|discipline|dashboard|admin> [--unit <id>] [--sub <id>] [--ttl 8h]';

/**
 * `npm run token -- --role <role> [--unit <id>] [--sub <id>] [--ttl 8h]`: prints a development token
 * signed by the key in DEV_TOKEN_KEY_FILE (created if the server has not made it yet), and nothing
 * else on stdout, so `TOKEN=$(npm run -s token -- --role intake)` works. With OIDC_ISSUER set the
 * API does not trust these tokens, so the command refuses: sign in at the provider instead. A
 * subject reserved for the system (the scheduler's, a script's) is refused as bad usage (exit 64).
 * The unit is not looked up (this opens no database): a token for a unit not registered is refused
 * by the API when used (401 TOKEN_CLAIMS_INVALID).
 */
async function main(argv: string[]): Promise<number> {
  // Its options read before the API's modules are loaded (a second of Node's time): --help and a
  // mistyped option answer at once; the role and the lifetime are checked against the API's below.
  commandLineOrExit(argv, USAGE, readOptions);
  await import('reflect-metadata');
  const { configOrExit, loadConfig, requireDevTokenKeyFile } = await import('@app/platform');
  const api = await import('../../../api/src');
  const { isSystemActorId, SYSTEM_ACTOR_ID_DESCRIPTION } = await import('@app/event-store');
  const request = commandLineOrExit(argv, USAGE, (args) => {
    const read = readRequest(args, api);
    // The API refuses such a token (401 TOKEN_CLAIMS_INVALID): said now, as a mistake of usage.
    if (read.subject !== undefined && isSystemActorId(read.subject)) {
      throw new Error(`--sub ${read.subject} is reserved for the system's own acts (${SYSTEM_ACTOR_ID_DESCRIPTION}): name a person`);
    }
    return read;
  });
  const { DevTokenIssuer } = api;
  const config = configOrExit(() => requireDevTokenKeyFile(loadConfig(process.env)));
  if (config.auth.oidc) {
    process.stderr.write(
      `OIDC_ISSUER is set (${config.auth.oidc.issuer}): the API accepts that provider's tokens only. Sign in there; this command issues development tokens.\n`,
    );
    return 1;
  }
  process.stdout.write(`${await DevTokenIssuer.loadOrCreate(config.auth.devKeyFile).issue(request)}\n`);
  return 0;
}

function readOptions(args: string[]) {
  return parseArgs({
    args,
    options: { role: { type: 'string' }, unit: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
    strict: true,
  }).values;
}

function readRequest(args: string[], api: typeof import('../../../api/src')): DevTokenRequest {
  const { ROLES, DEFAULT_DEV_TOKEN_TTL_SECONDS, parseTokenTtl } = api;
  const values = readOptions(args);
  if (!values.role || !(ROLES as readonly string[]).includes(values.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (values.role === 'unit' && !values.unit) throw new Error('--unit <id> is required with --role unit');
  if (values.role !== 'unit' && values.unit) throw new Error('--unit applies to --role unit only');
  for (const [flag, value] of [
    ['--unit', values.unit],
    ['--sub', values.sub],
  ] as const) {
    if (value !== undefined) idArgument(flag, value);
  }
  return {
    role: values.role as Role,
    unitId: values.unit ?? null,
    subject: values.sub,
    ttlSeconds: values.ttl === undefined ? DEFAULT_DEV_TOKEN_TTL_SECONDS : parseTokenTtl(values.ttl),
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`token failed: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
