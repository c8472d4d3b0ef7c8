import { Writable } from 'node:stream';
import { createLogger } from '@app/platform';
import { as, startTestApi, type TestApi } from '../support/api-app';

interface Line {
  level: number;
  msg: string;
  context?: string;
  req?: { id: string; method: string; path: string };
  res?: { status: number };
  responseTime?: number;
}

/**
 * The API's logs as an operator reads them: one line per request with the id the client got back in
 * X-Request-Id, and Nest's own lines with their context — through the process's pino logger.
 */
describe('the access log of the API', () => {
  const lines: Line[] = [];
  let api: TestApi;

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as Line), done()) });
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', logger: createLogger('info', sink) });
  });
  afterAll(() => api.close());

  async function lineOf(id: string): Promise<Line> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const line = lines.find((l) => l.req?.id === id);
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`no log line for request ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('writes one line per answered request, with the id it answered in X-Request-Id and the path without its query', async () => {
    const answer = await api.http.get('/api/v1/units?after=0').set(as.intake).expect(200);
    const id = answer.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await lineOf(id)).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id, method: 'GET', path: '/api/v1/units' },
      res: { status: 200 },
      responseTime: expect.any(Number),
    });
  });

  it("keeps a client's own request id, and writes a refused request at warn", async () => {
    const refused = await api.http.get('/api/v1/cases').set('X-Request-Id', 'client-trace-7').expect(401);
    expect(refused.headers['x-request-id']).toBe('client-trace-7');
    expect(await lineOf('client-trace-7')).toMatchObject({ level: 40, req: { path: '/api/v1/cases' }, res: { status: 401 } });
  });

  it("writes Nest's own lines through the same logger, with their context", () => {
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 30, context: 'NestApplication', msg: 'Nest application successfully started' }),
    );
  });
});
