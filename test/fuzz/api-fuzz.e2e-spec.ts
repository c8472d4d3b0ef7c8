import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import request from 'supertest';
import { openApiDocument } from '../../apps/api/src/openapi';
import { ApiClient, complaint } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { ContractValidator, type ContractDocument } from '../support/contract';
import { record } from '../support/contract-log';
import { declaredRoutes } from '../support/routes';
import { TEST_UNITS_SEED } from '../support/test-units';
import { bearer, testSigner } from '../support/tokens';
import { violations, type Answer } from './answers';
import { operationsOf, type Operation } from './operations';
import { FAMILIES, request as fuzzRequest, type FuzzRequest, type World } from './requests';

/**
 * Issue 10, item 9: every operation of the OpenAPI document called with requests built from its
 * description and then spoiled (test/fuzz/requests.ts: wrong types, missing and extra fields, huge
 * strings and arrays, deep nesting, invalid UTF-8, NUL, lone surrogates, `__proto__` keys,
 * injection strings, bad ids and headers, oversized bodies), as a role the route allows and
 * sometimes as one it refuses. Every answer is a problem+json 4xx or a 2xx to a request that may
 * succeed, never a 5xx (answers.ts); a request not answered 2xx appends no event; nothing pollutes
 * Object.prototype; the heap does not grow with the requests (LEAK_BOUND, below).
 *
 * `npm run fuzz` sends 10,000 requests with a new seed; the suite sends FUZZ_REQUESTS (1,000 by
 * default) with a fixed seed, so it fails only when the product changes. Request i is generated
 * from seed + i alone: FUZZ_SEED=<seed> FUZZ_FROM=<i> FUZZ_REQUESTS=1 replays it.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1_000);
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20_261_130);
const FROM = Number(process.env.FUZZ_FROM ?? 0);
/** Requests sent before the heap is first measured: code paths compiled, pools and caches filled. */
const WARM_UP = Math.min(500, Math.floor(REQUESTS / 3));
/**
 * A leak grows the heap in every stretch of the run; a cache or lazily built code path filled once
 * grows it in one (with /metrics, a route's first answers of each status make its histogram series:
 * at 1,000 requests that happened after the warm-up and looked like 18 MB of growth, at 3,000 it
 * did not). So the run after the warm-up is cut in two halves, each measured after a full GC, and
 * the smaller growth of the two must stay under LEAK_BOUND: 8 MB over each half of 9,500
 * requests is 1.7 kB per request, one request's body or answer kept in a few of them. The whole
 * growth is bounded too, more loosely, so a one-time fill stays a small one.
 */
