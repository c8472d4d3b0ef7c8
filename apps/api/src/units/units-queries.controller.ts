import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { UnitErrors, type Unit } from '@app/domain';
import { Answers, Problems } from '../common/api-contract';
import { ROLES } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { ReadRoutes } from '../common/routes.decorator';
import { GetUnitQuery } from './unit-by-id.query';
import { UnitIdPipe } from './unit-id.pipe';
import { ListUnitsQuery, type UnitList } from './unit-list.query';
import { ListUnitsRequestDto } from './unit-list.request.dto';
import { UNIT, UNIT_LIST } from './unit.responses';

/**
 * Reading the unit registry (单位名录): reference data every role reads. Apart from the commands'
 * controller (UnitsController): a read takes no Idempotency-Key or If-Match and answers none of the
 * commands' 409 or 412.
 */
@ReadRoutes('api/v1/units', 'units')
export class UnitsQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @AllowedRoles(...ROLES) // reference data: every role reads the whole registry
  @ApiOperation({ summary: 'The unit registry: every unit, retired ones included, in id order, each with its version' })
  @Answers({ status: 200, description: 'The registry', schema: UNIT_LIST })
  @Problems({ 503: ['PROJECTION_NOT_READY'] })
  list(@Query() request: ListUnitsRequestDto): Promise<UnitList> {
    return this.queryBus.execute(new ListUnitsQuery(request.after));
  }

  @Get(':id')
  @AllowedRoles('intake', 'unit', 'discipline', 'dashboard', 'admin')
  @Answers({ status: 200, description: 'The unit', schema: UNIT })
  @Problems({ 404: [UnitErrors.UNIT_NOT_FOUND] })
  get(@Param('id', UnitIdPipe) id: string): Promise<Unit> {
    return this.queryBus.execute(new GetUnitQuery(id));
  }
}
