import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MEASURE_DEADLINE_KINDS, type MeasureDeadlineKind } from '@app/domain';
import { CARDS, type Card } from '@app/projections/overdue/deadline-standing';
import type { OverdueMeasuresFilter } from '@app/projections/rectifications/overdue-measures.reader';
import { MEASURE_HOLDER_KINDS, type MeasureHolderKind } from '@app/projections/rectifications/rectifications.reader';
import { PageRequestDto } from '../common/page.request.dto';
import { OneOfParam, UnitIdParam } from '../common/query-params';
import { DEFAULT_WARNING_WORKING_DAYS } from './list-overdue.request.dto';

/** Filters and paging of `GET /api/v1/overdue/measures`; every one is validated (400 names the parameter). */
export class ListOverdueMeasuresRequestDto
  extends PageRequestDto
  implements Omit<OverdueMeasuresFilter, 'today' | 'warnUntil' | 'unitScope'>
{
  @UnitIdParam('Deadlines of measures this unit is responsible for or answers for')
  unitId?: string;

  @OneOfParam(CARDS, { description: 'red 红牌: due date passed; yellow 黄牌: due within the warning window' })
  card?: Card;

  @OneOfParam(MEASURE_DEADLINE_KINDS, { description: 'measure_due 完成时限, or recheck 回头看' })
  kind?: MeasureDeadlineKind;

  @OneOfParam(MEASURE_HOLDER_KINDS, { description: "Only a case's measures, or only a finding's" })
  holderKind?: MeasureHolderKind;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10,
    type: 'integer',
    default: DEFAULT_WARNING_WORKING_DAYS,
    description: 'Yellow when due within this many working days (0: due today)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  warningWorkingDays?: number;
}
