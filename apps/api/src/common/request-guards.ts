import { BadRequestException, HttpException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { findJsonTextViolation, findJsonViolation, findUrlViolation, type LimitName, type RequestViolation } from './request-limits';

/** Longest `at` (a JSON path) quoted back in a problem. */
const MAX_PATH_IN_PROBLEM = 200;

const LIMIT_TEXT: Readonly<Record<LimitName, (max: number) => string>> = {
  depth: (max) => `nests objects and arrays deeper than ${max} levels`,
  arrayItems: (max) => `has an array of more than ${max} items`,
  values: (max) => `has more than ${max} values`,
  stringLength: (max) => `has a string longer than ${max} characters`,
  keyLength: (max) => `has a property name longer than ${max} characters`,
};

const CHARACTER_TEXT = {
  NUL: 'a NUL character',
  'lone surrogate': 'a lone surrogate (not valid Unicode)',
  'invalid UTF-8': 'bytes that are not UTF-8',
} as const;

/**
 * Express middleware, before anything else reads the URL: no NUL or lone surrogate in the path or the
 * query, no query parameter named `__proto__`, `constructor` or `prototype`, a path that decodes.
 */
export function urlGuard(request: Request, _response: Response, next: NextFunction): void {
  const url = request.originalUrl ?? request.url;
  const violation = findUrlViolation(url);
  if (violation) return next(violationError(violation, 'The URL'));
  next(
    decodablePath(url)
      ? undefined
      : new HttpException({ code: 'MALFORMED_REQUEST', message: 'The path is not percent-encoded UTF-8' }, 400),
  );
}

/**
 * Whether the path decodes (`%FF` or a cut `%E4%B8` do not). The router would fail on it as a
 * parameter, with a 400 of no code of ours that quotes the raw text, or answer 404 elsewhere.
 */
function decodablePath(url: string): boolean {
  const path = url.split('?', 1)[0];
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The bodies the API reads: JSON, as its OpenAPI document declares for every body. */
export const JSON_BODY_TYPES = ['application/json', 'application/*+json'];

/**
 * Express middleware before the JSON parser: a request that carries a body of another type (a form,
 * text/plain, none named) is 415 UNSUPPORTED_MEDIA_TYPE. The parser would leave such a body unread,
 * and a command would run as if it had been sent without one: a note dropped without a word.
 */
export function bodyTypeGuard(request: Request, _response: Response, next: NextFunction): void {
  // `is` answers null for a request without a body, false for a body of none of these types; an
  // empty body (Content-Length: 0, as clients send a POST with nothing to say) is no body either.
  if (request.header('content-length') === '0' || request.is(JSON_BODY_TYPES) !== false) return next();
  const given = request.header('content-type');
  const message = `The request body must be JSON (Content-Type: application/json)${given ? `, not ${given.slice(0, 100)}` : ''}`;
  next(new HttpException({ code: 'UNSUPPORTED_MEDIA_TYPE', message }, 415));
}

/**
 * body-parser's `verify` hook, on the raw body before JSON.parse: valid UTF-8, and nesting, array
 * items and values within REQUEST_LIMITS, so a hostile body is refused without being built. A body in UTF-16 (rare,
 * but JSON allows it) is left to jsonBodyGuard.
 */
export function jsonTextGuard(_request: unknown, _response: unknown, body: Buffer, encoding: string): void {
  if (!/^utf-?8$/i.test(encoding)) return;
  const violation = findJsonTextViolation(body);
  if (violation) throw violationError(violation, 'The JSON body');
}

/**
 * Express middleware right after the JSON parser: the body within REQUEST_LIMITS, free of NUL and
 * lone surrogates and of `__proto__`, `constructor` and `prototype` keys, before class-transformer or
 * class-validator see it.
 */
export function jsonBodyGuard(request: Request, _response: Response, next: NextFunction): void {
  const violation = request.body === undefined ? null : findJsonViolation(request.body);
  next(violation ? violationError(violation, 'The JSON body') : undefined);
}

/**
 * 400 JSON_LIMIT_EXCEEDED (with the limit, its bound and where), 400 INVALID_CHARACTER (a NUL, a lone
 * surrogate or bytes not UTF-8, with where), or
 * for a reserved property name 400 VALIDATION_FAILED naming it, as for any field the request does not have.
 */
export function violationError(violation: RequestViolation, subject: string): BadRequestException {
  const at = violation.at.length > MAX_PATH_IN_PROBLEM ? `${violation.at.slice(0, MAX_PATH_IN_PROBLEM)}…` : violation.at;
  const where = at ? ` (at ${at})` : '';
  if (violation.kind === 'property') {
    return new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      errors: [{ field: at, message: `property ${violation.name} should not exist` }],
    });
  }
  if (violation.kind === 'character') {
    return new BadRequestException({
      code: 'INVALID_CHARACTER',
      message: `${subject} contains ${CHARACTER_TEXT[violation.character]}${where}`,
      at,
    });
  }
  return new BadRequestException({
    code: 'JSON_LIMIT_EXCEEDED',
    message: `${subject} ${LIMIT_TEXT[violation.limit](violation.max)}${where}`,
    limit: violation.limit,
    max: violation.max,
    at,
  });
}
