import { ConfigError, EXIT_CONFIG } from '@app/platform';
import { DemoRefusal } from './beside-projector';
import { DemoRequestError } from './demo-api-client';
import { DemoInterrupted } from './demo-interrupted';
import { DemoHelpRequested, DemoUsageError, EXIT_USAGE, USAGE } from './demo-options';

/** The fields of a complainant's identity (and a raiser's): never printed. */
const PERSONAL_FIELDS = new Set(['name', 'phone', 'idNumber', 'enterprise']);

/** What the command prints when it ends without a summary, and its exit status. */
export interface FailureReport {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

/**
 * Exit 0 for --help; 64 for bad usage (EX_USAGE); 78 for a bad environment, as `npm start`;
 * 1 for a refused request, shown with its request and problem+json body; 1 when a projector works on
 * the database (beside-projector.ts); 128 + the signal's number when interrupted; 1 for anything else.
 */
export function failureReport(error: unknown): FailureReport {
  if (error instanceof DemoHelpRequested) return { exitCode: 0, stdout: USAGE };
  if (error instanceof DemoUsageError)
    return { exitCode: EXIT_USAGE, stderr: `demo: ${error.message}\nRun "npm run demo -- --help" for the options.` };
  if (error instanceof DemoInterrupted) return { exitCode: error.exitCode, stderr: `demo: ${error.message}` };
  if (error instanceof DemoRefusal) return { exitCode: 1, stderr: `demo: ${error.message}` };
  if (error instanceof ConfigError) return { exitCode: EXIT_CONFIG, stderr: `Configuration error: ${error.message}` };
  if (error instanceof DemoRequestError) {
    // The complainant's identity is made up, but personal data still stays out of output.
    const hidePersonalData = (key: string, value: unknown) => (PERSONAL_FIELDS.has(key) ? '[redacted]' : value);
    const lines = [`demo: stopped at the first failing request: ${error.message}`];
    if (error.requestBody !== undefined) lines.push(`request body: ${JSON.stringify(error.requestBody, hidePersonalData, 2)}`);
    lines.push(`response (problem+json): ${JSON.stringify(error.body, null, 2)}`);
    return { exitCode: 1, stderr: lines.join('\n') };
  }
  return { exitCode: 1, stderr: `demo failed: ${(error as Error)?.stack ?? String(error)}` };
}
