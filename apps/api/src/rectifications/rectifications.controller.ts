import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionPositions } from '../common/projection-positions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { ListRectificationsQuery, type RectificationPage } from './list-rectifications.query';
import { ListRectificationsRequestDto } from './list-rectifications.request.dto';

/** The rectification tracker (整改台账); a unit sees the measures it is responsible for or leads. */
@ApiTags('rectifications')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/rectifications')
@UseGuards(RolesGuard)
@AllowedRoles('intake', 'unit', 'discipline', 'dashboard', 'admin')
export class RectificationsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Rectification measures with responsible unit and leader, due date and status, earliest due first (keyset: pass nextCursor as cursor)',
  })
  async list(@Query() filters: ListRectificationsRequestDto, @Caller() caller: RequestContext): Promise<RectificationPage> {
    if (filters.after) await this.positions.waitFor('rectifications', BigInt(filters.after));
    return this.queryBus.execute(new ListRectificationsQuery(filters, caller.role === 'unit' ? caller.unitId : null));
  }
}
