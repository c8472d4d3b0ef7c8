import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { ListCasesQuery, type CaseListPage } from './list-cases.query';
import { ListCasesRequestDto } from './list-cases.request.dto';
import { ProjectionPositions } from '../common/projection-positions';

/** The case list (案件列表) from the case-list read model; a unit only ever sees its own cases. */
@ApiTags('cases')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/cases')
@UseGuards(RolesGuard)
@AllowedRoles('intake', 'unit', 'discipline', 'admin')
export class CaseListController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Cases, filtered and sorted, a page at a time (keyset: pass nextCursor as cursor)' })
  async list(@Query() filters: ListCasesRequestDto, @Caller() caller: RequestContext): Promise<CaseListPage> {
    if (filters.after) await this.positions.waitFor('case-list', BigInt(filters.after));
    return this.queryBus.execute(new ListCasesQuery(filters, caller.role === 'unit' ? caller.unitId : null));
  }
}
