import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { writeFileOnce } from './write-file-once';

/**
 * Two database roles (issue 9 part 4; docs/rules.md#tamper-evidence): the owner, who runs the
 * migrations, and the application's role, which reads the event log and appends to it only through
 * its append functions (`append_one_to_stream`, `append_to_stream`): it cannot UPDATE, DELETE or TRUNCATE events nor disable their triggers. The
 * role and its rights are created by the event store's migration `1764000000302_app-role.sql`;
 * here it gets a password (embedded server) and a warning is logged when the application would
 * connect as a role that can rewrite the log.
 */
export const APP_DATABASE_ROLE = 'cases_app';

/** The password of the application's role on an embedded server: generated once, kept in its data directory. */
export function embeddedAppPassword(dataDir: string): string {
  const file = path.join(dataDir, `${APP_DATABASE_ROLE}.password`);
  if (!fs.existsSync(file)) writeFileOnce(file, randomBytes(24).toString('hex') + '\n');
  return fs.readFileSync(file, 'utf8').trim();
}

/** Lets the application's role log in with `password` (as the owner); false if the role does not exist. */
export async function enableAppRoleLogin(ownerUrl: string, password: string): Promise<boolean> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_DATABASE_ROLE]);
    if (!rowCount) return false;
    await client.query(`ALTER ROLE ${APP_DATABASE_ROLE} WITH LOGIN PASSWORD ${client.escapeLiteral(password)}`);
    return true;
  } finally {
    await client.end();
  }
}

/** `url` with another user and password. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * Read-model tables and views the owner created (a rebuild run with the owner's URL, a database
 * from before the roles) are handed to the application, which drops and creates them at run time.
 */
export async function handOverReadModels(ownerUrl: string): Promise<number> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>("SELECT to_regprocedure('hand_over_read_models()') IS NOT NULL AS exists");
    if (!rows[0].exists) return 0;
    return (await client.query<{ n: number }>('SELECT hand_over_read_models() AS n')).rows[0].n;
  } finally {
    await client.end();
  }
}

/** Warns when the application's connection could change or delete events (it is their owner, or a superuser). */
export async function warnIfLogIsWritable(appUrl: string, logger: Logger): Promise<void> {
  const client = new Client({ connectionString: appUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ user: string; writable: boolean | null }>(
      `SELECT current_user AS user,
              to_regclass('public.events') IS NOT NULL
                AND (has_table_privilege('public.events', 'UPDATE') OR has_table_privilege('public.events', 'DELETE')
                     OR has_table_privilege('public.events', 'TRUNCATE')) AS writable`,
    );
    if (rows[0].writable) {
      logger.warn(
        { databaseUser: rows[0].user },
        `The application connects to PostgreSQL as ${rows[0].user}, which can change or delete events: set DATABASE_URL to the ` +
          `${APP_DATABASE_ROLE} role and DATABASE_MIGRATION_URL to the owner (README, Configuration)`,
      );
    }
  } finally {
    await client.end();
  }
}
