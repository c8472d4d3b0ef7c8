import { parseArgs } from 'node:util';

/** Exit status for bad usage (EX_USAGE in sysexits.h). */
export const EXIT_USAGE = 64;

/** What a script's command line asks for: the arguments read, help, or a mistake to show with the usage. */
export type CommandLine<T> = { args: T } | { help: string } | { mistake: string };

/**
 * Reads a script's arguments with `read`, which only parses (node:util parseArgs, checks of its
 * own): anything it throws is the caller's mistake. `--help` or `-h` anywhere asks for the usage.
 * Kept apart from commandLineOrExit so that the decision can be tested without a process exiting.
 */
export function readCommandLine<T>(argv: readonly string[], usage: string, read: (argv: string[]) => T): CommandLine<T> {
  if (argv.includes('--help') || argv.includes('-h')) return { help: usage };
  try {
    return { args: read([...argv]) };
  } catch (error) {
    return { mistake: `${(error as Error)?.message ?? String(error)}\n${usage}` };
  }
}

/**
 * Every script's arguments, read before it opens a database: help on stdout and exit 0, a mistake
 * and the usage on stderr and exit 64 (README "Scripts"), so that neither starts PostgreSQL.
 */
export function commandLineOrExit<T>(argv: readonly string[], usage: string, read: (argv: string[]) => T): T {
  const line = readCommandLine(argv, usage, read);
  if ('args' in line) return line.args;
  if ('help' in line) {
    process.stdout.write(`${line.help}\n`);
    process.exit(0);
  }
  process.stderr.write(`${line.mistake}\n`);
  process.exit(EXIT_USAGE);
}

/** The one file a script works on (`npm run backup -- <file>`): an option, with its leading `-`, is not a file name. */
export function oneFileArgument(args: string[]): string {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'name the file' : `one file only, not ${positionals.length}`);
  return positionals[0];
}

/**
 * Refuses `--<option> -…` for the string options named: the value forgotten, the next flag taken for
 * it (Node 20's parseArgs takes `--actor --json` as the actor "--json", which `audit verify` then
 * recorded in the tamper-evident log; later versions refuse it in three lines). Called before
 * parseArgs, so that every version says it in one. `--actor=-x` stays possible, spelled out.
 */
export function refuseFlagValues(args: readonly string[], stringOptions: readonly string[]): void {
  args.forEach((arg, i) => {
    const next = args[i + 1];
    if (stringOptions.some((name) => arg === `--${name}`) && next?.startsWith('-')) {
      throw new Error(`${arg} needs a value, not the option "${next}"`);
    }
  });
}
