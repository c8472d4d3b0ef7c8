import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '@app/domain';

/** Exit status for bad usage (EX_USAGE in sysexits.h). */
export const EXIT_USAGE = 64;

export const DEFAULT_CASES = 300;
export const DEFAULT_SEED = 1;
/** The latest year built into the calendar data (chinese-days); the default when the current year is not covered. */
export const FALLBACK_YEAR = 2026;
const MAX_CASES = 100_000;

/**
 * How the simulated year's commands reach the application: `in-process` calls the controllers the
 * routes call, each command at its story's own instant, a whole day's steps at once (fast);
 * `http` sends real requests, slot by slot of the clock (every layer of the API, at a tenth of
 * the speed). The same seed gives the same events either way.
 */
export const VIAS = ['in-process', 'http'] as const;
export type Via = (typeof VIAS)[number];

/** What the command line asked for. `year` is null when not given: the default needs the calendar in force. */
export interface DemoOptions {
  cases: number;
  year: number | null;
  seed: number;
  via: Via;
}

export const USAGE = `Usage: npm run demo -- [--cases N] [--year YYYY] [--seed S] [--via in-process|http]

Fills the database with a simulated year of complaint cases, issued through the application's
command handlers.
  --cases N    complaints to file over the year, 1 to ${MAX_CASES.toLocaleString('en')} (default ${DEFAULT_CASES})
  --year YYYY  the year to simulate, ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}; it must be covered by the
               official calendar, built in or published (default: the current year if covered,
               else ${FALLBACK_YEAR}). The current year is simulated up to now, a past year in full;
               future years are refused.
  --seed S     seed of the random choices, an integer from 0 to 4294967295 (default ${DEFAULT_SEED}):
               the same seed gives the same cases
  --via V      how the commands are sent (default in-process): in-process calls the API's
               controllers directly, a simulated day's steps at once; http sends real HTTP
               requests, slot by slot (slower). Both give the same events
Environment: DATABASE_URL (else the embedded PostgreSQL in EMBEDDED_PG_DIR), as for npm start.`;

/** The command line is wrong; the message says how. Exit status 64. */
export class DemoUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoUsageError';
  }
}

/** `--help` was asked for: print the usage and exit 0. */
export class DemoHelpRequested extends Error {}

/** Parses the arguments after `npm run demo --`; accepts `--cases 10` and `--cases=10`. */
export function parseDemoOptions(argv: readonly string[]): DemoOptions {
  const options: DemoOptions = { cases: DEFAULT_CASES, year: null, seed: DEFAULT_SEED, via: 'in-process' };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new DemoHelpRequested();
    const match = /^--(cases|year|seed|via)(?:=(.*))?$/.exec(arg);
    if (!match) throw new DemoUsageError(`unknown argument "${arg}"`);
    const name = match[1] as 'cases' | 'year' | 'seed' | 'via';
    if (seen.has(name)) throw new DemoUsageError(`--${name} is given twice`);
    seen.add(name);
    let value = match[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new DemoUsageError(`--${name} needs a value`);
    }
    if (name === 'cases') options.cases = integer(name, value, 1, MAX_CASES);
    if (name === 'year') {
      if (!/^\d{4}$/.test(value)) throw new DemoUsageError(`--year must be a year such as 2025, got "${value}"`);
      options.year = calendarYear(Number(value));
    }
    if (name === 'seed') options.seed = integer(name, value, 0, 2 ** 32 - 1);
    if (name === 'via') {
      if (!(VIAS as readonly string[]).includes(value)) throw new DemoUsageError(`--via must be in-process or http, got "${value}"`);
      options.via = value as Via;
    }
  }
  return options;
}

/**
 * The year, if the official calendar can ever have it (an administrator publishes years from 2000 to
 * 2100 only: PUT /api/v1/admin/calendar/{year}); else bad usage, refused before any database starts.
 */
export function calendarYear(year: number): number {
  if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) {
    throw new DemoUsageError(
      `--year must be from ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}, the years the official calendar can have, got "${year}"`,
    );
  }
  return year;
}

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new DemoUsageError(`--${name} must be an integer from ${min} to ${max.toLocaleString('en')}, got "${raw}"`);
  }
  return value;
}
