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
 * query, no query parameter named `__proto__`, `constructor` or `prototype`, a path and a query that
 * decode.
 */
export function urlGuard(request: Request, _response: Response, next: NextFunction): void {
  const url = request.originalUrl ?? request.url;
  const violation = findUrlViolation(url);
  if (violation) return next(violationError(violation, 'The URL'));
  if (!decodes(url.split('?', 1)[0])) {
    return next(new HttpException({ code: 'MALFORMED_REQUEST', message: 'The path is not percent-encoded UTF-8' }, 400));
  }
  const parameter = undecodableQueryParameter(url);
  if (parameter === null) return next();
  const message = `${parameter} is not percent-encoded UTF-8`;
  next(
    new HttpException(
      { code: 'MALFORMED_REQUEST', message: `The query parameter ${message}`, errors: [{ field: parameter, message }] },
      400,
    ),
  );
}

/**
 * Whether URL text decodes (`%FF`, an overlong `%C0%AF` or a cut `%E4%B8` do not). In the path, the
 * router would fail on it as a parameter, with a 400 of no code of ours that quotes the raw text, or
 * answer 404 elsewhere.
 */
function decodes(text: string): boolean {
  if (!text.includes('%')) return true;
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** Longest parameter name quoted back in a problem. */
const MAX_PARAMETER_NAME_IN_PROBLEM = 100;

/**
 * The name of the first query parameter whose name or value does not decode, or null. The query
 * parser decodes such bytes as U+FFFD, and the route would go on with text the client never sent
 * (`?q=%FF` matched every title holding U+FFFD). Named as decoded when its name decodes, else as sent.
 */
function undecodableQueryParameter(url: string): string | null {
  const split = url.indexOf('?');
  if (split < 0) return null;
  for (const pair of url.slice(split + 1).split('&')) {
    if (decodes(pair.replace(/\+/g, ' '))) continue;
    const raw = pair.split('=', 1)[0].replace(/\+/g, ' ');
    const name = decodes(raw) ? decodeURIComponent(raw) : raw;
    return name.length > MAX_PARAMETER_NAME_IN_PROBLEM ? `${name.slice(0, MAX_PARAMETER_NAME_IN_PROBLEM)}…` : name;
  }
  return null;
}

/** The bodies the API reads: JSON, as its OpenAPI document declares for every body. */
export const JSON_BODY_TYPES = ['application/json', 'application/*+json'];

/**
 * Express middleware before the JSON parser: a request that carries a body of another type (a form,
 * text/plain, none named), or JSON in a charset other than UTF-8, is 415 UNSUPPORTED_MEDIA_TYPE.
 * The parser would leave a body of another type unread, and a command would run as if it had been
 * sent without one: a note dropped without a word.
 */
export function bodyTypeGuard(request: Request, _response: Response, next: NextFunction): void {
  // `is` answers null for a request without a body, false for a body of none of these types; an
  // empty body (Content-Length: 0, as clients send a POST with nothing to say) is no body either.
  if (request.header('content-length') === '0') return next();
  const json = request.is(JSON_BODY_TYPES);
  const given = request.header('content-type');
  if (json === null || (json !== false && utf8Charset(given))) return next();
  const message =
    json === false
      ? `The request body must be JSON (Content-Type: application/json)${given ? `, not ${given.slice(0, 100)}` : ''}`
      : `The request body must be JSON in UTF-8 (RFC 8259), not ${given!.slice(0, 100)}`;
  next(new HttpException({ code: 'UNSUPPORTED_MEDIA_TYPE', message }, 415));
}

/**
 * Whether a JSON body's Content-Type names no charset or UTF-8. JSON between systems is UTF-8
 * (RFC 8259 §8.1); one in UTF-16 or Latin-1 would be decoded by the parser into other text than
 * the bytes checked, and a UTF-8 body labelled UTF-16 was read as garbage and refused as malformed.
 */
function utf8Charset(contentType: string | undefined): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-8$/i.test(charset);
}

/**
 * body-parser's `verify` hook, on the raw body before JSON.parse: valid UTF-8, and nesting, array
 * items and values within REQUEST_LIMITS, so a hostile body is refused without being built (a body
 * in any other charset never gets here: bodyTypeGuard).
 */
export function jsonTextGuard(_request: unknown, _response: unknown, body: Buffer): void {
  const violation = findJsonTextViolation(body);
  if (violation) throw violationError(violation, 'The JSON body');
}

/**
 * Express middleware right after the JSON parser: a JSON object, within REQUEST_LIMITS, free of NUL
 * and lone surrogates and of `__proto__`, `constructor` and `prototype` keys, before class-transformer
 * or class-validator see it.
 */
export function jsonBodyGuard(request: Request, _response: Response, next: NextFunction): void {
  // Every body the API reads is an object. body-parser's strict mode refuses a bare value but takes
  // an array, which class-transformer then made a DTO of its indexes (`[0] should not exist`) or of
  // nothing (`[]` filed as `{}`): refused as the bare value is.
  if (Array.isArray(request.body)) {
    return next(new HttpException({ code: 'MALFORMED_JSON', message: 'The request body must be a JSON object, not an array' }, 400));
  }
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
