import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionPositions } from '../common/projection-positions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { ListOverdueQuery, type OverduePage } from './list-overdue.query';
import { ListOverdueRequestDto } from './list-overdue.request.dto';

/** The overdue list (红黄牌) for the supervision centre and leaders; a unit sees only its own deadlines. */
@ApiTags('overdue')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/overdue')
@UseGuards(RolesGuard)
@AllowedRoles('intake', 'unit', 'discipline', 'dashboard', 'admin')
export class OverdueController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Open deadlines passed (red) or due within the warning window (yellow), per unit and kind, most working days overdue first (keyset: pass nextCursor as cursor)',
  })
  async list(@Query() filters: ListOverdueRequestDto, @Caller() caller: RequestContext): Promise<OverduePage> {
    if (filters.after) await this.positions.waitFor('overdue', BigInt(filters.after));
    return this.queryBus.execute(new ListOverdueQuery(filters, caller.role === 'unit' ? caller.unitId : null));
  }
}
