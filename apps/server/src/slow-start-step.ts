import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'pino';

/** How long a start-up step may take before it is reported: each takes a second or two, loaded. */
export const SLOW_START_STEP_MS = 30_000;

/**
 * Runs one step of the start (building the API, listening…). Should it still be waiting after
 * `afterMs`, a warning names the step and what the event loop still waits on, and the NestJS logs
 * held until the API listens are printed: the last module they say was initialised is where the
 * step stopped. A start that hangs then says where instead of printing nothing until whoever
 * waits for it gives up. The step itself goes on as it was; a step that ends in time logs nothing.
 */
export async function warnIfSlow<T>(step: string, logger: Logger, work: () => Promise<T>, afterMs = SLOW_START_STEP_MS): Promise<T> {
  const timer = setTimeout(() => {
    NestLogger.flush();
    const waitingOn = process.getActiveResourcesInfo();
    logger.warn({ step, waitingOn }, `Start-up still at "${step}" after ${afterMs / 1000} s; waiting on: ${summarise(waitingOn)}`);
  }, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}

/** ["TCPSocketWrap", "Timeout", "Timeout"] → "TCPSocketWrap, 2 × Timeout". */
function summarise(resources: string[]): string {
  const counts = new Map<string, number>();
  for (const name of resources) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => (n === 1 ? name : `${n} × ${name}`)).join(', ') || 'nothing';
}
