import { ContractValidator, type ContractDocument } from './contract';
import { ContractViolation } from './contract-agent';
import { record } from './contract-log';

/*
 * The contract check for specs that talk to a spawned server (server-process.ts) with fetch, as
 * contract-agent.ts is for the in-process API: every answer of the API is checked against the OpenAPI
 * document the server itself serves at /docs-json, counted in the run's tally, and a violation fails
 * the request. A request that gets no answer (the server killed or stopping) fails as fetch does.
 */

/** Statuses whose Response cannot carry a body (the Fetch standard's null body statuses). */
const NULL_BODY = new Set([101, 204, 205, 304]);

let validator: ContractValidator | undefined;

/**
 * Reads the document a spawned server serves on its management listener (`managementUrl`, e.g.
 * http://127.0.0.1:<MANAGEMENT_PORT>), once per test file: every spawned server runs the same build.
 */
export async function loadServedContract(managementUrl: string): Promise<void> {
  if (validator) return;
  const response = await fetch(`${managementUrl}/docs-json`);
  if (response.status !== 200) throw new Error(`${managementUrl}/docs-json answered ${response.status}`);
  validator = new ContractValidator((await response.json()) as ContractDocument);
}

/** fetch, with the answer checked against the document loadServedContract read. */
export async function contractFetch(url: string, init?: RequestInit): Promise<Response> {
  if (!validator) throw new Error('contractFetch needs loadServedContract(server) first');
  const response = await fetch(url, init);
  const text = await response.text();
  const headers = Object.fromEntries(response.headers.entries());
  const { pathname, search } = new URL(url);
  const method = (init?.method ?? 'GET').toUpperCase();
  const problems = validator.check({
    method,
    url: pathname + search,
    status: response.status,
    headers,
    body: jsonOf(text, headers['content-type']),
    text,
  });
  record(`${method} ${pathname} ${response.status}`, problems, false);
  if (problems.length > 0) throw new ContractViolation(`${method} ${pathname}`, problems);
  return new Response(NULL_BODY.has(response.status) ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** The body parsed when it is JSON (application/json, application/problem+json), as supertest gives it. */
function jsonOf(text: string, type: string | undefined): unknown {
  if (!type || !/[/+]json\b/.test(type) || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
