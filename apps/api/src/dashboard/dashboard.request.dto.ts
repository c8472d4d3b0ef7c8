import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { UNIT_KINDS, type Channel, type UnitKind } from '@app/domain';
import {
  LISTED_FIGURES,
  RATE_PARTS,
  TREND_INTERVALS,
  isRateFigure,
  type ListedFigure,
  type RatePart,
  type TrendInterval,
} from '@app/projections/dashboard/dashboard-figures';
import { IsIn, ValidateBy } from 'class-validator';
import { PageRequestDto } from '../common/page.request.dto';
import { AfterPosition, CategoryParam, ChannelParam, IsLocalDate, OneOfParam } from '../common/query-params';
import { RegisteredUnitParam } from '../units/registered-unit-filter';
import { IsPeriodEnd, MAX_PERIOD_YEARS } from './dashboard-period.validators';

/** Period and filters of `GET /api/v1/dashboard/summary`; every one is validated (400 names the parameter). */
export class DashboardRequestDto {
  @ApiProperty({ description: 'First day of the period (Beijing date): cases received from this day', example: '2026-01-01' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({
    description: `Last day of the period, inclusive; not before from, at most ${MAX_PERIOD_YEARS} years`,
    example: '2026-12-31',
  })
  @IsLocalDate()
  @IsPeriodEnd()
  to!: string;

  @RegisteredUnitParam(
    'Only what this unit answers for: cases it leads, its dispatches, its measures, accountability against it. A unit caller gets its own.',
  )
  unitId?: string;

  @CategoryParam({ example: 'cumbersome_approval' })
  category?: string;

  @ChannelParam()
  channel?: Channel;

  @AfterPosition()
  after?: string;
}

/** `GET /api/v1/dashboard/trend`: the same, bucketed. */
export class DashboardTrendRequestDto extends DashboardRequestDto {
  @OneOfParam(TREND_INTERVALS, { default: 'month', description: 'Buckets of received dates; weeks are ISO weeks starting Monday' })
  interval?: TrendInterval;
}

/** What `GET /api/v1/dashboard/breakdown` splits by: the unit a figure answers for, its kind, or the category. */
export const BREAKDOWN_BY = ['unitKind', 'unit', 'category'] as const;
export type BreakdownBy = (typeof BREAKDOWN_BY)[number];

/** `GET /api/v1/dashboard/breakdown`: the same period and filters, split by `by`. */
export class DashboardBreakdownRequestDto extends DashboardRequestDto {
  @ApiProperty({
    enum: BREAKDOWN_BY,
    description:
      'unit: the unit each figure answers for (README: the unit filter); unitKind: those units by kind; category: the cases’ category',
  })
  @IsIn(BREAKDOWN_BY)
  by!: BreakdownBy;
}

/** `unitKind=none`: what no unit answers for (无承办单位), the breakdown's row with key null. */
export const NO_UNIT_KIND = 'none';
export const LIST_UNIT_KINDS = [...UNIT_KINDS, NO_UNIT_KIND] as const;
export type ListUnitKind = UnitKind | typeof NO_UNIT_KIND;

/** `part`: required with a rate (its numerator or denominator), refused with a count. */
const IsPartOfFigure = () =>
  ValidateBy({
    name: 'isPartOfFigure',
    validator: {
      validate: (value: unknown, args) => {
        const figure = (args?.object as { figure?: unknown }).figure;
        if (typeof figure !== 'string' || !isRateFigure(figure)) return value === undefined;
        return typeof value === 'string' && (RATE_PARTS as readonly string[]).includes(value);
      },
      defaultMessage: (args) => {
        const figure = (args?.object as { figure?: unknown }).figure;
        return typeof figure === 'string' && isRateFigure(figure)
          ? `part must be one of ${RATE_PARTS.join(', ')} for the rate ${figure}`
          : 'part is only for a rate (a count lists what it counts)';
      },
    },
  });

/** `GET /api/v1/dashboard/cases`: what one figure of the summary counts, for the same period and filters. */
export class DashboardCasesRequestDto extends IntersectionType(
  DashboardRequestDto,
  PickType(PageRequestDto, ['limit', 'cursor'] as const),
) {
  @ApiProperty({ enum: LISTED_FIGURES, description: 'A count of the summary, or a rate (with part)' })
  @IsIn(LISTED_FIGURES)
  figure!: ListedFigure;

  @ApiPropertyOptional({
    enum: RATE_PARTS,
    description: 'Of a rate: its numerator or its denominator; required for a rate, refused for a count',
  })
  @IsPartOfFigure()
  part?: RatePart;

  @OneOfParam(LIST_UNIT_KINDS, {
    description: 'Only the units of this kind, as the breakdown by unitKind groups them; none: what no unit answers for (无承办单位)',
  })
  unitKind?: ListUnitKind;
}
