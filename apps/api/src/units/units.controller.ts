import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { UnitErrors, type Unit } from '@app/domain';
import type { Response } from 'express';
import { Answers, commandAnswer, Problems } from '../common/api-contract';
import { ROLES } from '../common/request-context';
import { Sender, type CommandSender } from '../common/command-sender';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoute, CommandRoutes, COMMAND_RESULT } from '../common/routes.decorator';
import { RegisterUnitRequestDto, RenameUnitRequestDto, RetireUnitRequestDto } from './dto/unit.request.dto';
import { GetUnitQuery } from './unit-by-id.query';
import { UnitCommandMessage, type UnitCommandResult } from './unit-command.handler';
import { UnitIdPipe } from './unit-id.pipe';
import { ListUnitsQuery, type UnitList } from './unit-list.query';
import { ListUnitsRequestDto } from './unit-list.request.dto';
import { REGISTER_UNIT_PROBLEMS, UNIT, UNIT_LIST, UNIT_PROBLEMS } from './unit.responses';

/** The unit registry (单位名录): the admin registers, renames and retires units; anyone may read one. */
@CommandRoutes('api/v1/units', 'units')
export class UnitsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @AllowedRoles('admin')
  @ApiOperation({ summary: 'Register a unit (department, window or town)' })
  @Answers(commandAnswer(201, COMMAND_RESULT, ['Location']))
  @Problems(REGISTER_UNIT_PROBLEMS)
  async register(
    @Body() dto: RegisterUnitRequestDto,
    @Sender() sender: CommandSender,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UnitCommandResult> {
    const request = { type: 'RegisterUnit' as const, unitId: dto.id, name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null };
    const result = await this.commandBus.execute(new UnitCommandMessage(dto.id, request, sender));
    response.setHeader('Location', `/api/v1/units/${dto.id}`);
    return result;
  }

  @CommandRoute(':id/rename', 'admin')
  @Problems(UNIT_PROBLEMS)
  rename(@Param('id', UnitIdPipe) id: string, @Body() dto: RenameUnitRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new UnitCommandMessage(id, { type: 'RenameUnit', name: dto.name }, sender));
  }

  @CommandRoute(':id/retire', 'admin')
  @Problems(UNIT_PROBLEMS)
  @Problems({ 503: ['PROJECTION_NOT_READY'] })
  retire(@Param('id', UnitIdPipe) id: string, @Body() dto: RetireUnitRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new UnitCommandMessage(id, { type: 'RetireUnit', reason: dto.reason }, sender));
  }

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
