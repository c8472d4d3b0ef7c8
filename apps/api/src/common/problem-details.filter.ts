import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, PreconditionFailedException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@app/domain';
import { EventIdConflict, StreamMoved, WrongExpectedVersion } from '@app/event-store';
import { InvalidCursor, ReadModelNotReady } from '@app/projections';
import { AuditReadModelLocked } from '@app/projections/audit/audit-read-model-check';
import { AuditRowWithoutEvent } from '@app/projections/audit/audit.reader';
import { requestIdOf } from '../http-logging';
import { releaseClaimOf, replay, ReplayedAnswer } from './idempotency/idempotent-answers';
import { parseIfMatch } from './if-match';
import { allowedMethods, isRouteNotFound } from './method-not-allowed';

/** RFC 9457 problem details, with a stable machine-readable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Base URI of our problem types; `type` = this + code in kebab case. Documented, not dereferenced. */
export const PROBLEM_TYPE_BASE = 'https://complaint-cases.example/problems/';

/**
 * Domain rules whose breach means "no such thing" rather than "not allowed now": 404 when it is the
 * thing the path names. The same code about a field of the request (a finding's `source.campaignId`)
 * is a 422 naming that field, as an unregistered unit in a body is.
 */
const NOT_FOUND_CODES = new Set(['CASE_NOT_FOUND', 'CAMPAIGN_NOT_FOUND', 'FINDING_NOT_FOUND', 'RANKING_NOT_FOUND', 'UNIT_NOT_FOUND']);
const notFound = (error: DomainError): boolean => NOT_FOUND_CODES.has(error.code) && error.details.field === undefined;

/**
 * Every error leaves as application/problem+json. HttpExceptions keep their status and may carry
 * `code` and extension members in their response object; a broken domain rule is 422 with its code
 * (404 for an unknown case, unit, …: NOT_FOUND_CODES); a concurrent append is 409; a read model not built yet, or behind the
 * position asked for, is 503 with Retry-After; a cursor the list never handed out is 400;
 * body-parser errors (malformed JSON, oversized body) become 400/413; anything else is a 500 whose
 * details stay in the log. No answer carries a stack trace, SQL or a driver's message: a 5xx says
 * only what we wrote for it (a code of ours), and `detail` and `instance` are cut short, so no
 * problem is more than a few kB whatever the request held.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // A retry of a command already answered (Idempotency-Key): its first answer again, no problem.
    if (exception instanceof ReplayedAnswer) return replay(response, exception);
    // A failed command gives its key back before it answers, so a retry after the answer runs again.
    const released = releaseClaimOf(request);
    if (released) void released.then(() => answerProblem(exception, request, response));
    else answerProblem(exception, request, response);
  }
}

const logger = new Logger('Problem');

/** Answers `exception` as problem+json (or cuts off an answer already under way). */
export function answerProblem(exception: unknown, request: Request, response: Response): void {
  const path = request.originalUrl?.split('?')[0];
  const allowed = isRouteNotFound(exception) ? allowedMethods(request) : [];
  const problem: ProblemDetails = {
    ...(allowed.length > 0 ? methodNotAllowed(request.method, allowed) : problemFor(versionMismatch(exception, request) ?? exception)),
    instance: cut(path, MAX_INSTANCE),
  };
  // Express's "Cannot GET <url>" quotes the query too, and a query may hold anything a client put
  // there (a phone number in a mistyped filter): the answer names the path alone, as `instance` does.
  if (problem.detail && path) problem.detail = withoutQuery(problem.detail, path);
  // The request's id, so the failure can be found beside its access-log line (http-logging.ts).
  if (problem.status >= 500) logger.error({ reqId: requestIdOf(request), err: exception instanceof Error ? exception : String(exception) });
  // A stream (an export) that fails after its headers went out can only be cut off.
  if (response.headersSent) return void response.destroy();
  // A problem that says when to come back (e.g. a read model still catching up) says it in the header too.
  if (typeof problem.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(problem.retryAfterSeconds));
  if (allowed.length > 0) response.setHeader('Allow', allowed.join(', '));
  response.status(problem.status).type('application/problem+json').json(problem);
}

/**
 * A command sent with If-Match asked to act only on the version it saw: when the stream has moved
 * on, that is 412 VERSION_MISMATCH, not the 409 a concurrent writer otherwise gets.
 */
