import { BadRequestException } from '@nestjs/common';
import type { AuditEventFiltersDto } from './audit-events.request.dto';

/** The WHERE conditions of the filters on the `audit_events` view; pushes parameters onto `params`. */
export function auditConditions(f: AuditEventFiltersDto, params: unknown[]): string[] {
  refuseEmptyRange(f.recordedFrom, f.recordedTo, 'recordedTo');
  refuseEmptyRange(f.occurredFrom, f.occurredTo, 'occurredTo');
  if (f.cursor && BigInt(f.cursor) > MAX_POSITION) throw invalid('cursor', 'cursor must be a global position (a nextCursor)');
  const p = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (f.caseId) where.push(`case_id = ${p(f.caseId)}`);
  // @> rather than = ANY(): the containment form is the one the GIN index answers.
  if (f.unitId) where.push(`unit_ids @> ARRAY[${p(f.unitId)}]::text[]`);
  if (f.actorId) where.push(`actor_id = ${p(f.actorId)}`);
  if (f.role) where.push(`role = ${p(f.role)}`);
  if (f.type) where.push(`type = ANY(${p(f.type)}::text[])`);
  if (f.recordedFrom) where.push(`recorded_at >= ${p(f.recordedFrom)}::timestamptz`);
  if (f.recordedTo) where.push(`recorded_at < ${p(f.recordedTo)}::timestamptz`);
  if (f.occurredFrom) where.push(`occurred_at >= ${p(f.occurredFrom)}::timestamptz`);
  if (f.occurredTo) where.push(`occurred_at < ${p(f.occurredTo)}::timestamptz`);
  if (f.cursor) where.push(`position > ${p(f.cursor)}::bigint`);
  return where;
}

/** Positions are PostgreSQL bigints. */
const MAX_POSITION = 2n ** 63n - 1n;

/** A range that ends where or before it starts is a mistake, not a question with no answer. */
function refuseEmptyRange(from: string | undefined, to: string | undefined, field: string): void {
  if (from && to && Date.parse(to) <= Date.parse(from)) throw invalid(field, `${field} must be later than the start of its range`);
}

function invalid(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field, message }] });
}
