import * as fs from 'node:fs';
// The module object itself (what serve-static's `send` calls through), so a spy on it sees the calls.
import nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Controller, Get } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { serveConsole } from './console-assets';

@Controller('api/v1/things')
class ThingsController {
  @Get()
  list(): { items: string[] } {
    return { items: ['a'] };
  }
}

describe('serveConsole: the built console beside the API', () => {
  let dir: string;
  let app: NestExpressApplication;
  const html = 'text/html,application/xhtml+xml';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>工作台</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-3f2a.js'), 'console.log(1)');
    // A file whose path is also an API route's: the route must answer, never the file.
    fs.mkdirSync(path.join(dir, 'api', 'v1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'api', 'v1', 'things'), 'shadow');
    const module = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = module.createNestApplication<NestExpressApplication>({ logger: false });
    expect(serveConsole(app, dir)).toBe(true);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the hashed assets, cacheable for good', async () => {
    const response = await request(app.getHttpServer()).get('/assets/index-3f2a.js');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it("answers a browser's page request anywhere but under the server's paths with the console's page", async () => {
    for (const page of ['/', '/cases/0b6c1d2e-0000-4000-8000-000000000000', '/ledger']) {
      const response = await request(app.getHttpServer()).get(page).set('Accept', html);
      expect({ page, status: response.status, body: response.text }).toEqual({
        page,
        status: 200,
        body: expect.stringContaining('工作台'),
      });
    }
  });

  it('leaves API paths to the API without looking at the disk, whatever the console folder holds', async () => {
    const stat = jest.spyOn(nodeFs, 'stat');
    try {
      const response = await request(app.getHttpServer()).get('/api/v1/things').set('Accept', html);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: ['a'] });
      expect(stat).not.toHaveBeenCalled();
    } finally {
      stat.mockRestore();
    }
  });

  it('an API client asking for a path nobody serves gets a 404, not the page', async () => {
    const response = await request(app.getHttpServer()).get('/reports').set('Accept', 'application/json');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('工作台');
  });
});
