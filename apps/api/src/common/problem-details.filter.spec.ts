import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  type ArgumentsHost,
} from '@nestjs/common';
import { DomainError, PROBLEM_MEMBERS } from '@app/domain';
import { verdictOn } from '@app/domain/rectification/measure.rules';
import { StreamMoved } from '@app/event-store';
import { InvalidCursor, ReadModelNotReady } from '@app/projections';
import { decodeCursor } from '@app/projections/runner/keyset';
import { queryReadModel } from '@app/projections/runner/read-model-query';
import { PROBLEM_SCHEMA } from './api-contract';
import { ProblemDetailsFilter } from './problem-details.filter';

/** What the filter sends for `exception`: status, headers and body. */
function answer(exception: unknown, originalUrl = '/api/v1/cases?limit=5', headersSent = false) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown, destroyed: false };
  const response = {
    headersSent,
    destroy: () => void (sent.destroyed = true),
    setHeader: (name: string, value: string) => void (sent.headers[name] = value),
    status: (status: number) => ((sent.status = status), response),
    type: () => response,
    json: (body: unknown) => void (sent.body = body),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl }), getResponse: () => response }),
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

  it('configuration that moved under a decision twice over is 409 CONCURRENT_MODIFICATION, naming no stream', () => {
    const sent = answer(new StreamMoved('unit-town-yangluo', 3, 5));
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ status: 409, code: 'CONCURRENT_MODIFICATION' });
    expect(JSON.stringify(sent.body)).not.toContain('unit-town-yangluo');
  });
});

/** Every way to a 5xx, and the size of any problem: nothing of what failed underneath reaches the client. */
describe('problem details never leak', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  const SQL = 'SELECT complainant_name, phone FROM complainants WHERE ref = $1';
  const leaks = (body: unknown) => {
    const text = JSON.stringify(body);
    return ['SELECT', 'complainants', 'at Object', '.ts:', '.js:', 'node_modules', 'password'].filter((word) => text.includes(word));
  };

  it.each([
    ['a driver error with SQL and a stack', Object.assign(new Error(`syntax error in ${SQL}`), { code: '42601', query: SQL })],
    ['an HttpException 500 quoting what failed', new InternalServerErrorException(`query failed: ${SQL}`)],
    [
      'an HttpException 502 with an object body',
      new HttpException({ message: `upstream said ${SQL}`, stack: 'at Object.<anonymous> (x.ts:1:1)' }, 502),
    ],
    [
      'a body-parser failure of its own',
      Object.assign(new Error(`stream encoding should not be set: ${SQL}`), { type: 'stream.encoding.set', status: 500, expose: false }),
    ],
    ['a thrown string', `password=secret ${SQL}`],
    ['a thrown null', null],
    ['a stack overflow', new RangeError('Maximum call stack size exceeded')],
  ])('%s: a 5xx with our words only', (_name, exception) => {
    const { status, body } = answer(exception);
    expect(status).toBeGreaterThanOrEqual(500);
    expect(body).toMatchObject({ detail: 'An unexpected error occurred; it has been logged' });
    expect(leaks(body)).toEqual([]);
  });

  it('keeps the detail of a 5xx we wrote ourselves, with its code', () => {
    const { body } = answer(new ReadModelNotReady('case-list', 'is not built yet'));
    expect(body).toMatchObject({ status: 503, code: 'PROJECTION_NOT_READY', detail: expect.stringContaining('case-list') });
  });

  it('cuts a long detail and instance short', () => {
    const path = '/api/v1/' + 'x'.repeat(16_000);
    const { body } = answer(new NotFoundException(`Cannot GET ${path}`), path);
    expect(JSON.stringify(body).length).toBeLessThan(1000);
  });

  it('quotes the path it did not find without its query', () => {
    const url = '/api/v1/nowhere?phone=13912345678';
    const { body } = answer(new NotFoundException(`Cannot GET ${url}`), url);
    expect(body).toMatchObject({ status: 404, detail: 'Cannot GET /api/v1/nowhere', instance: '/api/v1/nowhere' });
    expect(JSON.stringify(body)).not.toContain('13912345678');
  });

  it('cuts off a response whose headers are already sent, writing nothing', () => {
    const sent = answer(new Error('the stream broke'), '/api/v1/audit/events/export', true);
    expect(sent).toMatchObject({ status: 0, body: undefined, destroyed: true });
  });
});

describe('problem details when the database is away', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['refused (server down)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['ended by a restart (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['lost mid-query', new Error('Connection terminated unexpectedly')],
    ['wrapped by whoever rethrew it', new Error('append failed', { cause: Object.assign(new Error('x'), { code: '08006' }) })],
    ['out of connections (53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['cancelled (57014)', Object.assign(new Error('canceling statement due to user request'), { code: '57014' })],
    ['out of its lock time (55P03)', Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' })],
    [
      'read-only, a failover under way (25006)',
      Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
    ],
    ['in a deadlock (40P01)', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
  ])('a connection %s is 503 SERVICE_UNAVAILABLE with Retry-After, and says nothing of the driver', (_, error) => {
    const sent = answer(error);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toMatch(/^\d+$/);
    expect(sent.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: 'The database is unavailable; retry shortly' });
  });

  it('a query the database refuses for what it says (a syntax error) stays a 500', () => {
    expect(answer(Object.assign(new Error('syntax error'), { code: '42601' })).status).toBe(500);
  });
});

describe('problem details for a broken domain rule', () => {
  it('carries a measure’s status as measureStatus beside the HTTP status', () => {
    const error = verdictOn({ ...PLANNED, status: 'verified' }, true, null, 'measureId');
    expect(answer(error)).toMatchObject({
      status: 422,
      body: { status: 422, code: 'MEASURE_ALREADY_VERIFIED', measureId: 'M1', measureStatus: 'verified', field: 'measureId' },
    });
  });

  it('keeps its HTTP status and the members of its own should a rule’s details name one of them', () => {
    // @ts-expect-error a problem member: DomainErrorDetails refuses it, and the filter still keeps its own.
    const error = new DomainError('MEASURE_NOT_REPORTED', 'Measure M1 has not been reported done', { measureId: 'M1', status: 'reopened' });
    expect(answer(error)).toMatchObject({ status: 422, body: { status: 422, code: 'MEASURE_NOT_REPORTED', measureId: 'M1' } });
  });

  it('refuses, by type, every member of the problem that is not a detail of a rule', () => {
    // The one member of the Problem schema a rule fills: the request's field at fault.
    const members = Object.keys(PROBLEM_SCHEMA.properties ?? {}).filter((member) => member !== 'field');
    expect([...PROBLEM_MEMBERS].sort()).toEqual(members.sort());
  });

  it('is 404 when it is the thing the path names, 422 when it is a field of the request', () => {
    expect(answer(new DomainError('FINDING_NOT_FOUND', 'There is no such finding')).status).toBe(404);
    const named = new DomainError('CAMPAIGN_NOT_FOUND', 'There is no such campaign', { field: 'source.campaignId' });
    expect(answer(named)).toMatchObject({ status: 422, body: { field: 'source.campaignId' } });
  });
});

const PLANNED = {
  measureId: 'M1',
  responsibleUnitId: 'dept-market',
  dueDate: '2026-10-30',
  status: 'planned',
  duePassedFor: null,
  recheckDue: null,
  recheckPassedFor: null,
} as const;