const LEAK_BOUND = 8 * 1024 * 1024;
const MAX_HEAP_GROWTH = 48 * 1024 * 1024;
/** An answer later than this is a hang (the slowest legitimate one waits 5 s for a read model). */
const ANSWER_TIMEOUT_MS = 15_000;
const ROLES = ['intake', 'unit', 'discipline', 'dashboard', 'admin'];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('fuzzing every operation of the OpenAPI document', () => {
  let api: TestApi;
  let http: ReturnType<typeof request>;
  let operations: Operation[];
  let world: World;
  // The same check every in-process e2e response gets (test/support/contract.ts): a 2xx is valid
  // against its schema, a 4xx is a Problem the operation documents.
  let contract: ContractValidator;

  beforeAll(async () => {
    // Rate limits off: 10,000 requests from one caller in a minute are the test, not an attack.
    api = await startTestApi({
      now: '2026-09-24T10:00:00+08:00',
      env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED, RATE_LIMIT: 'off' },
    });
    const client = new ApiClient(api);
    const filed = await client.file(complaint({ title: '营业执照变更反复跑腿', receivedAt: '2026-09-24T09:00:00+08:00' }));
    const accepted = await client.fileAndAccept(complaint({ title: '审批材料要求不一', receivedAt: '2026-09-24T09:10:00+08:00' }));
    const dispatched = await client.dispatch(
      complaint({ title: '许可证办理超时', receivedAt: '2026-09-24T09:20:00+08:00' }),
      'dept-market',
    );
    const acknowledged = await client.dispatch(complaint({ title: '窗口推诿', receivedAt: '2026-09-24T09:30:00+08:00' }), 'dept-market');
    await client.send(`/api/v1/cases/${acknowledged}/acknowledge`, as.unit('dept-market'));
    world = {
      caseIds: [filed, accepted, dispatched, acknowledged, '3f9c1e52-0000-4000-8000-000000000000'],
      unitIds: ['dept-market', 'dept-market', 'dept-housing', 'dept-approval', 'win-tax-01'],
      roles: ROLES,
      signWith: (role, overrides, header) =>
        bearer(testSigner.sign(testSigner.claims({ sub: `fuzz-${role}`, role, unitId: 'dept-market' }, overrides), header)),
      signIn: (role, unitId) =>
        testSigner.headers({ sub: `fuzz-${role}`, role, ...(role === 'unit' ? { unitId: unitId ?? 'dept-market' } : {}) }),
    };
    const document = openApiDocument(api.app);
    operations = operationsOf(document, declaredRoutes(api.app));
    contract = new ContractValidator(document as unknown as ContractDocument);
    // One listening socket for the whole run (supertest would open and close one per request).
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    http = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }, 120_000);
  afterAll(async () => api?.close());

  describe('what the fuzzer found, one request each', () => {
    const dispute = () => `/api/v1/cases/${world.caseIds[2]}/dispute-dispatch`;

    it('a __proto__ key (dropped unseen by class-transformer, so the command went through): 400 VALIDATION_FAILED, nothing appended', async () => {
      const before = await api.eventCount();
      const response = await http
        .post(dispute())
        .set(as.unit('dept-market'))
        .set('Content-Type', 'application/json')
        .send('{"reason":"不是本单位职责","__proto__":{"isAdmin":true}}');
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.errors).toEqual([{ field: '__proto__', message: 'property __proto__ should not exist' }]);
      expect(await api.eventCount()).toBe(before);
    });

    it('a query parameter named __proto__ (dropped unseen by the query DTO, where any other unknown one is refused): 400', async () => {
      const response = await http.get('/api/v1/cases?__proto__=x').set(as.intake);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect((await http.get('/api/v1/cases?fuzzExtra=x').set(as.intake)).status).toBe(400);
    });

    it('bytes that are not UTF-8 in a text (decoded as U+FFFD and stored): 400 INVALID_CHARACTER, nothing appended', async () => {
      const before = await api.eventCount();
      const body = Buffer.concat([Buffer.from('{"reason":"不是'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('职责"}')]);
      const response = await sendBytes(http.post(dispute()).set(as.unit('dept-market')).set('Content-Type', 'application/json'), body);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'INVALID_CHARACTER' });
      expect(await api.eventCount()).toBe(before);
    });

    it('headers over 16 kB (a 20,000-character token): 431 problem+json, not Node’s bare 431', async () => {
      const response = await http.get('/api/v1/cases').set('Authorization', `Bearer ${'A'.repeat(20_000)}`);
      expect(response.status).toBe(431);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 431, title: 'Request Header Fields Too Large', code: 'REQUEST_HEADERS_TOO_LARGE' });
    });

    it('appraisal inputs of year 99999999999: 400 naming the year, not an empty 200', async () => {
      const response = await http.get('/api/v1/appraisal-inputs/99999999999/units/dept-market').set(as.admin);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.errors).toEqual([{ field: 'year', message: 'year must be a year from 2000 to 2100' }]);
    });

    it('appraisal inputs of a unit never registered: 404 UNIT_NOT_FOUND, not an empty 200', async () => {
      const response = await http.get('/api/v1/appraisal-inputs/2026/units/null').set(as.admin);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code: 'UNIT_NOT_FOUND' });
      expect((await http.get('/api/v1/appraisal-inputs/2026/units/dept-market').set(as.admin)).status).toBe(200);
    });
  });

  describe(`${REQUESTS} requests from seed ${SEED}`, () => {
    it(
      `answers each with a 2xx or a problem+json 4xx, appends only for a 2xx, keeps its heap`,
      async () => {
        const arbitraries = operations.map((operation) => fuzzRequest(operation, world));
        const events = new EventCounter(api);
        const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
        const summary = new Summary();
        const eventsBefore = await events.total();
        let appended = 0;
        let heapAfterWarmUp = 0;
        let heapHalfway = 0;
        const halfway = FROM + WARM_UP + Math.floor((REQUESTS - WARM_UP) / 2);
        let rssAfterWarmUp = 0;
        const started = Date.now();

        for (let i = FROM; i < FROM + REQUESTS; i++) {
          if (i - FROM === WARM_UP) [heapAfterWarmUp, rssAfterWarmUp] = [settledHeap(), process.memoryUsage().rss];
          if (i === halfway) heapHalfway = settledHeap();
          const [sent] = fc.sample(arbitraries[i % arbitraries.length], { numRuns: 1, seed: SEED + i });
          const answer = await send(http, sent, contract);
          if (answer === 'unsendable') {
            summary.unsendable++;
            continue;
          }
          const full: Answer = { ...answer, eventsAppended: await events.sinceLast() };
          appended += full.eventsAppended;
          const found = [...violations(sent, full), ...answer.contract];
          if (Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys) found.push('Object.prototype was changed');
          summary.add(sent, full, found, i);
        }
        const heapAtEnd = settledHeap();
        const heapGrowth = heapAtEnd - heapAfterWarmUp;
        const steadyGrowth = Math.min(heapHalfway - heapAfterWarmUp, heapAtEnd - heapHalfway);
        const rssGrowth = process.memoryUsage().rss - rssAfterWarmUp;
        summary.print({
          seed: SEED,
          from: FROM,
          seconds: (Date.now() - started) / 1000,
          heapGrowth,
          steadyGrowth,
          rssGrowth,
          verbose: !!process.env.FUZZ_REQUESTS,
        });

        expect(summary.violations.slice(0, 20)).toEqual([]);
        // The per-request counts add up: no event committed out of their sight (e.g. after its request was answered).
        expect(await events.total()).toBe(eventsBefore + appended);
        expect(summary.sent).toBeGreaterThan(REQUESTS * 0.95);
        // It reached every operation and sent every family, and its valid requests get through often
        // enough to exercise the handlers, not only the validation in front of them.
        expect(summary.operations()).toBe(Math.min(operations.length, summary.sent));
        if (REQUESTS >= 500) expect(summary.families()).toBe(FAMILIES.length);
        if (REQUESTS >= 500) expect(summary.successRate('valid')).toBeGreaterThan(0.3);
        expect(steadyGrowth).toBeLessThan(LEAK_BOUND);
        expect(heapGrowth).toBeLessThan(MAX_HEAP_GROWTH);
      },
      120_000 + REQUESTS * 200,
    );
  });
});

