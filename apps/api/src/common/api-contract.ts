import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiParam } from '@nestjs/swagger';
import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AUTHENTICATION_FAILURE_CODES } from '../auth/authentication-failure';
import { PROBLEM_TYPE_BASE } from './problem-details.filter';

/*
 * The response side of the OpenAPI document, exact enough that a response it does not describe fails
 * a test (every e2e answer is validated against /docs-json). A route declares what only it can
 * answer: its success body (@Answers) and the problem codes of its own rules (@Problems). What every
 * route of a kind can answer is derived from what the route already declares (its security, its
 * headers, its parameters), in completeContract, so a new route cannot forget the 401 of its
 * sign-in or the 412 of its If-Match.
 */

export type Schema = SchemaObject | ReferenceObject;

/** Named schemas for components.schemas, registered by the modules that answer them (defineSchema). */
const namedSchemas = new Map<string, SchemaObject>();

/** A reusable schema under components.schemas; answers refer to it by the returned $ref. */
export function defineSchema(name: string, schema: SchemaObject): ReferenceObject {
  namedSchemas.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** Small builders: every object closed (`additionalProperties: false`), every field typed. */
export const S = {
  string: (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra }),
  integer: (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra }),
  number: (extra: SchemaObject = {}): SchemaObject => ({ type: 'number', ...extra }),
  boolean: (): SchemaObject => ({ type: 'boolean' }),
  /** An instant as ISO-8601 text (`2026-03-02T01:00:00.000Z`). */
  instant: (): SchemaObject => ({ type: 'string', format: 'date-time' }),
  /** A Beijing calendar date (`2026-03-02`). */
  date: (): SchemaObject => ({ type: 'string', format: 'date' }),
  /** A global log position: a decimal string, since positions exceed 2^53. */
  position: (): SchemaObject => ({ type: 'string', pattern: '^[0-9]+$' }),
  enum: (values: readonly string[]): SchemaObject => ({ type: 'string', enum: [...values] }),
  array: (items: Schema): SchemaObject => ({ type: 'array', items }),
  /** `schema` or null (OpenAPI 3.0: `nullable`; an enum lists null too, as 3.0.3 asks). */
  nullable: (schema: Schema): SchemaObject =>
    '$ref' in schema
      ? { allOf: [schema], nullable: true }
      : { ...schema, nullable: true, ...(schema.enum ? { enum: [...schema.enum, null] } : {}) },
  /** A closed object: these properties, all required but `optional`. */
  object: (properties: Record<string, Schema>, optional: readonly string[] = []): SchemaObject => {
    const required = Object.keys(properties).filter((p) => !optional.includes(p));
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
  },
  /** An object keyed by data (a unit id, a category code), each value `values`. */
  record: (values: Schema): SchemaObject => ({ type: 'object', additionalProperties: values }),
  /** Any JSON value: an event's data, whose shape is the event type's (docs/glossary.md). */
  anyObject: (description: string): SchemaObject => ({ type: 'object', additionalProperties: true, description }),
};

/** Response headers, by name, as documented on an answer; `required`: every such answer carries it. */
export const HEADERS = {
  ETag: {
    required: true,
    description:
      'The stream version, `"<version>"` (of a publication: its revision, `"0"` while none is published): send it back as If-Match',
    schema: { type: 'string', pattern: '^"[0-9]+"$' },
  },
  Location: { required: true, description: 'Where the new resource is read', schema: { type: 'string' } },
  'Retry-After': { required: true, description: 'Seconds to wait before retrying', schema: { type: 'string', pattern: '^[0-9]+$' } },
  'Idempotent-Replayed': {
    description: 'Present (`true`) when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  'WWW-Authenticate': {
    required: true,
    description: 'The Bearer challenge (RFC 6750 §3); with `error` when a token was refused',
    schema: { type: 'string', pattern: '^Bearer' },
  },
  'Content-Disposition': {
    required: true,
    description: '`attachment` with the file name (RFC 6266; `filename*` in UTF-8)',
    schema: { type: 'string', pattern: '^attachment; ' },
  },
  'Cache-Control': { description: 'A download is not cached', schema: { type: 'string', enum: ['no-store'] } },
  'X-Audit-Up-To-Position': {
    description: 'The last position the export covers (empty: the log is empty): `cursor` of the next export',
    schema: { type: 'string', pattern: '^[0-9]*$' },
  },
} satisfies Record<string, HeaderObject>;
export type HeaderName = keyof typeof HEADERS;

/** One success answer of a route. */
export interface Answer {
  status: number;
  description: string;
  /** The body per content type; default `application/json`. */
  schema: Schema;
  contentType?: string | readonly string[];
  headers?: readonly HeaderName[];
}

const ANSWERS_KEY = 'x-answers';
const PROBLEMS_KEY = 'x-problems';

/** The success answers of a route (several for a health check that answers 200 or 503 with the same body). */
export const Answers = (...answers: Answer[]) => ApiExtension(ANSWERS_KEY, answers);

/** Problem codes by HTTP status. */
export type ProblemCodes = Partial<Record<number, readonly string[]>>;