function versionMismatch(exception: unknown, request: Request): HttpException | null {
  if (!(exception instanceof WrongExpectedVersion)) return null;
  let expectedVersion: number | undefined;
  try {
    expectedVersion = parseIfMatch(request.header?.('if-match'));
  } catch {
    return null; // refused as a 400 before any command ran
  }
  if (expectedVersion === undefined) return null;
  return new PreconditionFailedException({
    code: 'VERSION_MISMATCH',
    message: `The stream is at version ${exception.actual}, not ${expectedVersion}`,
    currentVersion: exception.actual,
  });
}

/** 405: the path is a route's, the method none of its own (method-not-allowed.ts); `Allow` lists them. */
function methodNotAllowed(method: string, allowed: readonly string[]): ProblemDetails {
  return problem(405, 'METHOD_NOT_ALLOWED', `${method} is not a method of this path; it takes ${allowed.join(', ')}`);
}

/** `detail` with the URL it quotes cut at its query (the quote ends at a space, or with the text). */
function withoutQuery(detail: string, path: string): string {
  const at = detail.indexOf(`${path}?`);
  if (at < 0) return detail;
  const end = detail.slice(at).search(/\s/);
  return detail.slice(0, at) + path + (end < 0 ? '' : detail.slice(at + end));
}

/** The problem an error is answered with (also how the command metrics name a refusal's code). */
export function problemFor(exception: unknown): ProblemDetails {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const extra = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const { message, error: _error, statusCode: _statusCode, code, ...extensions } = extra;
    const detail = typeof body === 'string' ? body : typeof message === 'string' ? message : exception.message;
    // A 5xx we did not write ourselves (with a code) may quote whatever failed underneath: not sent.
    if (status >= 500 && typeof code !== 'string') return problem(status, defaultCode(status), UNEXPECTED);
    return problem(status, typeof code === 'string' ? code : defaultCode(status), detail, extensions);
  }
  if (exception instanceof DomainError) {
    return problem(notFound(exception) ? 404 : 422, exception.code, exception.message, { ...exception.details });
  }
  if (exception instanceof WrongExpectedVersion) {
    return problem(409, 'CONCURRENT_MODIFICATION', 'Someone else changed this first; reload it and try again', {
      currentVersion: exception.actual,
    });
  }
  if (exception instanceof StreamMoved) {
    // A command decided on configuration held, or on another stream it read (a finding a deduction
    // cites), is decided again when one moved (onHeldConfiguration): this reaches a caller only if
    // that second decision met yet another change.
    return problem(
      409,
      'CONCURRENT_MODIFICATION',
      'What this decision was made from (the configuration, a record it cites) changed meanwhile; try again',
    );
  }
  if (exception instanceof ReadModelNotReady) {
    return problem(503, 'PROJECTION_NOT_READY', exception.message, { retryAfterSeconds: exception.retryAfterSeconds });
  }
  if (exception instanceof AuditRowWithoutEvent) {
    // Not a 500 (nothing a retry or a fix of ours mends) nor a page without that row (the discipline
    // office would lose sight of an event, or be shown one the log does not hold): a stable refusal
    // saying what mends it. It stays so until the read model is rebuilt: Retry-After (every 503 says
    // one) is as long as a rebuild takes, not the seconds a read model catching up would.
    return problem(
      503,
      'AUDIT_READ_MODEL_DAMAGED',
      'The audit read model lists an event the log does not hold there; run `npm run audit -- verify` and rebuild the audit read model (`npm run projections -- rebuild audit`)',
      { retryAfterSeconds: AUDIT_REBUILD_RETRY_AFTER_SECONDS },
    );
  }
  if (exception instanceof AuditReadModelLocked) {
    // audit verify waited its lock_timeout for the read model (another session holds it): as the database away, saying why.
    return problem(503, 'SERVICE_UNAVAILABLE', exception.message, { retryAfterSeconds: exception.retryAfterSeconds });
  }
  if (databaseUnavailable(exception)) {
    return problem(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; retry shortly', {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    });
  }
  if (exception instanceof InvalidCursor) {
    return problem(400, 'VALIDATION_FAILED', exception.message, { errors: [{ field: exception.field, message: exception.message }] });
  }
  if (exception instanceof EventIdConflict) {
    return problem(409, 'EVENT_ID_CONFLICT', 'Some of these event ids are already used by other events');
  }
  const bodyParser = exception as { type?: string; status?: number; expose?: boolean };
  if (bodyParser?.type === 'entity.too.large') {
    return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts');
  }
  if (bodyParser?.type === 'entity.parse.failed') {
    return problem(400, 'MALFORMED_JSON', malformedBody(exception));
  }
  if (bodyParser?.expose && bodyParser.status && bodyParser.status < 500) {
    return problem(bodyParser.status, defaultCode(bodyParser.status), (exception as Error).message);
  }
  return problem(500, 'INTERNAL_ERROR', UNEXPECTED);
}

