import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionPositions } from '../common/projection-positions';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { AccountabilitySummaryQuery, type AccountabilitySummary } from './accountability-summary.query';
import { AccountabilitySummaryRequestDto } from './accountability-summary.request.dto';
import { ListAccountabilityQuery, type AccountabilityPage } from './list-accountability.query';
import { ListAccountabilityRequestDto } from './list-accountability.request.dto';

/** The accountability register (问责台账): for the discipline office, intake, leaders and admins; not for units. */
@ApiTags('accountability')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/accountability')
@UseGuards(RolesGuard)
@AllowedRoles('intake', 'discipline', 'dashboard', 'admin')
export class AccountabilityController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Accountability entries by unit, person, form and year, latest first (keyset: pass nextCursor as cursor)' })
  async list(@Query() filters: ListAccountabilityRequestDto): Promise<AccountabilityPage> {
    if (filters.after) await this.positions.waitFor('accountability', BigInt(filters.after));
    return this.queryBus.execute(new ListAccountabilityQuery(filters));
  }

  @Get('summary')
  @ApiOperation({ summary: 'A year of accountability: entries by form and by unit' })
  async summary(@Query() query: AccountabilitySummaryRequestDto): Promise<AccountabilitySummary> {
    if (query.after) await this.positions.waitFor('accountability', BigInt(query.after));
    return this.queryBus.execute(new AccountabilitySummaryQuery(query.year));
  }
}
