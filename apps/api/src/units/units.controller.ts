import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CLOCK, type Clock } from '@app/platform';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { VersionEtagInterceptor } from '../common/version-etag.interceptor';
import { RegisterUnitRequestDto, RenameUnitRequestDto, RetireUnitRequestDto } from './dto/unit.request.dto';
import { ExecuteUnitCommand, type UnitCommandResult } from './execute-unit-command';
import { UnitDirectory } from './unit-directory';
import { UnitIdPipe } from './unit-id.pipe';

/** The unit registry (单位名录): the admin registers, renames and retires units; anyone may read one. */
@ApiTags('units')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/units')
@UseGuards(RolesGuard)
@UseInterceptors(IdempotencyInterceptor, VersionEtagInterceptor)
export class UnitsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly units: UnitDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
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
    const parent = await this.units.parentFacts(dto.parentId ?? null);
    const command = { type: 'RegisterUnit' as const, at: this.now(), unitId: dto.id, name: dto.name, kind: dto.kind, parent };
    const result = await this.commandBus.execute(new ExecuteUnitCommand(dto.id, command, caller, c));
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
    return this.commandBus.execute(new ExecuteUnitCommand(id, { type: 'RenameUnit', at: this.now(), name: dto.name }, caller, c));
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
    return this.commandBus.execute(new ExecuteUnitCommand(id, { type: 'RetireUnit', at: this.now(), reason: dto.reason }, caller, c));
  }

  @Get(':id')
  @AllowedRoles('intake', 'unit', 'discipline', 'dashboard', 'admin')
  async get(@Param('id', UnitIdPipe) id: string) {
    const unit = await this.units.get(id);
    if (!unit) throw new NotFoundException({ code: 'UNIT_NOT_FOUND', message: `There is no unit ${id}` });
    return unit;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
