import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '@app/platform';

/** The embedded data directory before the restore: not there, an empty folder, a cluster; 'url' with DATABASE_URL. */
export type TargetBefore = 'absent' | 'empty' | 'cluster' | 'url';

/**
 * What EMBEDDED_PG_DIR holds before restore starts the server there, or why it may not be used.
 * initdb would fail on a folder holding other files, after the server's start had handed the folder
 * to the `postgres` user: a mistyped path (a home directory, a project) is refused untouched.
 */
export function embeddedTargetBefore(config: AppConfig): TargetBefore | { refusal: string } {
  if (config.databaseUrl) return 'url';
  const dir = path.resolve(config.embeddedPostgres.dir);
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) return 'absent';
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return 'cluster';
  if (!stat.isDirectory() || fs.readdirSync(dir).length > 0) {
    return {
      refusal:
        `${dir} is not a PostgreSQL data directory and not empty: EMBEDDED_PG_DIR must name a new (or empty) folder ` +
        'to restore into, or a data directory npm start made. Nothing was changed.',
    };
  }
  return 'empty';
}

/**
 * After a restore that did not commit: the data directory this run made (from nothing, or in an
 * empty folder) holds only migrations, and goes, so that a failed or interrupted run leaves no
 * cluster behind to be mistaken for a restored one. Left alone if its server still runs (another
 * process of ours joined it) or it was there before.
 */
export function removeMadeDataDirectory(config: AppConfig, before: TargetBefore): void {
  if (before !== 'absent' && before !== 'empty') return;
  const dir = path.resolve(config.embeddedPostgres.dir);
  if (fs.existsSync(path.join(dir, 'postmaster.pid'))) return;
  if (before === 'absent') fs.rmSync(dir, { recursive: true, force: true });
  else for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}
