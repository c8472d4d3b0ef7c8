import { Client } from 'pg';
import * as fs from 'node:fs';
import type { EmbeddedPostgres } from '../../libs/platform/src/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__testPostgres as { server: EmbeddedPostgres; dataDir: string } | undefined;
  if (state) {
    await state.server.stop();
    fs.rmSync(state.dataDir, { recursive: true, force: true });
    return;
  }
  // An external server (DATABASE_URL): remove the template; test files drop their own databases.
  const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${process.env.TEST_PG_TEMPLATE} WITH (FORCE)`);
  await admin.end();
}
