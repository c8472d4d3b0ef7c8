import { Client } from 'pg';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EmbeddedPostgres } from '../../libs/platform/src/embedded-postgres';
import { CONTRACT_LOG_DIR, contractTally } from './contract-log';

export default async function globalTeardown(): Promise<void> {
  try {
    await stopDatabase();
  } finally {
    reportContractChecks();
  }
}

async function stopDatabase(): Promise<void> {
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

/**
 * Prints how many responses the run checked against the OpenAPI document (test/support/contract-agent.ts).
 * A violation has already failed the test that met it; one a test swallowed still fails the run here.
 */
function reportContractChecks(): void {
  const dir = process.env[CONTRACT_LOG_DIR];
  if (!dir || !fs.existsSync(dir)) return;
  const tally = contractTally(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  // A run of unit specs alone (or the Prism journey, which prints its own figures) checked nothing here.
  if (tally.checked === 0) return;
  const offContract = tally.offContract > 0 ? ` (${tally.offContract} of them deliberate garbage, checked as Problems)` : '';
  console.log(`\ncontract: ${tally.checked} responses validated, ${tally.violations.length} violations${offContract}`);
  if (tally.violations.length > 0) {
    const all = path.join(os.tmpdir(), `contract-violations-${process.pid}.txt`);
    fs.writeFileSync(all, tally.violations.join('\n') + '\n');
    const shown = tally.violations.slice(0, 50).join('\n  ');
    const error = new Error(`contract violations (${tally.violations.length}, all in ${all}):\n  ${shown}`);
    error.stack = error.message;
    throw error;
  }
}
