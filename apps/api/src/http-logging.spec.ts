import { EventEmitter, once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { BadRequestException, Controller, Get, Req } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger, type LogLevel } from '@app/platform';
import { requestLogging } from './http-logging';

@Controller()
class RoutesController {
  @Get('api/v1/things')
  list(): { items: string[] } {
    return { items: ['a'] };
  }
  @Get('api/v1/refused')
  refused(): never {
    throw new BadRequestException('no');
  }
  @Get('api/v1/broken')
  broken(): never {
    throw new Error('broken');
  }
  /** Answers only once its client has gone; tells `arrivals` it has the request. */
  @Get('api/v1/slow')
  slow(@Req() request: http.IncomingMessage): Promise<string> {
    arrivals.emit('slow');
    return new Promise((resolve) => request.once('close', () => resolve('late')));
  }
  @Get('health')
  health(): string {
    return 'ok';
  }
}

/** Where the slow route says it has a request: a client may then go away knowing it was heard. */
const arrivals = new EventEmitter();

interface Line {
  level: number;
  msg: string;
  req: { id: string; method: string; path: string };
  res: { status: number };
  responseTime: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function appLoggingAt(level: LogLevel): Promise<{ app: NestExpressApplication; lines: Line[] }> {
  const lines: Line[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as Line), done()) });
  const module = await Test.createTestingModule({ controllers: [RoutesController] }).compile();
  const app = module.createNestApplication<NestExpressApplication>({ logger: false });
  app.use(requestLogging(createLogger(level, sink)));
  await app.listen(0, '127.0.0.1');
  return { app, lines };
}

async function until<T>(find: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('no such log line in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('requestLogging: the access log', () => {
  describe('at info', () => {
    let app: NestExpressApplication;
    let lines: Line[];
    beforeAll(async () => ({ app, lines } = await appLoggingAt('info')));
    afterAll(() => app.close());
    beforeEach(() => lines.splice(0));

    it('gives each request an id in X-Request-Id and writes one line with it, the path without its query, status and time', async () => {
      const answer = await request(app.getHttpServer()).get('/api/v1/things?name=张三').expect(200);
      const id = answer.headers['x-request-id'] as string;
      expect(id).toMatch(UUID);
      const line = await until(() => lines.find((l) => l.req?.id === id));
      expect(line).toEqual({
        level: 30,
        time: expect.any(Number),
        pid: process.pid,
        msg: 'request completed',
        req: { id, method: 'GET', path: '/api/v1/things' },
        res: { status: 200 },
        responseTime: expect.any(Number),
      });
      expect(JSON.stringify(lines)).not.toContain('张三');
    });

    it("keeps the client's X-Request-Id when it looks like an id, and replaces one that does not", async () => {
      const kept = await request(app.getHttpServer()).get('/api/v1/things').set('X-Request-Id', 'trace-42_a').expect(200);
      expect(kept.headers['x-request-id']).toBe('trace-42_a');
      const replaced = await request(app.getHttpServer()).get('/api/v1/things').set('X-Request-Id', 'a b\u00e9').expect(200);
      expect(replaced.headers['x-request-id']).toMatch(UUID);
      await until(() => lines.find((l) => l.req.id === 'trace-42_a'));
      await until(() => lines.find((l) => l.req.id === replaced.headers['x-request-id']));
    });

    it('writes a refusal at warn and a failure at error', async () => {
      const refused = await request(app.getHttpServer()).get('/api/v1/refused').expect(400);
      const broken = await request(app.getHttpServer()).get('/api/v1/broken').expect(500);
      const warn = await until(() => lines.find((l) => l.req.id === refused.headers['x-request-id']));
      const error = await until(() => lines.find((l) => l.req.id === broken.headers['x-request-id']));
      expect([warn.level, warn.msg, warn.res.status]).toEqual([40, 'request completed', 400]);
      expect([error.level, error.msg, error.res.status]).toEqual([50, 'request errored', 500]);
    });

    it('writes a request whose client went away before the answer at warn', async () => {
      const { port } = (app.getHttpServer() as http.Server).address() as AddressInfo;
      const arrived = once(arrivals, 'slow');
      const sent = http.get({ host: '127.0.0.1', port, path: '/api/v1/slow', headers: { 'X-Request-Id': 'gone-away' } });
      sent.on('error', () => undefined);
      // Gone once the route has the request: earlier, the server would have had no request to log.
      await arrived;
      sent.destroy();
      const line = await until(() => lines.find((l) => l.req.id === 'gone-away'));
      expect([line.level, line.msg]).toEqual([40, 'request aborted']);
    });

    it('leaves /health out', async () => {
      const health = await request(app.getHttpServer()).get('/health').expect(200);
      await request(app.getHttpServer()).get('/api/v1/things').set('X-Request-Id', 'after-health').expect(200);
      await until(() => lines.find((l) => l.req.id === 'after-health'));
      expect(health.headers['x-request-id']).toMatch(UUID);
      expect(lines.map((l) => l.req.path)).toEqual(['/api/v1/things']);
    });
  });

  it('writes nothing below the logger level, and still answers with the id', async () => {
    const { app, lines } = await appLoggingAt('warn');
    try {
      const ok = await request(app.getHttpServer()).get('/api/v1/things').expect(200);
      expect(ok.headers['x-request-id']).toMatch(UUID);
      await request(app.getHttpServer()).get('/api/v1/refused').set('X-Request-Id', 'refused-at-warn').expect(400);
      await until(() => lines.find((l) => l.req.id === 'refused-at-warn'));
      expect(lines).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