/**
 * The problems a route answers by its own rules (a 404 of its lookup, the 422s of its decider), on
 * top of the ones completeContract derives. Several @Problems on one route are merged.
 */
export const Problems = (codes: ProblemCodes) => applyDecorators(ApiExtension(`${PROBLEMS_KEY}-${problemsKeyCount++}`, codes));
let problemsKeyCount = 0;

/**
 * What a command on one aggregate can be refused for: its unknown id (or one the unit may not know
 * of) is 404, every other rule of its decider 422, as are `more` (the handler's look-ups: a unit not
 * registered or retired, a date the calendar cannot count).
 */
export function aggregateProblems(notFound: string, rules: Readonly<Record<string, string>>, more: readonly string[]): ProblemCodes {
  return { 404: [notFound], 422: [...codesOf(rules).filter((code) => code !== notFound), ...more] };
}

/** The values of a code table (`CaseErrors`, …): the enums follow the code's constants. */
export const codesOf = (...tables: Array<Readonly<Record<string, string>>>): string[] => tables.flatMap((t) => Object.values(t));

/** What any request may be refused for, whatever the route (request-guards.ts, the rate limit, the filter). */
const EVERY_ROUTE: ProblemCodes = {
  // A NUL or lone surrogate in the URL (urlGuard), or any request body: body-parser reads one on every method.
  // Node's own parser refuses a request that is not HTTP, too slow or with oversized headers (client-errors.ts).
  // A query parameter named __proto__, constructor or prototype, or one that does not decode (urlGuard),
  // or one the route does not read (DeclaredQueryGuard) is refused on every route; a body that is
  // not a JSON object, too (MALFORMED_JSON).
  400: ['INVALID_CHARACTER', 'MALFORMED_JSON', 'JSON_LIMIT_EXCEEDED', 'BAD_REQUEST', 'MALFORMED_REQUEST', 'VALIDATION_FAILED'],
  408: ['REQUEST_TIMEOUT'],
  413: ['PAYLOAD_TOO_LARGE'],
  431: ['REQUEST_HEADERS_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  429: ['RATE_LIMITED'],
  500: ['INTERNAL_ERROR'],
  503: ['SERVICE_UNAVAILABLE'],
};
/** A signed-in route (security declared): its token checked, its role, and the identity provider reachable. */
const SIGNED_IN: ProblemCodes = {
  401: AUTHENTICATION_FAILURE_CODES,
  403: ['FORBIDDEN_ROLE'],
  503: ['IDENTITY_PROVIDER_UNAVAILABLE'],
};
/** A command (Idempotency-Key declared): the key, its replay, and a concurrent writer. */
const IDEMPOTENT_COMMAND: ProblemCodes = {
  400: ['INVALID_IDEMPOTENCY_KEY'],
  409: ['IDEMPOTENCY_KEY_IN_PROGRESS', 'CONCURRENT_MODIFICATION', 'EVENT_ID_CONFLICT'],
  422: ['IDEMPOTENCY_KEY_REUSED'],
};
const IF_MATCH: ProblemCodes = { 400: ['INVALID_IF_MATCH'], 412: ['VERSION_MISMATCH'] };
const CORRELATION_ID: ProblemCodes = { 400: ['INVALID_CORRELATION_ID'] };
/** Parameters or a body: class-validator and the pipes. */
const VALIDATED: ProblemCodes = { 400: ['VALIDATION_FAILED'] };

/** Statuses whose problem says when to come back (the filter sets Retry-After from `retryAfterSeconds`). */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** The Problem schema (RFC 9457 with our `code`), as ProblemDetailsFilter writes it. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine-readable `code`; extension members name what the problem is about.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', description: `${PROBLEM_TYPE_BASE} + the code in kebab case` },
    title: { type: 'string', description: 'The HTTP status in words' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string', maxLength: 500 },
    instance: { type: 'string', description: 'The path of the request (no query)' },
    errors: {
      type: 'array',
      description: 'VALIDATION_FAILED, the header problems and a query parameter that does not decode: each field at fault, by its path',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: false,
      },
    },
    errorsOmitted: { type: 'integer', description: 'Fields at fault not listed in `errors`' },
    retryAfterSeconds: { type: 'integer', description: 'As Retry-After' },
    currentVersion: {
      type: 'integer',
      description:
        'CONCURRENT_MODIFICATION, VERSION_MISMATCH: the stream’s version now (of a publication: the revision in force, 0 for none)',
    },
    field: { type: 'string', description: 'A domain rule: the request field it is about' },
  },
  // A broken domain rule carries its own details (unitId, date, …): the members above are the common ones.
  additionalProperties: true,
};

/**
 * The document completed: each operation's responses are its declared answers and every problem it
 * can answer (declared, plus derived from the route's security, headers and parameters), each with
 * the enum of its codes; the Problem schema and the named schemas in components.
 */
export function completeContract(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...Object.fromEntries(namedSchemas), Problem: PROBLEM_SCHEMA };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) completeOperation(operation);
    }
  }
  return document;
}

