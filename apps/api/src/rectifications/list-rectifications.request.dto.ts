import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { SIZE_CLASSES } from '@app/domain';
import {
  MEASURE_HOLDER_KINDS,
  MEASURE_STATUSES,
  type MeasureHolderKind,
  type RectificationFilter,
  type ShownMeasureStatus,
} from '@app/projections/rectifications/rectifications.reader';
import { ID_PATTERN } from '../common/text-fields';
import { PageRequestDto } from '../common/page.request.dto';
import { IsLocalDate, OneOfParam } from '../common/query-params';
import { RegisteredUnitParam } from '../units/registered-unit-filter';

/** A code of a configured list (a finding's problem category, a measure category). */
const CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** Filters and paging of `GET /api/v1/rectifications`; every one is validated (400 names the parameter). */
export class ListRectificationsRequestDto extends PageRequestDto implements Omit<RectificationFilter, 'today' | 'unitScope'> {
  @OneOfParam(MEASURE_STATUSES, {
    description: 'overdue: still owed (planned, in progress, rejected, reopened) and past the due date (Beijing)',
  })
  status?: ShownMeasureStatus;

  @RegisteredUnitParam('Measures this unit is responsible for')
  responsibleUnitId?: string;

  @RegisteredUnitParam('Measures of the cases this unit leads and of the findings against it')
  leadUnitId?: string;

  @OneOfParam(MEASURE_HOLDER_KINDS, { description: "Only a case's measures, or only a finding's" })
  holderKind?: MeasureHolderKind;

  @ApiPropertyOptional({ description: 'Measures of the findings of this campaign (评议活动)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'campaignId must be a campaign id' })
  campaignId?: string;

  @ApiPropertyOptional({ description: "A finding's problem category code (configured in the ledger configuration)" })
  @IsOptional()
  @Matches(CODE, { message: 'findingCategory must be a category code' })
  findingCategory?: string;

  @OneOfParam(SIZE_CLASSES, { description: '立即解决 immediate, 督促解决 supervised, 研究解决 studied, 向上反映 escalated' })
  sizeClass?: string;

  @ApiPropertyOptional({ description: 'A measure category code (configured in the ledger configuration)' })
  @IsOptional()
  @Matches(CODE, { message: 'measureCategory must be a category code' })
  measureCategory?: string;

  @ApiPropertyOptional({ description: 'Due on or after (YYYY-MM-DD)' })
  @IsOptional()
  @IsLocalDate()
  dueFrom?: string;

  @ApiPropertyOptional({ description: 'Due on or before (YYYY-MM-DD)' })
  @IsOptional()
  @IsLocalDate()
  dueTo?: string;
}
