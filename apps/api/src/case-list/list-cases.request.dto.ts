import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { URGENCIES } from '@app/domain';
import {
  CASE_LIST_SORTS,
  CASE_STATUSES,
  type CaseListFilter,
  type CaseListSort,
  type CaseStatus,
} from '@app/projections/case-list/case-list.reader';
import { PageRequestDto } from '../common/page.request.dto';
import { CategoryParam, ChannelParam, IsInstant, OneOfParam } from '../common/query-params';
import { RegisteredUnit } from '../units/registered-unit-filter';

/** Filters and paging of `GET /api/v1/cases`; every one is validated (400 names the parameter). */
export class ListCasesRequestDto extends PageRequestDto implements Omit<CaseListFilter, 'unitScope'> {
  @OneOfParam(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'Cases the unit handles (lead or co-handling)' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'unitId must be a unit id' })
  @RegisteredUnit()
  unitId?: string;

  @ApiPropertyOptional({
    description: 'Cases the unit leads (主办) now: the cases the dashboard counts under the unit (dashboard/breakdown?by=unit)',
  })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'leadUnitId must be a unit id' })
  @RegisteredUnit()
  leadUnitId?: string;

  @CategoryParam()
  category?: string;

  @ChannelParam()
  channel?: string;

  @OneOfParam(URGENCIES)
  urgency?: string;

  @ApiPropertyOptional({ description: 'Received at or after: an ISO-8601 instant with its offset, e.g. 2026-09-01T00:00:00+08:00' })
  @IsOptional()
  @IsInstant()
  @MaxLength(64)
  receivedFrom?: string;

  @ApiPropertyOptional({ description: 'Received before: an ISO-8601 instant with its offset' })
  @IsOptional()
  @IsInstant()
  @MaxLength(64)
  receivedTo?: string;

  @ApiPropertyOptional({
    description:
      'Only cases whose lead missed its handling deadline in some round, as of now (true), or none (false): recorded due dates and reports, not DeadlinePassed',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text the title contains' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @OneOfParam(CASE_LIST_SORTS, { default: 'received_desc' })
  sort?: CaseListSort;
}
