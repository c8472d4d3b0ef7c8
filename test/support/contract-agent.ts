import request from 'supertest';
import type { Response } from 'supertest';
import { ContractValidator, type ContractDocument } from './contract';
import { record } from './contract-log';

/**
 * The supertest agent every in-process e2e spec uses (`api.http`), with each response checked against
 * the API's OpenAPI document (test/support/contract.ts). A violation fails the request's promise, so
 * the test that made the request fails, naming the request and what is wrong. Each checked response is
 * counted in the run's contract log (global-setup.ts makes it, global-teardown.ts prints the total).
 * CONTRACT_CHECK=report lets the tests go on past violations (to survey a document being written); the
 * run still fails at its end, listing them.
 */
export type ContractAgent = ReturnType<typeof request>;

/** Requests a spec sends as deliberate garbage (offContract): their answers need only be a Problem. */
const offContractTests = new WeakSet<object>();

/**
 * Marks a request that deliberately breaks the contract (a body that is not JSON, a header out of
 * range) to prove the server copes: its answer is checked against the document's Problem instead of
 * the operation's documented statuses. Keep these few; each is listed in the README's contract section.
 */
export function offContract<T extends object>(test: T): T {
  offContractTests.add(test);
  return test;
}

export class ContractViolation extends Error {
  constructor(requestLine: string, problems: string[], cause?: Error | null) {
    super(
      `Response to ${requestLine} breaks the OpenAPI contract:\n  - ${problems.join('\n  - ')}` +
        (cause ? `\n(the test's own assertion failed too: ${cause.message})` : ''),
    );
    this.name = 'ContractViolation';
  }
}

/**
 * `request(server)`, with every response checked against the document `document()` returns (made on
 * first use). `countInRun: false` leaves the responses out of the run's tally (the validator's own spec).
 */
export function contractCheckedAgent(
  server: Parameters<typeof request>[0],
  document: () => ContractDocument,
  options: { countInRun?: boolean } = {},
): ContractAgent {
  const agent = request(server);
  let validator: ContractValidator | undefined;
  const check = (test: RequestLike, res: Response): string[] => {
    validator ??= new ContractValidator(document());
    const problems = validator.check(
      {
        method: test.method,
        url: pathOf(test.url),
        status: res.status,
        headers: res.headers as Record<string, string | string[] | undefined>,
        body: res.body,
        text: res.text,
        preflight: test._header?.['access-control-request-method'] !== undefined,
      },
      { offContract: offContractTests.has(test) },
    );
    if (options.countInRun ?? true) record(`${test.method} ${pathOf(test.url)} ${res.status}`, problems, offContractTests.has(test));
    return problems;
  };
  return new Proxy(agent, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver) as unknown;
      if (typeof original !== 'function') return original;
      return (...args: unknown[]) => {
        const test = (original as (...a: unknown[]) => RequestLike).apply(target, args);
        const end = test.end;
        test.end = function (this: RequestLike, callback?: (error: Error | null, res?: Response) => void) {
          return end.call(this, (error: Error | null, res?: Response) => {
            const problems = res ? checkSafely(() => check(test, res)) : [];
            const fails = problems.length > 0 && process.env.CONTRACT_CHECK !== 'report';
            const failure = fails ? new ContractViolation(`${test.method} ${pathOf(test.url)}`, problems, error) : error;
            callback?.call(this, failure, res);
          });
        };
        return test;
      };
    },
  });
}

/** A check that throws (a schema Ajv cannot compile) is a failure of the test, not a hang in a callback. */
function checkSafely(check: () => string[]): string[] {
  try {
    return check();
  } catch (error) {
    return [`the contract check itself failed: ${(error as Error).message}`];
  }
}

interface RequestLike {
  method: string;
  url: string;
  /** superagent's request headers, by lower-case name. */
  _header?: Record<string, string>;
  end(callback?: (error: Error | null, res?: Response) => void): unknown;
}

/** supertest's url is absolute (http://127.0.0.1:port/path?query); the contract is about the path. */
function pathOf(url: string): string {
  const parsed = new URL(url, 'http://localhost');
  return parsed.pathname + parsed.search;
}
