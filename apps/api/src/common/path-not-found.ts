import { NotFoundException } from '@nestjs/common';
import { isDomainError } from '@app/domain';

/**
 * A rule's "no such thing" about what the request's path names (`/appraisal-inputs/{year}/units/{unitId}`,
 * `/findings/{id}/measures/{mid}/…`) answered 404 with the rule's code, as `GET` of that path is: the
 * problem-details filter makes such a code 404 only when it names no field, and these are decided by
 * rules shared with bodies that name one (a unit in a filing, a measure in a case's report). Any
 * other error is `error` itself.
 */
export function notFoundAtPath(error: unknown, code: string): unknown {
  if (!isDomainError(error) || error.code !== code) return error;
  const { field: _field, ...details } = error.details;
  return new NotFoundException({ code, message: error.message, ...details });
}
