import { readCommandLine } from './command-line';
import { readStartArguments, START_USAGE } from './start-arguments';

/** `npm start`'s command line, as its entries and start() read it before anything is started (startup.e2e-spec.ts runs one mistake for real). */
describe('npm start arguments', () => {
  const read = (...args: string[]) => readCommandLine(args, START_USAGE, readStartArguments);

  it('takes --separate-processes, or nothing', () => {
    expect(read()).toEqual({ args: { separateProcesses: false } });
    expect(read('--separate-processes')).toEqual({ args: { separateProcesses: true } });
  });

  it('refuses a mistyped or unknown option and a stray argument, each with the usage', () => {
    for (const [args, said] of [
      [['--separate-process'], "Unknown option '--separate-process'"],
      [['--bogus'], "Unknown option '--bogus'"],
      [['api'], "Unexpected argument 'api'"],
    ] as const) {
      const line = read(...args);
      expect(line).toEqual({ mistake: expect.stringContaining(`\n${START_USAGE}`) });
      expect((line as { mistake: string }).mistake.slice(0, said.length)).toBe(said);
    }
  });
});
