import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers, commandAnswer, Problems } from '../common/api-contract';
import { Sender, type CommandSender } from '../common/command-sender';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoute, CommandRoutes, COMMAND_RESULT } from '../common/routes.decorator';
import { RegisterUnitRequestDto, RenameUnitRequestDto, RetireUnitRequestDto } from './dto/unit.request.dto';
import { UnitCommandMessage, type UnitCommandResult } from './unit-command.handler';
import { UnitIdPipe } from './unit-id.pipe';
import { REGISTER_UNIT_PROBLEMS, UNIT_PROBLEMS } from './unit.responses';

/** The unit registry (单位名录): the admin registers, renames and retires units (reading it: UnitsQueriesController). */
@CommandRoutes('api/v1/units', 'units')
export class UnitsController {
  constructor(private readonly commandBus: CommandBus) {}

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
}