/**
 * Events appended by anyone but the system actor (the deadline scheduler appends on its own).
 * `sinceLast` counts those above the last position it saw, an index range scan instead of counting
 * the whole log after each request: requests are sent one at a time, so the events of one commit in
 * transactions begun after the previous one was answered, at higher positions. `total` counts the
 * whole log, to check at the end that the per-request counts add up.
 */
class EventCounter {
  private last = '0';
  private static readonly NOT_SYSTEM = `metadata->>'role' IS DISTINCT FROM 'system'`;

  constructor(private readonly api: TestApi) {}

  async sinceLast(): Promise<number> {
    const { rows } = await this.api.db.pool.query(
      `SELECT count(*)::int AS n, max(global_position)::text AS last FROM events WHERE global_position > $1 AND ${EventCounter.NOT_SYSTEM}`,
      [this.last],
    );
    this.last = (rows[0].last as string | null) ?? this.last;
    return rows[0].n as number;
  }

  async total(): Promise<number> {
    const { rows } = await this.api.db.pool.query(
      `SELECT count(*)::int AS n, coalesce(max(global_position), 0)::text AS last FROM events WHERE ${EventCounter.NOT_SYSTEM}`,
    );
    this.last = rows[0].last as string;
    return rows[0].n as number;
  }
}

/** Sends `fuzz`; its answer, 'unsendable' if the HTTP client refuses to send such a request, or a status 0 answer if none came. */
async function send(
  http: ReturnType<typeof request>,
  fuzz: FuzzRequest,
  contract: ContractValidator,
): Promise<(Omit<Answer, 'eventsAppended'> & { contract: string[] }) | 'unsendable'> {
  const url = fuzz.path + (fuzz.query ? `?${fuzz.query}` : '');
  let call;
  try {
    call = http[fuzz.method.toLowerCase() as 'get' | 'post' | 'put'](url).set(fuzz.headers).timeout(ANSWER_TIMEOUT_MS);
  } catch {
    return 'unsendable';
  }
  if (fuzz.body !== undefined) call = typeof fuzz.body === 'string' ? call.send(fuzz.body) : sendBytes(call, fuzz.body);
  try {
    const response = await call.ok(() => true);
    const text = typeof response.text === 'string' ? response.text : '';
    const headers = response.headers as Record<string, string | string[] | undefined>;
    const problems = contract.check({ method: fuzz.method, url, status: response.status, headers, body: response.body, text });
    record(`${fuzz.method} ${fuzz.path} ${response.status}`, problems, false);
    return {
      contract: problems,
      status: response.status,
      contentType: String(response.headers['content-type'] ?? ''),
      body: response.body,
      bytes: Buffer.byteLength(text),
    };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN') return 'unsendable';
    // A server that stops reading an oversized body may close the socket under the client's feet before the 413 is read.
    if (fuzz.family === 'oversized body' && (code === 'EPIPE' || code === 'ECONNRESET'))
      return {
        status: 413,
        contentType: 'application/problem+json',
        body: { code: 'PAYLOAD_TOO_LARGE', status: 413 },
        bytes: 0,
        contract: [],
      };
    return { status: 0, contentType: '', body: undefined, bytes: 0, contract: [] };
  }
}

