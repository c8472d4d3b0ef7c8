import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MEASURE_STATUSES, type RectificationFilter, type ShownMeasureStatus } from '@app/projections/rectifications/rectifications.reader';
import { PageRequestDto } from '../common/page.request.dto';
import { IsLocalDate, OneOfParam, UnitIdParam } from '../common/query-params';

/** Filters and paging of `GET /api/v1/rectifications`; every one is validated (400 names the parameter). */
export class ListRectificationsRequestDto extends PageRequestDto implements Omit<RectificationFilter, 'today' | 'unitScope'> {
  @OneOfParam(MEASURE_STATUSES, { description: 'overdue: planned or rejected, and past the due date (Beijing)' })
  status?: ShownMeasureStatus;

  @UnitIdParam('Measures this unit is responsible for')
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
