import { demoCommand } from './demo-command';
import type { DemoRunOptions } from './run-demo';

/**
 * `npm run demo` before the demo runs: the command line, then the configuration, each refused in one
 * message with its exit status, before the logger is made and before anything (a database) starts.
 */
describe('the demo command', () => {
  async function command(argv: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const runs: DemoRunOptions[] = [];
    let interruptions = 0;
    const code = await demoCommand(argv, env, {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      interruption: () => {
        interruptions++;
        return new AbortController().signal;
      },
      run: async (options) => {
        runs.push(options);
      },
    });
    return { code, stdout: out.join(''), stderr: err.join(''), runs, interruptions };
  }

  it('refuses a LOG_LEVEL it does not know as every script does: one line naming the variable, exit 78, nothing started', async () => {
    const ran = await command(['--cases', '5'], { LOG_LEVEL: 'loud' });

    expect(ran).toEqual({
      code: 78,
      stdout: '',
      stderr: 'Configuration error: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"\n',
      runs: [],
      interruptions: 0,
    });
  });

  it('refuses a year the calendar can never have as bad usage, exit 64, nothing started', async () => {
    for (const year of ['1999', '2101']) {
      const ran = await command(['--year', year], {});

      expect(ran).toMatchObject({ code: 64, stdout: '', runs: [], interruptions: 0 });
      expect(ran.stderr).toBe(
        `demo: --year must be from 2000 to 2100, the years the official calendar can have, got "${year}"\n` +
          'Run "npm run demo -- --help" for the options.\n',
      );
    }
  });

  it('runs the demo with the options, logging errors only unless LOG_LEVEL says otherwise', async () => {
    const quiet = await command(['--cases', '5', '--year', '2025'], {});
    const verbose = await command([], { LOG_LEVEL: ' debug ' });

    expect(quiet).toMatchObject({ code: 0, stderr: '', interruptions: 1 });
    expect(quiet.runs[0]).toMatchObject({ cases: 5, year: 2025, seed: 1, via: 'in-process' });
    expect(quiet.runs[0].logger.level).toBe('error');
    expect(verbose).toMatchObject({ code: 0, stderr: '' });
    expect(verbose.runs[0].logger.level).toBe('debug');
  });
});