const UNEXPECTED = 'An unexpected error occurred; it has been logged';

/** What a client is told to wait when the audit read model is damaged: until someone rebuilt it. */
const AUDIT_REBUILD_RETRY_AFTER_SECONDS = 600;
/** What a client is told to wait when the database is away (a restart or failover takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/**
 * SQLSTATEs after which the same request, sent again later, may well succeed, and nothing of it was
 * committed: a server going away or not yet taking connections (class 08, 57P01–57P03); out of
 * connections or other resources (class 53: every instance reconnecting after a restart); a
 * statement cancelled or out of its time (57014), or of its lock's time (55P03); a database that
 * takes only reads (25006: a failover to a standby under way); a serialization failure or deadlock
 * (40001, 40P01). A 500 would tell the client the server is broken.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53...|57014|55P03|25006|40001|40P01)$/;
/** Socket errors of a connection refused or cut, and pg's own messages for a connection lost or not made in time. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * The database (not the request) is at fault: PostgreSQL refused or dropped the connection. Found
 * in the error or what it wraps (`cause`, an AggregateError's `errors`), so a store that rethrows
 * with context is still recognised. A 503 with Retry-After, not a 500: the client should send the
 * same request again later, with its Idempotency-Key, which settles a command cut off in its commit.
 */
function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => databaseUnavailable(e, depth + 1))) return true;
  return databaseUnavailable(cause, depth + 1);
}
/** Longest `detail` and `instance` sent (a 404 quotes the path it did not find, a body-parser error the charset asked for). */
const MAX_DETAIL = 500;
const MAX_INSTANCE = 200;

function cut(text: string | undefined, max: number): string | undefined {
  return text !== undefined && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Why body-parser refused a JSON body. Its strict mode takes only an object or an array, and refuses
 * a number, a string, `true` or `null` with the same error as broken JSON; a client that sent `42`
 * would look for a syntax error that is not there. `body` is the raw text, within the size limit.
 */
function malformedBody(error: unknown): string {
  const raw = (error as { body?: unknown }).body;
  if (typeof raw === 'string') {
    try {
      JSON.parse(raw);
      return 'The request body must be a JSON object, not a bare value';
    } catch {
      // broken JSON: the message below
    }
  }
  return 'The request body is not valid JSON';
}

/**
 * body-parser's errors as HttpExceptions with our codes. Installed as an error middleware right after
 * the parser, because Nest otherwise turns a malformed body into a bare "Bad Request" without a code.
 */
export function bodyParserError(error: unknown): unknown {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') {
    return new HttpException({ code: 'MALFORMED_JSON', message: malformedBody(error) }, 400);
  }
  if (type === 'entity.too.large') {
    return new HttpException({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the server accepts' }, 413);
  }
  return error;
}

/**
 * The problem document. Extension members never replace the members RFC 9457 defines: a domain
 * rule's detail named `status` (a measure's, once) made the answer a 500 as the HTTP status. Written
 * over, such a detail would be lost unseen, so none is named so: a measure's status is
 * `measureStatus`, and problem-details.filter.spec.ts holds every DomainError's details to that.
 */
export function problem(status: number, code: string, detail?: string, extensions: Record<string, unknown> = {}): ProblemDetails {
  return {
    ...extensions,
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title: statusTitle(status),
    status,
    code,
    ...(detail ? { detail: cut(detail, MAX_DETAIL) } : {}),
  };
}

function defaultCode(status: number): string {
  return (HttpStatus[status] as string | undefined) ?? `HTTP_${status}`;
}

/** The status in words: Nest's name for it, else Node's (Nest's enum lacks e.g. 431). */
function statusTitle(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return STATUS_CODES[status] ?? 'Error';
  return name.charAt(0) + name.slice(1).toLowerCase().replace(/_/g, ' ');
}
