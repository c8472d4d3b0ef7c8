import { BadRequestException } from '@nestjs/common';
import type { AuditFilter } from '@app/projections/audit/audit.reader';
import type { AuditEventFiltersDto } from './audit-events.request.dto';

/**
 * The reader's filter from the validated query, `after` aside. A time range that ends where or
 * before it starts is a mistake, not a question with no answer: 400 naming its end.
 */
export function auditFilterOf({ after: _after, ...filter }: AuditEventFiltersDto): AuditFilter {
  refuseEmptyRange(filter.recordedFrom, filter.recordedTo, 'recordedTo');
  refuseEmptyRange(filter.occurredFrom, filter.occurredTo, 'occurredTo');
  return filter;
}

function refuseEmptyRange(from: string | undefined, to: string | undefined, field: string): void {
  if (from && to && Date.parse(to) <= Date.parse(from)) {
    const message = `${field} must be later than the start of its range`;
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field, message }] });
  }
}
