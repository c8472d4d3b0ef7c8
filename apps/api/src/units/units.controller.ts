import { Body, Get, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoutes } from '../common/routes.decorator';
import { RegisterUnitRequestDto, RenameUnitRequestDto, RetireUnitRequestDto } from './dto/unit.request.dto';
import { UnitCommandMessage, type UnitCommandResult } from './unit-command.handler';
import { UnitDirectory } from './unit-directory';
import { UnitIdPipe } from './unit-id.pipe';

/** The unit registry (单位名录): the admin registers, renames and retires units; anyone may read one. */
@CommandRoutes('api/v1/units', 'units')
export class UnitsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly units: UnitDirectory,
  ) {}

  @Post()
  @HttpCode(201)
  @AllowedRoles('admin')
  @ApiOperation({ summary: 'Register a unit (department, window or town)' })
  async register(
    @Body() dto: RegisterUnitRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UnitCommandResult> {
    const request = { type: 'RegisterUnit' as const, unitId: dto.id, name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null };
    const result = await this.commandBus.execute(new UnitCommandMessage(dto.id, request, caller, c));
    response.setHeader('Location', `/api/v1/units/${dto.id}`);
    return result;
  }

  @Post(':id/rename')
  @HttpCode(200)
  @AllowedRoles('admin')
  rename(
    @Param('id', UnitIdPipe) id: string,
    @Body() dto: RenameUnitRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new UnitCommandMessage(id, { type: 'RenameUnit', name: dto.name }, caller, c));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @AllowedRoles('admin')
  retire(
    @Param('id', UnitIdPipe) id: string,
    @Body() dto: RetireUnitRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new UnitCommandMessage(id, { type: 'RetireUnit', reason: dto.reason }, caller, c));
  }

  @Get(':id')
  @AllowedRoles('intake', 'unit', 'discipline', 'dashboard', 'admin')
  async get(@Param('id', UnitIdPipe) id: string) {
    const unit = await this.units.get(id);
    if (!unit) throw new NotFoundException({ code: 'UNIT_NOT_FOUND', message: `There is no unit ${id}` });
    return unit;
  }
}
