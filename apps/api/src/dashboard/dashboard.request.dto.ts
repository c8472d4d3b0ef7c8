import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CHANNELS, type Channel } from '@app/domain';
import { ID_PATTERN } from '../cases/dto/text';
import { TREND_INTERVALS, type TrendInterval } from '@app/projections/dashboard/dashboard-figures';
import { IsCalendarDate, IsPeriodEnd, MAX_PERIOD_YEARS } from './dashboard-period.validators';

/** Period and filters of `GET /api/v1/dashboard/summary`; every one is validated (400 names the parameter). */
export class DashboardRequestDto {
  @ApiProperty({ description: 'First day of the period (Beijing date): cases received from this day', example: '2026-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    description: `Last day of the period, inclusive; not before from, at most ${MAX_PERIOD_YEARS} years`,
    example: '2026-12-31',
  })
  @IsCalendarDate()
  @IsPeriodEnd()
  to!: string;

  @ApiPropertyOptional({
    description:
      'Only what this unit answers for: cases it leads, its dispatches, its measures, accountability against it. A unit caller gets its own.',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId?: string;

  @ApiPropertyOptional({ example: 'cumbersome_approval' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,40}$/, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ description: 'Wait until the figures reflect this global position (a command’s `position`)' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a position returned by a command' })
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
