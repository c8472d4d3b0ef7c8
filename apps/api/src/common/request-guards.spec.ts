import { HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { jsonBodyGuard, urlGuard } from './request-guards';

/** What a guard hands `next`: nothing when the request goes on, else the problem body and status. */
function verdict(guard: typeof urlGuard, request: Partial<Request>): { status: number; body: unknown } | null {
  let passed: unknown = 'not called';
  guard(request as Request, {} as Response, (error?: unknown) => (passed = error));
  if (passed === undefined) return null;
  if (!(passed instanceof HttpException)) throw new Error(`next(${String(passed)})`);
  return { status: passed.getStatus(), body: passed.getResponse() };
}

describe('urlGuard', () => {
  const url = (originalUrl: string) => verdict(urlGuard, { originalUrl });

  it('refuses a query parameter that is not percent-encoded UTF-8 as the path is refused, naming the parameter', () => {
    for (const value of ['%FF', '%C0%AF', '%E4%B8', 'a%', '%zz']) {
      expect(url(`/api/v1/cases?limit=5&q=${value}`)).toEqual({
        status: 400,
        body: {
          code: 'MALFORMED_REQUEST',
          message: 'The query parameter q is not percent-encoded UTF-8',
          errors: [{ field: 'q', message: 'q is not percent-encoded UTF-8' }],
        },
      });
    }
  });

  it('names a parameter by its decoded name, or as sent when the name itself does not decode', () => {
    expect(url('/api/v1/cases?%E5%90%8D=%FF')).toMatchObject({ body: { errors: [{ field: '名' }] } });
    expect(url('/api/v1/cases?%FF=1')).toMatchObject({ body: { errors: [{ field: '%FF' }] } });
    expect(url(`/api/v1/cases?${'n'.repeat(500)}=%FF`)).toMatchObject({ body: { errors: [{ field: `${'n'.repeat(100)}…` }] } });
  });

  it('lets UTF-8 through, `+` as a space, and a parameter without a value', () => {
    for (const query of ['q=%E8%AE%B8%E5%8F%AF', 'q=a+b', 'q', 'q=', 'a=1&&b=2', '']) expect(url(`/api/v1/cases?${query}`)).toBeNull();
  });

  it('still refuses the path first, and a NUL or lone surrogate as INVALID_CHARACTER', () => {
    expect(url('/api/v1/cases/%FF?q=%FF')).toMatchObject({
      body: { code: 'MALFORMED_REQUEST', message: 'The path is not percent-encoded UTF-8' },
    });
    expect(url('/api/v1/cases?q=%ED%A0%80')).toMatchObject({ body: { code: 'INVALID_CHARACTER' } });
  });
});

describe('jsonBodyGuard', () => {
  const body = (value: unknown) => verdict(jsonBodyGuard, { body: value });

  it('refuses a JSON array as it refuses a bare value: MALFORMED_JSON, whatever the array holds', () => {
    for (const value of [[], ['x', 1], [{}]]) {
      expect(body(value)).toEqual({
        status: 400,
        body: { code: 'MALFORMED_JSON', message: 'The request body must be a JSON object, not an array' },
      });
    }
  });

  it('lets an object, or no body, through', () => {
    expect(body({})).toBeNull();
    expect(body(undefined)).toBeNull();
  });
});
