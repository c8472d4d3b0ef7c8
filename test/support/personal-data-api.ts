import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '@app/platform';
import { startTestApi, type TestApi } from './api-app';
import { TEST_UNITS_SEED } from './test-units';

/**
 * An API for the confidentiality tests (complainants, raisers of findings): a master key of its own
 * (not the development key file), everything in one process, and every log line at trace level
 * pushed to `logLines`, so a test can show that no name or phone reached the logs. It connects as
 * the application's role, cases_app, as a deployment does: filing, reading and erasing an identity
 * work with that role's narrow rights on the identity tables (docs/rules.md#complainant-confidentiality).
 */
export function startPersonalDataApi(logLines: string[]): Promise<TestApi> {
  const sink = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
  return startTestApi({
    now: '2026-11-16T09:00:00+08:00',
    env: {
      APP_ROLE: 'all',
      UNITS_SEED_FILE: TEST_UNITS_SEED,
      COMPLAINANT_MASTER_KEYS: `test-k1:${randomBytes(32).toString('base64')}`,
    },
    logger: createLogger('trace', sink),
    asAppRole: true,
  });
}
