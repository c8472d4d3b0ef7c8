import 'reflect-metadata';
import { interruptOnSignals } from '@app/platform';
import { demoCommand } from './demo-command';

/**
 * `npm run demo -- --cases N --year Y [--seed S]`: exit 0 with a summary, or see failure-report.ts.
 * Progress and summary go to stdout; the application's own log to stderr, errors only unless
 * LOG_LEVEL says otherwise (a refused request is reported by the demo itself, with its body).
 * The command line and the configuration are checked before anything starts (demo-command.ts).
 */
void demoCommand(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interruption: () => interruptOnSignals().signal, // for the life of the process: it exits when the demo ends
}).then((code) => process.exit(code));
