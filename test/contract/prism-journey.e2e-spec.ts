import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { spawnServer, waitForStatus, type ServerProcess } from '../support/server-process';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';
import { lifecycleJourney, type JourneyResponse, type Send } from './lifecycle-journey';

const PRISM = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'prism');

/** What Prism says of one exchange: its `sl-violations` header, or the error it answers with under --errors. */
interface Exchange {
  request: string;
  status: number;
  violations: string[];
}

/**
 * The full lifecycle journey (lifecycle-journey.ts) through Prism, a contract-validating proxy, with
 * `--errors`: in front of the built server (as `npm start` runs it), every request and response is
 * checked against the document the server serves at /docs-json, by a validator that is not ours.
 * `npm run contract:journey` runs this file alone and prints the figures.
 */
describe('the lifecycle journey through a contract-validating proxy (Prism --errors)', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let prism: ChildProcess | undefined;
  let prismOutput = '';
  let workDir: string;
  let base: string;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-prism-'));
    db = await createTestDatabase();
    const [port, managementPort, prismPort] = [await freePort(), await freePort(), await freePort()];
    server = spawnServer({
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
      DATABASE_URL: db.url,
      UNITS_SEED_FILE: TEST_UNITS_SEED,
    });
    await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, server);
    const document = path.join(workDir, 'openapi.json');
    fs.writeFileSync(document, await (await fetch(`http://127.0.0.1:${managementPort}/docs-json`)).text());
    prism = spawn(PRISM, ['proxy', document, `http://127.0.0.1:${port}`, '--errors', '--port', String(prismPort), '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prism.stdout!.on('data', (chunk: Buffer) => (prismOutput += chunk.toString()));
    prism.stderr!.on('data', (chunk: Buffer) => (prismOutput += chunk.toString()));
    base = `http://127.0.0.1:${prismPort}`;
    // Up once it answers anything (it proxies /health).
    await waitUntil(
      () =>
        fetch(`${base}/health`).then(
          () => true,
          () => false,
        ),
      { timeoutMs: 30_000, intervalMs: 200, failure: 'Prism did not listen within 30 s' },
    ).catch((error: Error) => Promise.reject(new Error(`${error.message}:\n${prismOutput}`)));
  }, 120_000);

  afterAll(async () => {
    if (prism && prism.exitCode === null) {
      const exited = new Promise((resolve) => prism!.once('exit', resolve));
      prism.kill('SIGTERM');
      await exited;
    }
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await db?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('raises no violation on any request or response of the journey', async () => {
    const send: Send = async (method, requestPath, caller, body, headers = {}) => {
      const response = await fetch(`${base}${requestPath}`, {
        method,
        headers: {
          ...(caller ? server.as(caller) : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const answer: JourneyResponse = { status: response.status, body: parse(text) };
      exchanges.push({
        request: `${method} ${requestPath.split('?')[0]}`,
        status: response.status,
        violations: violationsOf(response, answer.body),
      });
      return answer;
    };
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    let stopped: unknown;
    try {
      await lifecycleJourney(send, today);
    } catch (error) {
      // A step refused (often: Prism answering a violation in the server's place) ends the journey;
      // the violations met so far are reported below, with the step.
      stopped = error;
    }
    const violations = exchanges.flatMap((exchange) =>
      exchange.violations.map((violation) => `${exchange.request} → ${exchange.status}: ${violation}`),
    );
    process.stdout.write(
      `\ncontract journey: ${exchanges.length} requests through Prism --errors, ${violations.length} violations` +
        (violations.length > 0 ? `\n  ${violations.join('\n  ')}` : '') +
        (stopped ? `\n  the journey stopped: ${(stopped as Error).message}` : '') +
        '\n',
    );
    expect(violations).toEqual([]);
    expect(stopped).toBeUndefined();
    expect(exchanges.length).toBeGreaterThan(40);
  }, 120_000);
});

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Prism reports each violation in the `sl-violations` header (a JSON list, warnings too) and, with
 * --errors, answers a problem of its own in the server's place (type under stoplight.io/prism/errors)
 * listing the same violations: the header when there is one, else that problem.
 */
function violationsOf(response: Response, body: unknown): string[] {
  type Violation = { location?: string[]; message?: string; severity?: string };
  const show = (v: Violation) => `${v.severity ?? 'Error'} at ${(v.location ?? []).join('.')}: ${v.message ?? JSON.stringify(v)}`;
  const header = response.headers.get('sl-violations');
  if (header) return (parse(header) as Violation[]).map(show);
  const problem = body as { type?: unknown; title?: unknown; detail?: unknown; validation?: unknown } | null;
  if (typeof problem?.type !== 'string' || !problem.type.includes('stoplight.io/prism/errors')) return [];
  const listed = Array.isArray(problem.validation) ? (problem.validation as Violation[]).map(show) : [];
  return listed.length > 0 ? listed : [`Prism answered ${String(problem.title)}: ${String(problem.detail)}`];
}
