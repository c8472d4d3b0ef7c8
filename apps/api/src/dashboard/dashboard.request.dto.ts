import { ApiProperty } from '@nestjs/swagger';
import type { Channel } from '@app/domain';
import { TREND_INTERVALS, type TrendInterval } from '@app/projections/dashboard/dashboard-figures';
import { IsIn } from 'class-validator';
import { AfterPosition, CategoryParam, ChannelParam, IsLocalDate, OneOfParam, UnitIdParam } from '../common/query-params';
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

  @UnitIdParam(
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
