import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

/**
 * Paths never written to logs. Complainants' personal data must not reach logs (PIPL); request
 * bodies are not logged at all, these catch it should an object carrying it be logged by mistake.
 */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', '*.complainant', '*.phone', '*.name', '*.idNumber'];

/** The process's structured JSON logger (one line per entry on stdout, or on `destination`). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid } }, destination);
}
