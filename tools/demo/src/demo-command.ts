import { createLogger, loadConfig } from '@app/platform';
import { parseDemoOptions } from './demo-options';
import { failureReport } from './failure-report';
import { runDemo, type DemoRunOptions } from './run-demo';

/** What the command needs from its process: where it writes, and (once it is to run) the signal that interrupts it. */
export interface DemoCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asked for once the command line and the configuration are checked, and only then. */
  interruption: () => AbortSignal;
  /** The demo itself (runDemo); a test puts a stand-in here. */
  run?: (options: DemoRunOptions) => Promise<unknown>;
}

/**
 * `npm run demo -- …` as main.ts runs it, answering its exit status: the command line first (64 and
 * the usage), then the configuration, as every other script checks it (78, `Configuration error:
 * <VARIABLE>: …`, one line), and only then the logger and the demo, which starts a database. The
 * demo logs at `error` unless LOG_LEVEL is set.
 */
export async function demoCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: DemoCommandIo): Promise<number> {
  try {
    const options = parseDemoOptions(argv);
    const config = loadConfig(env); // throws ConfigError naming the variable: LOG_LEVEL=loud among them
    const logger = createLogger(env.LOG_LEVEL?.trim() ? config.logLevel : 'error', 'stderr');
    const signal = io.interruption();
    const report = (line: string) => io.stdout(`${line}\n`);
    await (io.run ?? runDemo)({ ...options, env, logger, signal, report });
    return 0;
  } catch (error) {
    const report = failureReport(error);
    if (report.stdout) io.stdout(`${report.stdout}\n`);
    if (report.stderr) io.stderr(`${report.stderr}\n`);
    return report.exitCode;
  }
}