function completeOperation(operation: OperationObject): void {
  const extensions = operation as unknown as Record<string, unknown>;
  const answers = (extensions[ANSWERS_KEY] as Answer[] | undefined) ?? [];
  const declared = Object.keys(extensions)
    .filter((key) => key.startsWith(`${PROBLEMS_KEY}-`))
    .map((key) => extensions[key] as ProblemCodes);
  for (const key of Object.keys(extensions)) if (key.startsWith(PROBLEMS_KEY) || key === ANSWERS_KEY) delete extensions[key];

  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const header = (name: string) => parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
  const problems = mergeProblems([
    EVERY_ROUTE,
    ...(operation.security?.length ? [SIGNED_IN] : []),
    ...(header('Idempotency-Key') ? [IDEMPOTENT_COMMAND] : []),
    ...(header('If-Match') ? [IF_MATCH] : []),
    ...(header('X-Correlation-Id') ? [CORRELATION_ID] : []),
    ...(operation.requestBody || parameters.some((p) => p.in === 'path' || p.in === 'query') ? [VALIDATED] : []),
    ...declared,
  ]);

  const responses: Record<string, ResponseObject> = {};
  for (const answer of answers) responses[answer.status] = answerResponse(answer);
  for (const [status, codes] of Object.entries(problems)) {
    const problem = problemResponse(Number(status), codes);
    const answer = responses[status];
    // A health check's 503 is its report; a 503 of the guards before it is still a problem document.
    responses[status] = answer
      ? {
          description: `${answer.description}; or a problem: ${problem.description}`,
          content: { ...answer.content, ...problem.content },
          headers: { ...answer.headers, ...problem.headers },
        }
      : problem;
  }
  operation.responses = responses;
}

function mergeProblems(all: ProblemCodes[]): Record<number, string[]> {
  const merged: Record<number, string[]> = {};
  for (const codes of all) {
    for (const [status, list] of Object.entries(codes)) {
      const into = (merged[Number(status)] ??= []);
      for (const code of list ?? []) if (!into.includes(code)) into.push(code);
    }
  }
  return merged;
}

function answerResponse({ description, schema, contentType = 'application/json', headers = [] }: Answer): ResponseObject {
  const types = typeof contentType === 'string' ? [contentType] : contentType;
  // A file that is not text (xlsx) is bytes; text (CSV, NDJSON) stays a string.
  const schemaFor = (type: string): Schema => (type.startsWith('application/vnd.') ? { type: 'string', format: 'binary' } : schema);
  return {
    description,
    content: Object.fromEntries(types.map((type) => [type, { schema: schemaFor(type) }])),
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, HEADERS[h]])) } : {}),
  };
}

function problemResponse(status: number, codes: string[]): ResponseObject {
  return {
    description: codes.join(', '),
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Problem' },
            { type: 'object', properties: { status: { type: 'integer', enum: [status] }, code: { type: 'string', enum: codes } } },
          ],
        },
      },
    },
    ...(RETRY_AFTER_STATUSES.has(status) ? { headers: { 'Retry-After': HEADERS['Retry-After'] } } : {}),
    ...(status === 401 ? { headers: { 'WWW-Authenticate': HEADERS['WWW-Authenticate'] } } : {}),
  };
}

/** What the file downloads (CSV, xlsx, NDJSON) answer: the file, as an attachment, not cached. */
export const download = (description: string, contentTypes: readonly string[], extraHeaders: readonly HeaderName[] = []): Answer => ({
  status: 200,
  description,
  schema: { type: 'string' },
  contentType: contentTypes,
  headers: ['Content-Disposition', 'Cache-Control', ...extraHeaders],
});

/** A command's answer: the stream's new version (also the ETag) and the global position. */
export const commandAnswer = (status: 200 | 201, schema: Schema, headers: readonly HeaderName[] = []): Answer => ({
  status,
  description:
    status === 201 ? 'Created: the new stream’s version (also the ETag) and position' : 'The stream’s new version (also the ETag)',
  schema,
  headers: ['ETag', 'Idempotent-Replayed', ...headers],
});

/** The `:year` of a route: a whole number (ParseIntPipe or AppraisalYearPipe), which reflection alone would call `number`. */
export const YearParam = () => ApiParam({ name: 'year', schema: { type: 'integer' } });

/** A keyset page (projections/runner/keyset.ts): its items, `nextCursor` (null on the last page), and `extra` fields. */
export const pageOf = (item: Schema, extra: Record<string, Schema> = {}): SchemaObject =>
  S.object({ items: S.array(item), nextCursor: S.nullable(S.string()), ...extra });

/** A read-model query that waits for `after` (or for the model to be built) answers 503 when it cannot in time. */
export const READ_MODEL_PROBLEMS: ProblemCodes = { 503: ['PROJECTION_NOT_READY'] };

/** The audit history's: a read model not ready, or one listing an event the log does not hold (AuditRowWithoutEvent). */
export const AUDIT_LIST_PROBLEMS: ProblemCodes = { 503: ['PROJECTION_NOT_READY', 'AUDIT_READ_MODEL_DAMAGED'] };
