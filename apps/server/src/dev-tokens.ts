import * as fs from 'node:fs';
import { DevTokenIssuer, ROLES, type Role } from '../../api/src';
import type { AppConfig } from '@app/platform';

/** The unit whose user `npm start` prints a token for, if the seeded registry has it (the README's examples use it). */
const PREFERRED_DEV_UNIT = 'dept-scjgj';
const PRINTED_TTL_SECONDS = 12 * 3600;

/**
 * With no OIDC provider configured, `npm start` prints one token per role and one for a unit user,
 * signed by the development issuer (README "Signing in"), ready for curl or Swagger UI's Authorize.
 * Plain lines on stdout, not log records: they are for the person at the terminal, and a log
 * shipper has no business keeping them.
 */
export async function printDevTokens(
  config: AppConfig,
  apiUrl: string,
  docsUrl: string | null,
  write: (text: string) => void,
): Promise<void> {
  const issuer = DevTokenIssuer.loadOrCreate(config.auth.devKeyFile);
  const unitId = devUnit(config.unitsSeedFile);
  const rows: Array<[string, string]> = [];
  for (const role of ROLES as readonly Role[]) {
    const label = role === 'unit' ? `unit (${unitId})` : role;
    rows.push([label, await issuer.issue({ role, unitId, ttlSeconds: PRINTED_TTL_SECONDS })]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  write(
    [
      '',
      `Development sign-in: no OIDC_ISSUER is set, so the API accepts tokens signed by ${config.auth.devKeyFile}.`,
      `One token per role, valid ${PRINTED_TTL_SECONDS / 3600} h (more: npm run token -- --role <role> [--unit <id>] [--sub <id>] [--ttl 8h]):`,
      ...rows.map(([label, token]) => `  ${label.padEnd(width)}  ${token}`),
      `Try: curl -H "Authorization: Bearer <token>" ${apiUrl}/api/v1/cases` +
        (docsUrl ? `   Swagger UI: ${docsUrl} (Authorize, paste a token)` : ''),
      '',
    ].join('\n') + '\n',
  );
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
