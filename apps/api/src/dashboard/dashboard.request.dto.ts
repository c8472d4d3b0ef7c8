import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Channel } from '@app/domain';
import { TREND_INTERVALS, type TrendInterval } from '@app/projections/dashboard/dashboard-figures';
import { ID_PATTERN } from '../cases/dto/text';
import { AfterPosition, CategoryParam, ChannelParam, IsLocalDate } from '../common/query-params';
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

  @ApiPropertyOptional({
    description:
      'Only what this unit answers for: cases it leads, its dispatches, its measures, accountability against it. A unit caller gets its own.',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
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
  @ApiPropertyOptional({
    enum: TREND_INTERVALS,
    default: 'month',
    description: 'Buckets of received dates; weeks are ISO weeks starting Monday',
  })
  @IsOptional()
  @IsIn(TREND_INTERVALS)
  interval?: TrendInterval;
}
