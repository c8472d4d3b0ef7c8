/** The little the scheduler says; Nest's Logger fits, and tests pass a silent one. */
export interface SchedulerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: SchedulerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
