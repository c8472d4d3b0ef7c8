import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DevTokenIssuer, ROLES, type Role } from '../../api/src';
import type { AppConfig } from '@app/platform';

/** The unit whose user `npm start` prints a token for, if the seeded registry has it (the README's examples use it). */
const PREFERRED_DEV_UNIT = 'dept-scjgj';
const PRINTED_TTL_SECONDS = 12 * 3600;

/** The file `npm start` keeps its tokens in when stdout is not a terminal: beside DEV_TOKEN_KEY_FILE (`.data/`). */
export const DEV_TOKENS_FILE_NAME = 'dev-tokens.txt';

export function devTokensFile(config: Pick<AppConfig, 'auth'>): string {
  return path.join(path.dirname(config.auth.devKeyFile), DEV_TOKENS_FILE_NAME);
}

/**
 * With no OIDC provider configured, `npm start` makes one token per role and one for a unit user,
 * signed by the development issuer (README "Signing in"), ready for curl or Swagger UI's Authorize.
 * To a terminal (`terminal`) they are printed: plain lines on stdout, not log records, for the
 * person at it. Otherwise stdout is a file or a pipe (a log, a supervisor's journal) that would keep
 * 12-hour tokens of every role, discipline's too: they are written to `.data/dev-tokens.txt` (beside
 * DEV_TOKEN_KEY_FILE, readable by its owner only, as the key that signs them is) and only its path is
 * printed.
 */
export async function printDevTokens(
  config: AppConfig,
  apiUrl: string,
  docsUrl: string | null,
  write: (text: string) => void,
  terminal: boolean,
): Promise<void> {
  const issuer = DevTokenIssuer.loadOrCreate(config.auth.devKeyFile);
  const unitId = devUnit(config.unitsSeedFile);
  const rows: Array<[string, string]> = [];
  for (const role of ROLES as readonly Role[]) {
    const label = role === 'unit' ? `unit (${unitId})` : role;
    rows.push([label, await issuer.issue({ role, unitId, ttlSeconds: PRINTED_TTL_SECONDS })]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const heading = `One token per role, valid ${PRINTED_TTL_SECONDS / 3600} h (more: npm run token -- --role <role> [--unit <id>] [--sub <id>] [--ttl 8h])`;
  const tokenLines = rows.map(([label, token]) => `  ${label.padEnd(width)}  ${token}`);
  let tokens: string[];
  if (terminal) {
    tokens = [`${heading}:`, ...tokenLines];
  } else {
    const file = devTokensFile(config);
    try {
      writeOwnerOnly(file, [`# ${heading}, made by npm start at ${new Date().toISOString()}`, ...tokenLines, ''].join('\n'));
      tokens = [`${heading}: stdout is not a terminal, so they are in ${file} (readable by its owner only), not here.`];
    } catch (error) {
      tokens = [`${heading}: stdout is not a terminal, and ${file} could not be written (${(error as Error).message}): use npm run token.`];
    }
  }
  write(
    [
      '',
      `Development sign-in: no OIDC_ISSUER is set, so the API accepts tokens signed by ${config.auth.devKeyFile}.`,
      ...tokens,
      `Try: curl -H "Authorization: Bearer <token>" ${apiUrl}/api/v1/cases` +
        (docsUrl ? `   Swagger UI: ${docsUrl} (Authorize, paste a token)` : ''),
      '',
    ].join('\n') + '\n',
  );
}

/**
 * Replaces `file` with `content`, mode 0600 from its first byte: written to a new file beside it
 * (`wx`: never through a link someone left there) and renamed over it, so a reader finds the old
 * tokens or the new ones, and a file that was readable by others is not reused.
 */
function writeOwnerOnly(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    fs.writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function devUnit(seedFile: string | null): string {
  if (!seedFile) return PREFERRED_DEV_UNIT;
  try {
    const ids = (JSON.parse(fs.readFileSync(seedFile, 'utf8')) as { units?: Array<{ id?: unknown }> }).units?.map((u) => u.id) ?? [];
    if (ids.includes(PREFERRED_DEV_UNIT)) return PREFERRED_DEV_UNIT;
    return typeof ids[0] === 'string' ? ids[0] : PREFERRED_DEV_UNIT;
  } catch {
    return PREFERRED_DEV_UNIT;
  }
}
