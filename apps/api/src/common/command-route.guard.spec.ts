import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommandRouteGuard } from './command-route.guard';
import type { IdempotentAnswers, KeptAnswer } from './idempotency/idempotent-answers';

/** What the guard and its hook touch of express's response, recording what was sent. */
function fakeResponse() {
  const headers = new Map<string, string>();
  const sent: { status: number; body: unknown; type?: string }[] = [];
  const response = {
    statusCode: 200,
    headersSent: false,
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)),
    hasHeader: (name: string) => headers.has(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    type(type: string) {
      headers.set('content-type', type);
      return this;
    },
    json(body: unknown) {
      sent.push({ status: this.statusCode, body, type: headers.get('content-type') });
      return this;
    },
  };
  return { response, headers, sent };
}

function contextFor(request: Partial<Request>, response: object): ExecutionContext {
  return {
    getHandler: () => function route() {},
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
}

function requestWith(headers: Record<string, string>): Partial<Request> {
  return { header: ((name: string) => headers[name.toLowerCase()]) as Request['header'], originalUrl: '/api/v1/cases', method: 'POST' };
}

/** The guard let through for a request (with `key` as its Idempotency-Key), its claim answering `kept`. */
async function guarded(kept: KeptAnswer | null, key?: string) {
  const answers = { claim: jest.fn(async () => kept) } as unknown as IdempotentAnswers;
  const { response, headers, sent } = fakeResponse();
  const request = requestWith(key === undefined ? {} : { 'idempotency-key': key });
  await new CommandRouteGuard(answers, new Reflector()).canActivate(contextFor(request, response));
  return { answers, response, headers, sent };
}

/** Lets the promise callbacks queued so far run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('CommandRouteGuard: a command answer', () => {
  it('carries its stream version as ETag; nothing is claimed without an Idempotency-Key', async () => {
    const { answers, response, headers, sent } = await guarded(null);
    response.status(201).json({ id: 'c1', version: 3, position: '7' });
    expect({ etag: headers.get('etag'), sent, claimed: (answers.claim as jest.Mock).mock.calls.length }).toEqual({
      etag: '"3"',
      sent: [{ status: 201, body: { id: 'c1', version: 3, position: '7' }, type: undefined }],
      claimed: 0,
    });
  });

  it('under an Idempotency-Key, goes out only once kept (with its ETag), so a retry after it finds it', async () => {
    let keep!: () => void;
    const kept: KeptAnswer = {
      keep: jest.fn((response: Response) => {
        expect(response.getHeader('etag')).toBe('"1"');
        return new Promise<void>((resolve) => (keep = resolve));
      }),
      release: jest.fn(async () => undefined),
    };
    const { response, sent } = await guarded(kept, 'k-1');
    response.status(201).json({ id: 'c1', version: 1 });
    await settled();
    expect(sent).toEqual([]);
    keep();
    await settled();
    expect({ sent: sent.map((s) => s.status), released: (kept.release as jest.Mock).mock.calls.length }).toEqual({
      sent: [201],
      released: 0,
    });
  });

  it('that cannot be kept (the database went away) is not sent: the key is given back and a 503 problem answers', async () => {
    const kept: KeptAnswer = {
      keep: jest.fn(async () => {
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      }),
      release: jest.fn(async () => undefined),
    };
    const { response, sent } = await guarded(kept, 'k-2');
    response.status(201).json({ id: 'c1', version: 1 });
    await settled();
    expect({ released: (kept.release as jest.Mock).mock.calls.length, sent }).toEqual({
      released: 1,
      sent: [{ status: 503, body: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }), type: 'application/problem+json' }],
    });
  });

  it('that is a refusal is neither versioned nor kept (the exception filter gives the key back)', async () => {
    const kept: KeptAnswer = { keep: jest.fn(async () => undefined), release: jest.fn(async () => undefined) };
    const { response, headers, sent } = await guarded(kept, 'k-3');
    response.status(409).json({ code: 'CONCURRENT_MODIFICATION', version: 4 });
    expect({ etag: headers.get('etag'), kept: (kept.keep as jest.Mock).mock.calls.length, sent: sent.length }).toEqual({
      etag: undefined,
      kept: 0,
      sent: 1,
    });
  });
});
