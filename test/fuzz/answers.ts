import type { Operation } from './operations';
import type { FuzzRequest } from './requests';

/** Largest problem+json body: a hostile request gets a few kB back, whatever it held (validation.ts ERRORS_SHOWN). */
export const MAX_PROBLEM_BYTES = 8 * 1024;

export interface Answer {
  status: number;
  contentType: string;
  /** The parsed JSON body, if it was JSON. */
  body: unknown;
  bytes: number;
  /** Events appended (by anyone but the system actor) while the request ran. */
  eventsAppended: number;
}

/** Whether the document lets `operation` answer `status` (every operation lists its problems: api-contract.ts). */
export function statusDocumented(operation: Operation, status: number): boolean {
  const listed = operation.responses;
  return listed.includes(String(status)) || listed.includes(`${String(status)[0]}XX`) || listed.includes('default');
}

/** What is wrong with `answer` to `request` (empty: nothing). */
export function violations(request: FuzzRequest, answer: Answer): string[] {
  const found: string[] = [];
  const { status } = answer;
  if (status >= 500) found.push(`${status} (a server error)`);
  else if (status < 200 || (status >= 300 && status < 400)) found.push(`${status} (neither a 2xx nor a 4xx)`);
  if (status >= 400) {
    const problem = answer.body as { code?: unknown; status?: unknown } | undefined;
    if (!answer.contentType.startsWith('application/problem+json'))
      found.push(`${status} as ${answer.contentType || 'no content type'}, not problem+json`);
    if (typeof problem?.code !== 'string') found.push(`${status} problem without a string code`);
    if (problem?.status !== status) found.push(`${status} problem whose status is ${String(problem?.status)}`);
    if (answer.bytes > MAX_PROBLEM_BYTES) found.push(`${status} problem of ${answer.bytes} bytes (over ${MAX_PROBLEM_BYTES})`);
  }
  if (status >= 200 && status < 300 && request.invalid) found.push(`${status} to an invalid request (${request.family}: ${request.what})`);
  if (!statusDocumented(request.operation, status))
    found.push(`${status} is not among the documented ${request.operation.responses.join(', ')}`);
  if ((status < 200 || status >= 300) && answer.eventsAppended !== 0)
    found.push(`${status} yet ${answer.eventsAppended} event(s) appended`);
  if (answer.eventsAppended < 0) found.push(`the event count went down by ${-answer.eventsAppended}`);
  return found;
}
