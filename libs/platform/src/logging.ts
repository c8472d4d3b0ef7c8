import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

/**
 * Paths never written to logs. Complainants' personal data must not reach logs (PIPL); request
 * bodies are not logged at all, these catch it should an object carrying it be logged by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  // A person's identity, should an object holding one ever be logged: the complainant's (its
  // fields, also one level down, as in a filing's body) and a finding's raiser's.
  '*.complainant',
  '*.identity',
  '*.raisedBy',
  ...['phone', 'name', 'idNumber', 'enterprise'].flatMap((field) => [`*.${field}`, `*.*.${field}`]),
  // At the top of a line too, but for `name`: there it names what the line is about (a read model).
  'phone',
  'idNumber',
  'enterprise',
];

/**
 * The process's structured JSON logger: one line per entry on stdout (or stderr, for the command-line
 * tools whose stdout is their output), or on the stream given.
 *
 * The standard streams are written synchronously, each entry as it is made. pino's default writes
 * from libuv's thread pool, which the process shares with pg's sign-in (SCRAM's key derivation) and
 * file I/O: with the pool taken, a start stalled there printed nothing at all, not even the warning
 * meant to say where it waits (apps/server/src/slow-start-step.ts). Written in place, the log shows
 * what the process did up to the moment it stopped, and nothing logged is lost to a crash. The cost
 * is one write a line on the event loop: at LOG_LEVEL=info, a line a request.
 */
export function createLogger(level: LogLevel, destination: 'stdout' | 'stderr' | pino.DestinationStream = 'stdout'): Logger {
  const stream = typeof destination === 'string' ? pino.destination({ dest: destination === 'stdout' ? 1 : 2, sync: true }) : destination;
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid } }, stream);
}
