import * as http from 'node:http';
import { ContractValidator, type ContractDocument, type ObservedResponse } from './contract';
import { contractCheckedAgent, ContractViolation, offContract } from './contract-agent';

/**
 * The contract check can fail: a small document, and answers that keep or break it. (The e2e suite
 * only ever shows it passing.)
 */
const problem = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: ['CASE_NOT_FOUND', 'NOT_FOUND'] },
  },
  required: ['type', 'title', 'status', 'code'],
  additionalProperties: false,
};
const document: ContractDocument = {
  paths: {
    '/cases/{id}': {
      get: {
        responses: {
          200: {
            description: 'the case',
            headers: { ETag: { required: true, schema: { type: 'string', pattern: '^"[0-9]+"$' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Case' } } },
          },
          404: {
            description: 'no such case',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      },
    },
    '/cases/summary': {
      get: { responses: { 200: { description: 'counts', content: { 'text/csv': { schema: { type: 'string' } } } } } },
    },
    '/cases/{id}/close': { post: { responses: { 204: { description: 'closed' } } } },
  },
  components: {
    schemas: {
      Case: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          closedAt: { type: 'string', format: 'date-time', nullable: true },
          unit: { allOf: [{ $ref: '#/components/schemas/Unit' }], nullable: true },
        },
        required: ['id', 'closedAt'],
        additionalProperties: false,
      },
      Unit: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false },
      Problem: problem,
    },
  },
};

const validator = new ContractValidator(document);
const json = { 'content-type': 'application/json; charset=utf-8', etag: '"3"' };
const aCase = (body: unknown, extra: Partial<ObservedResponse> = {}): ObservedResponse => ({
  method: 'GET',
  url: '/cases/c-1?asOf=2026-03-02T01:00:00Z',
  status: 200,
  headers: json,
  body,
  text: JSON.stringify(body),
  ...extra,
});
const notFound = { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND' };

describe('the contract check', () => {
  it('passes an answer the document describes, nullable fields null or set', () => {
    expect(validator.check(aCase({ id: 'c-1', closedAt: null, unit: null }))).toEqual([]);
    expect(validator.check(aCase({ id: 'c-1', closedAt: '2026-03-02T01:00:00.000Z', unit: { id: 'u-1' } }))).toEqual([]);
  });

  it('reports a field the document does not have', () => {
    expect(validator.check(aCase({ id: 'c-1', closedAt: null, secret: 'x' }))).toEqual([
      '(body) must NOT have additional properties "secret"',
    ]);
  });

  it('reports a missing or mistyped field, also inside a nullable reference', () => {
    expect(validator.check(aCase({ closedAt: 'yesterday' }))).toEqual(
      expect.arrayContaining(["(body) must have required property 'id'", '/closedAt must match format "date-time"']),
    );
    expect(validator.check(aCase({ id: 'c-1', closedAt: null, unit: { name: 'x' } }))).not.toEqual([]);
  });

  it('reports a status the operation does not document', () => {
    expect(validator.check(aCase(notFound, { status: 409, headers: { 'content-type': 'application/problem+json' } }))).toEqual([
      'status 409 is not documented for GET /cases/{id} (documented: 200, 404)',
    ]);
  });

  it('reports a content type the status does not document, and a body where none is documented', () => {
    expect(validator.check(aCase(notFound, { status: 404, headers: { 'content-type': 'application/json' } }))).toEqual([
      'content type application/json is not documented for status 404 (documented: application/problem+json)',
    ]);
    expect(validator.check({ method: 'POST', url: '/cases/c-1/close', status: 204, headers: {}, body: {}, text: '' })).toEqual([]);
    expect(
      validator.check({
        method: 'POST',
        url: '/cases/c-1/close',
        status: 204,
        headers: { 'content-type': 'text/plain' },
        body: {},
        text: 'ok',
      }),
    ).toEqual(['status 204 documents no body, got text/plain']);
  });

  it('reports a documented header missing or malformed', () => {
    const { etag: _, ...withoutEtag } = json;
    expect(validator.check(aCase({ id: 'c-1', closedAt: null }, { headers: withoutEtag }))).toEqual(['required header ETag is missing']);
    expect(validator.check(aCase({ id: 'c-1', closedAt: null }, { headers: { ...json, etag: 'W/"3"' } }))).toEqual([
      'header ETag: (body) must match pattern "^"[0-9]+"$"',
    ]);
  });

  it('prefers a literal path to a parameter, and checks a non-JSON answer by its content type', () => {
    const csv = {
      method: 'GET',
      url: '/cases/summary',
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: {},
      text: 'a,b\n',
    };
    expect(validator.check(csv)).toEqual([]);
  });

  it('wants a Problem for a path or method the document does not have', () => {
    const unknown = {
      method: 'GET',
      url: '/nowhere',
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
      body: notFound,
      text: '',
    };
    expect(validator.check(unknown)).toEqual([]);
    expect(validator.check({ ...unknown, body: { message: 'Cannot GET /nowhere' } })).not.toEqual([]);
    expect(validator.check({ ...unknown, headers: { 'content-type': 'text/html' } })).toEqual([
      'an undocumented path answered 404 with content type text/html, not application/problem+json',
    ]);
    expect(validator.check({ ...unknown, method: 'DELETE', url: '/cases/c-1', status: 200 })).toEqual([
      'an undocumented method answered 200: only an error is expected there',
    ]);
  });

  it('lets a CORS preflight be an empty 2xx, or a Problem when refused', () => {
    const preflight = { method: 'OPTIONS', url: '/cases/c-1', status: 204, headers: {}, body: {}, text: '', preflight: true };
    expect(validator.check(preflight)).toEqual([]);
    expect(validator.check({ ...preflight, status: 200, headers: { 'content-type': 'text/html' }, text: 'GET,HEAD' })).toEqual([
      'a CORS preflight answered 200 with a body',
    ]);
    expect(validator.check({ ...preflight, preflight: false })).toEqual([
      'an undocumented method answered 204: only an error is expected there',
    ]);
  });
});

describe('the contract-checked agent', () => {
  let server: http.Server;
  let answer: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '{}' };
  beforeAll(async () => {
    server = http.createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': answer.type, etag: '"1"' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  // Its deliberate violations are not the API's: they stay out of the run's tally.
  const agent = () => contractCheckedAgent(server, () => document, { countInRun: false });

  it('fails the request that got an undocumented answer, naming it', async () => {
    answer = { status: 200, type: 'application/json', body: JSON.stringify({ id: 'c-1', closedAt: null, extra: 1 }) };
    await expect(agent().get('/cases/c-1').expect(200)).rejects.toThrow(ContractViolation);
    await expect(agent().get('/cases/c-1')).rejects.toThrow(
      /Response to GET \/cases\/c-1 breaks the OpenAPI contract:\n {2}- \(body\) must NOT have additional properties "extra"/,
    );
  });

  it('lets a documented answer through to the test', async () => {
    answer = { status: 200, type: 'application/json', body: JSON.stringify({ id: 'c-1', closedAt: null }) };
    const response = await agent().get('/cases/c-1').expect(200);
    expect(response.body).toEqual({ id: 'c-1', closedAt: null });
  });

  it('fails the request, not the run, when the document cannot be checked against', async () => {
    answer = { status: 200, type: 'application/json', body: '{}' };
    const broken: ContractDocument = {
      paths: {
        '/cases/{id}': {
          get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } },
        },
      },
    };
    await expect(contractCheckedAgent(server, () => broken, { countInRun: false }).get('/cases/c-1')).rejects.toThrow(
      /the contract check itself failed: can't resolve reference/,
    );
  });

  it('holds a deliberately bad request to a Problem, not to the operation', async () => {
    answer = { status: 400, type: 'application/problem+json', body: JSON.stringify({ ...notFound, status: 400 }) };
    await expect(agent().get('/cases/c-1')).rejects.toThrow(/status 400 is not documented/);
    await offContract(agent().get('/cases/c-1')).expect(400);
    answer = { status: 400, type: 'text/html', body: '<h1>Bad</h1>' };
    await expect(offContract(agent().get('/cases/c-1'))).rejects.toThrow(/not application\/problem\+json/);
  });
});
