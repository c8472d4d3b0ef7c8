import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/**
 * Nest's own logs (start-up, module messages, `new Logger('Problem').error(…)`) written by the
 * process's pino logger, one JSON line each: `{ context, msg }`, an Error as `err`, an object merged
 * into the line. Nest hands its logger the context last; its exception handlers call
 * `error(message, stack, context)`, which becomes one `err` with that stack.
 *
 * Nothing per request: the request log is apps/api's http-logging.ts, and no log line carries a
 * request's bindings implicitly (that took a child logger per request, the costliest thing a cheap
 * route did: BENCHMARKS.md); a line that needs the request's id names it (ProblemDetailsFilter).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = {};
    let params = rest;
    if (rest.length > 0) {
      line.context = rest[rest.length - 1];
      params = rest.slice(0, -1);
    }
    if (message instanceof Error) {
      line.err = message;
      this.logger[level](line, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...line, ...message });
    } else if (level === 'error' && typeof params[0] === 'string' && params.length === 1) {
      // Nest's exception handlers: error(message, stack, context).
      const err = new Error(String(message));
      err.stack = params[0];
      this.logger.error({ ...line, err }, String(message));
    } else {
      this.logger[level](line, String(message), ...params);
    }
  }
}
