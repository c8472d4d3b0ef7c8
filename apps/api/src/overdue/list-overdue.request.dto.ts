import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageRequestDto } from '../common/page.request.dto';
import { DEADLINE_KINDS, type DeadlineKind } from '@app/domain';
import { CARDS, type Card } from '@app/projections/overdue/deadline-standing';
import type { OverdueFilter } from '@app/projections/overdue/overdue.reader';
import { ID_PATTERN } from '../cases/dto/text';

/** 黄牌 warning window when the caller names none: due within 2 working days. */
export const DEFAULT_WARNING_WORKING_DAYS = 2;

/** Filters and paging of `GET /api/v1/overdue`; every one is validated (400 names the parameter). */
export class ListOverdueRequestDto
  extends PageRequestDto
  implements Omit<OverdueFilter, 'today' | 'calendar' | 'unitScope' | 'warningWorkingDays'>
{
  @ApiPropertyOptional({ description: 'Deadlines of this unit' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ enum: CARDS, description: 'red 红牌: due date passed; yellow 黄牌: due within the warning window' })
  @IsOptional()
  @IsIn(CARDS)
  card?: Card;

  @ApiPropertyOptional({ enum: DEADLINE_KINDS, description: 'sign_for 签收 or handling 办结' })
  @IsOptional()
  @IsIn(DEADLINE_KINDS)
  kind?: DeadlineKind;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10,
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
