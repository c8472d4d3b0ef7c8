import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import type { AuditFilter } from '@app/projections/audit/audit.reader';
import { ID_PATTERN } from '../common/text-fields';
import { AfterPosition, DigitsToNumber, IsInstant, OneOfParam, UnitIdParam } from '../common/query-params';
import { ROLES } from '../common/request-context';

const POSITION = /^\d{1,20}$/;

/** A bound of a time range (`recordedFrom`, `occurredTo`, …): an ISO-8601 instant with its offset. */
const InstantParam = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    // With its offset: a bare date or local time would depend on the server's time zone.
    IsInstant(),
    MaxLength(64),
  );

/**
 * The filters of the audit history (审计日志), shared by the page and the export; each is validated
 * (400 names the parameter). Filters combine with AND; the time ranges are half-open [from, to).
 */
export class AuditEventFiltersDto implements AuditFilter {
  @ApiPropertyOptional({ description: 'Events of this case (its stream case-<id>)' })
  @IsOptional()
  // In capitals too, as a case's own routes take its id (UuidPipe): the stream is named in lower case.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'caseId must be a case id (uuid)' })
  caseId?: string;

  @UnitIdParam(
    'Events concerning this unit: it acted (metadata.unitId), or the data names it (unitId, fromUnitId, toUnitId, ' +
      'complainedUnitId, leadUnitId, a measure’s responsibleUnitId, an accountability target’s unitId)',
  )
  unitId?: string;

  @ApiPropertyOptional({ description: 'Events recorded for this actor (metadata.actorId)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'actorId must be an actor id' })
  actorId?: string;

  @OneOfParam([...ROLES, 'system'], { description: 'Role the actor acted in (metadata.role)' })
  role?: string;

  @ApiPropertyOptional({ type: [String], description: 'Event types: repeat the parameter or separate by commas' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(/^[A-Z][A-Za-z0-9]{1,79}$/, { each: true, message: 'type must be event type names, e.g. ComplaintFiled' })
  type?: string[];

  @InstantParam('Recorded by the store at or after (the store’s clock: what an audit trusts)')
  recordedFrom?: string;

  @InstantParam('Recorded before')
  recordedTo?: string;

  @InstantParam('Occurred at or after (metadata.occurredAt: when the writer says it happened)')
  occurredFrom?: string;

  @InstantParam('Occurred before')
  occurredTo?: string;

  @ApiPropertyOptional({ description: 'Only events after this global position: a page’s nextCursor, or any position' })
  @IsOptional()
  @Matches(POSITION, { message: 'cursor must be a global position (a nextCursor)' })
  cursor?: string;

  @AfterPosition()
  after?: string;
}

/** `GET /api/v1/audit/events`: the filters and a page size. */
export class ListAuditEventsRequestDto extends AuditEventFiltersDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @DigitsToNumber()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export const AUDIT_EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** `GET /api/v1/audit/events/export`: the filters and a file format. */
export class ExportAuditEventsRequestDto extends AuditEventFiltersDto {
  @OneOfParam(AUDIT_EXPORT_FORMATS, { default: 'ndjson' })
  format?: AuditExportFormat;
}
