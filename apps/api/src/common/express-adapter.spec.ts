import type * as http from 'node:http';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Express, Request, Response } from 'express';
import request from 'supertest';
import { ApiExpressAdapter } from './express-adapter';

@Controller('things')
class ThingsController {
  /** Uses express's request and response methods (`req.get`, `res.status().json()`). */
  @Get()
  list(@Req() req: Request, @Res() res: Response): void {
    res.status(203).json({ accept: req.get('accept') ?? null, path: req.path });
  }

  @Post()
  add(@Body() body: { name: string }): { added: string } {
    return { added: body.name };
  }
}

async function appWith(adapter?: ApiExpressAdapter): Promise<NestExpressApplication> {
  const module = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
  const app = adapter
    ? module.createNestApplication<NestExpressApplication>(adapter, { logger: false })
    : module.createNestApplication<NestExpressApplication>({ logger: false });
  await app.init();
  return app;
}

/** The prototypes of each request and response as the server hands them over, before express sees them. */
function bornPrototypes(app: NestExpressApplication): Array<{ request: boolean; response: boolean }> {
  const express = app.getHttpAdapter().getInstance() as Express;
  const seen: Array<{ request: boolean; response: boolean }> = [];
  (app.getHttpServer() as http.Server).prependListener('request', (req, res) =>
    seen.push({ request: Object.getPrototypeOf(req) === express.request, response: Object.getPrototypeOf(res) === express.response }),
  );
  return seen;
}

describe('ApiExpressAdapter: requests and responses born with express’s prototypes', () => {
  let app: NestExpressApplication;
  afterEach(async () => app?.close());

  it('hands express requests and responses that already have its prototypes, so it has none to change', async () => {
    app = await appWith(new ApiExpressAdapter());
    const seen = bornPrototypes(app);
    await request(app.getHttpServer()).get('/things').expect(203);
    expect(seen).toEqual([{ request: true, response: true }]);
  });

  it('is what Nest’s own adapter does not do (the check above would fail without it)', async () => {
    app = await appWith();
    const seen = bornPrototypes(app);
    await request(app.getHttpServer()).get('/things').expect(203);
    expect(seen).toEqual([{ request: false, response: false }]);
  });

  it('answers as express does: its request and response methods, bodies, unknown routes', async () => {
    app = await appWith(new ApiExpressAdapter());
    const listed = await request(app.getHttpServer()).get('/things?x=1').set('Accept', 'application/json').expect(203);
    expect(listed.body).toEqual({ accept: 'application/json', path: '/things' });
    expect(listed.headers['content-type']).toBe('application/json; charset=utf-8');
    const added = await request(app.getHttpServer()).post('/things').send({ name: '城管局' }).expect(201);
    expect(added.body).toEqual({ added: '城管局' });
    await request(app.getHttpServer()).get('/nothing-here').expect(404);
  });
});
