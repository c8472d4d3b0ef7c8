import { BadRequestException, Logger, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { InvalidCursor, ReadModelNotReady } from '@app/projections';
import { decodeCursor } from '@app/projections/runner/keyset';
import { queryReadModel } from '@app/projections/runner/read-model-query';
import { ProblemDetailsFilter } from './problem-details.filter';

/** What the filter sends for `exception`: status, headers and body. */
function answer(exception: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const response = {
    setHeader: (name: string, value: string) => void (sent.headers[name] = value),
    status: (status: number) => ((sent.status = status), response),
    type: () => response,
    json: (body: unknown) => void (sent.body = body),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/api/v1/cases?limit=5' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

/**
 * A reader's errors are plain classes in projections/runner; over HTTP they must read exactly as the
 * HttpExceptions the API threw for them before: same status, code, detail, extensions and headers.
 */
describe('problem details for what a reader meets', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('a read model not built yet (undefined_table) is 503 PROJECTION_NOT_READY with Retry-After', async () => {
    const missing = { query: () => Promise.reject(Object.assign(new Error('relation "case_list" does not exist'), { code: '42P01' })) };
    const error = await queryReadModel(missing, 'case-list', 'SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadModelNotReady);
    const before = new ServiceUnavailableException({
      code: 'PROJECTION_NOT_READY',
      message: 'The case-list read model is not built yet; retry shortly',
      retryAfterSeconds: 1,
    });
    expect(answer(error)).toEqual(answer(before));
    expect(answer(error)).toMatchObject({ status: 503, headers: { 'Retry-After': '1' }, body: { code: 'PROJECTION_NOT_READY' } });
  });

  it('a read model behind the position asked for reads the same, with its own reason', () => {
    const before = new ServiceUnavailableException({
      code: 'PROJECTION_NOT_READY',
      message: 'The overdue read model has not reached that position yet; retry shortly',
      retryAfterSeconds: 1,
    });
    expect(answer(new ReadModelNotReady('overdue', 'has not reached that position yet'))).toEqual(answer(before));
  });

  it('a cursor the list never handed out is 400 VALIDATION_FAILED naming cursor', () => {
    const error = thrownBy(() => decodeCursor('bm90LWpzb24', [() => true]));
    expect(error).toBeInstanceOf(InvalidCursor);
    const message = 'cursor must be a nextCursor returned by this list';
    const before = new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'cursor', message }] });
    expect(answer(error)).toEqual(answer(before));
    expect(answer(error).body).toMatchObject({ status: 400, errors: [{ field: 'cursor', message }] });
  });
});
