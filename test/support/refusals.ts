import type { Response } from 'supertest';
import type { TestApi } from './api-app';

/**
 * Sends `send` and checks what every refused request must be: a 400 problem+json with `code`, no
 * larger than `maxBytes` when given, and not one event appended. Answers the problem's body.
 */
export async function expectRefused(
  api: TestApi,
  send: () => PromiseLike<Response>,
  code: string,
  options: { maxBytes?: number } = {},
): Promise<Record<string, unknown>> {
  const before = await api.eventCount();
  const response = await send();
  expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (options.maxBytes !== undefined) expect(Buffer.byteLength(response.text)).toBeLessThan(options.maxBytes);
  expect(await api.eventCount()).toBe(before);
  return response.body as Record<string, unknown>;
}
