import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageRequestDto } from '../common/page.request.dto';
import { DEADLINE_KINDS, type DeadlineKind } from '@app/domain';
import { CARDS, type Card } from '@app/projections/overdue/deadline-standing';
import type { OverdueFilter } from '@app/projections/overdue/overdue.reader';
import { DigitsToNumber, OneOfParam } from '../common/query-params';
import { RegisteredUnitParam } from '../units/registered-unit-filter';

/** 黄牌 warning window when the caller names none: due within 2 working days. */
export const DEFAULT_WARNING_WORKING_DAYS = 2;

/** The cards and the warning window of the overdue lists (cases' deadlines, measures'); validated (400 names the parameter). */
export class CardWindowRequestDto extends PageRequestDto {
  @OneOfParam(CARDS, { description: 'red 红牌: due date passed; yellow 黄牌: due within the warning window' })
  card?: Card;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10,
    type: 'integer',
    default: DEFAULT_WARNING_WORKING_DAYS,
    description: 'Yellow when due within this many working days (0: due today)',
  })
  @IsOptional()
  @DigitsToNumber()
  @IsInt()
  @Min(0)
  @Max(10)
  warningWorkingDays?: number;
}

/** Filters and paging of `GET /api/v1/overdue`; every one is validated (400 names the parameter). */
export class ListOverdueRequestDto
  extends CardWindowRequestDto
  implements Omit<OverdueFilter, 'today' | 'calendar' | 'unitScope' | 'warningWorkingDays'>
{
  @RegisteredUnitParam('Deadlines of this unit')
  unitId?: string;

  @OneOfParam(DEADLINE_KINDS, { description: 'sign_for 签收 or handling 办结' })
  kind?: DeadlineKind;

  @ApiPropertyOptional({
    type: 'boolean',
    default: false,
    description:
      'Also the open deadlines due after the warning window (card green): a unit’s whole to-do list (签收, 办结) with its due dates. ' +
      'Ignored with card',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'upcoming must be true or false' })
  upcoming?: boolean;
}