/** `call` with exactly `bytes` as its body (superagent would send a Buffer as the JSON of the Buffer object). */
function sendBytes(call: request.Test, bytes: Buffer): request.Test {
  return call.serialize(() => bytes as unknown as string).send(bytes);
}

/** Heap in use after two full collections. */
function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

class Summary {
  sent = 0;
  unsendable = 0;
  readonly violations: string[] = [];
  private readonly byOperation = new Map<string, Map<number, number>>();
  private readonly byFamily = new Map<string, Map<number, number>>();
  /** Problem codes by family: what refused each kind of spoiling. */
  private readonly codes = new Map<string, Map<string, number>>();

  operations(): number {
    return this.byOperation.size;
  }

  families(): number {
    return this.byFamily.size;
  }

  /** The share of `family`'s requests answered 2xx. */
  successRate(family: string): number {
    const statuses = [...(this.byFamily.get(family) ?? new Map<number, number>()).entries()];
    const total = statuses.reduce((sum, [, n]) => sum + n, 0);
    return statuses.filter(([status]) => status >= 200 && status < 300).reduce((sum, [, n]) => sum + n, 0) / Math.max(total, 1);
  }

  add(request: FuzzRequest, answer: Answer, found: string[], index: number): void {
    this.sent++;
    count(this.byOperation, request.operation.name, answer.status);
    count(this.byFamily, request.family, answer.status);
    const code = (answer.body as { code?: unknown } | undefined)?.code;
    if (answer.status >= 400 && typeof code === 'string') count(this.codes, request.family, code);
    for (const violation of found) {
      this.violations.push(
        `#${index} ${request.method} ${request.path.slice(0, 120)}${request.query ? '?' + request.query.slice(0, 80) : ''} [${request.family}: ${request.what.slice(0, 120)}]: ${violation}; answered ${JSON.stringify(answer.body)?.slice(0, 300)}`,
      );
    }
  }

  print(run: {
    seed: number;
    from: number;
    seconds: number;
    heapGrowth: number;
    steadyGrowth: number;
    rssGrowth: number;
    verbose: boolean;
  }): void {
    if (!run.verbose && this.violations.length === 0) return;
    const table = (rows: Map<string, Map<number, number>>) =>
      [...rows.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, statuses]) => {
          const total = [...statuses.values()].reduce((a, b) => a + b, 0);
          const detail = [...statuses.entries()]
            .sort(([a], [b]) => a - b)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ');
          return `  ${name.padEnd(70)} ${String(total).padStart(5)}  ${detail}`;
        })
        .join('\n');
    const families = FAMILIES.filter((f) => this.byFamily.has(f)).length;
    process.stdout.write(
      [
        `API fuzz: ${this.sent} requests (${this.unsendable} the HTTP client would not send) in ${run.seconds.toFixed(1)} s, seed ${run.seed}, from ${run.from}`,
        `heap growth after the warm-up: ${(run.heapGrowth / 1024 / 1024).toFixed(1)} MB (bound ${MAX_HEAP_GROWTH / 1024 / 1024} MB), in the smaller half ${(run.steadyGrowth / 1024 / 1024).toFixed(1)} MB (bound ${LEAK_BOUND / 1024 / 1024} MB); RSS ${(run.rssGrowth / 1024 / 1024).toFixed(1)} MB (not bounded: the allocator keeps what it got)`,
        `by operation (${this.byOperation.size}):`,
        table(this.byOperation),
        `by family (${families} of ${FAMILIES.length}):`,
        table(this.byFamily),
        'problem codes by family:',
        ...[...this.codes.entries()].map(
          ([family, codes]) => `  ${family.padEnd(20)} ${[...codes.entries()].map(([c, n]) => `${c}×${n}`).join(' ')}`,
        ),
        `violations: ${this.violations.length}`,
        ...this.violations.slice(0, 50).map((v) => `  ${v}`),
        `replay one: FUZZ_SEED=${run.seed} FUZZ_FROM=<#> FUZZ_REQUESTS=1 npx jest test/fuzz`,
        '',
      ].join('\n'),
    );
  }
}

function count<K>(rows: Map<string, Map<K, number>>, key: string, value: K): void {
  const values = rows.get(key) ?? new Map<K, number>();
  values.set(value, (values.get(value) ?? 0) + 1);
  rows.set(key, values);
}
