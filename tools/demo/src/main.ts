import 'reflect-metadata';
import { createLogger, interruptOnSignals, type LogLevel } from '@app/platform';
import { parseDemoOptions } from './demo-options';
import { failureReport } from './failure-report';
import { runDemo } from './run-demo';

/**
 * `npm run demo -- --cases N --year Y [--seed S]`: exit 0 with a summary, or see failure-report.ts.
 * Progress and summary go to stdout; the application's own log to stderr, errors only unless
 * LOG_LEVEL says otherwise (a refused request is reported by the demo itself, with its body).
 */
async function main(argv: string[]): Promise<number> {
  try {
    const options = parseDemoOptions(argv);
    const logger = createLogger((process.env.LOG_LEVEL?.trim() || 'error') as LogLevel, 'stderr');
    const { signal } = interruptOnSignals(); // for the life of the process: it exits when the demo ends
    await runDemo({ ...options, env: process.env, logger, signal, report: (line) => process.stdout.write(`${line}\n`) });
    return 0;
  } catch (error) {
    const report = failureReport(error);
    if (report.stdout) process.stdout.write(`${report.stdout}\n`);
    if (report.stderr) process.stderr.write(`${report.stderr}\n`);
    return report.exitCode;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
