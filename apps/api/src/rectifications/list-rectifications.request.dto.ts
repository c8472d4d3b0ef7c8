import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { MEASURE_STATUSES, type RectificationFilter, type ShownMeasureStatus } from '@app/projections/rectifications/rectifications.reader';
import { PageRequestDto } from '../common/page.request.dto';
import { ID_PATTERN } from '../cases/dto/text';
import { IsLocalDate } from '../common/query-params';

/** Filters and paging of `GET /api/v1/rectifications`; every one is validated (400 names the parameter). */
export class ListRectificationsRequestDto extends PageRequestDto implements Omit<RectificationFilter, 'today' | 'unitScope'> {
  @ApiPropertyOptional({ enum: MEASURE_STATUSES, description: 'overdue: planned or rejected, and past the due date (Beijing)' })
  @IsOptional()
  @IsIn(MEASURE_STATUSES)
  status?: ShownMeasureStatus;

  @ApiPropertyOptional({ description: 'Measures this unit is responsible for' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'responsibleUnitId must be a unit id' })
  responsibleUnitId?: string;

  @ApiPropertyOptional({ description: 'Due on or after (YYYY-MM-DD)' })
  @IsOptional()
  @IsLocalDate()
  dueFrom?: string;

  @ApiPropertyOptional({ description: 'Due on or before (YYYY-MM-DD)' })
  @IsOptional()
  @IsLocalDate()
  dueTo?: string;
}
