import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { AccountabilityPage, AccountabilitySummary } from '@app/projections/accountability/accountability.reader';
import { PageRoute, ReadRoutes } from '../common/routes.decorator';
import { AccountabilitySummaryQuery } from './accountability-summary.query';
import { AccountabilitySummaryRequestDto } from './accountability-summary.request.dto';
import { ListAccountabilityQuery } from './list-accountability.query';
import { ListAccountabilityRequestDto } from './list-accountability.request.dto';

/** The accountability register (问责台账): for the discipline office, intake, leaders and admins; not for units. */
@ReadRoutes('api/v1/accountability', 'accountability', 'intake', 'discipline', 'dashboard', 'admin')
export class AccountabilityController {
  constructor(private readonly queryBus: QueryBus) {}

  @PageRoute('Accountability entries by unit, person, form and year, latest first')
  list(@Query() request: ListAccountabilityRequestDto): Promise<AccountabilityPage> {
    return this.queryBus.execute(new ListAccountabilityQuery(request));
  }

  @Get('summary')
  @ApiOperation({ summary: 'A year of accountability: entries by form and by unit' })
  summary(@Query() request: AccountabilitySummaryRequestDto): Promise<AccountabilitySummary> {
    return this.queryBus.execute(new AccountabilitySummaryQuery(request));
  }
}
