import { Answers, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { ACCOUNTABILITY_PAGE, ACCOUNTABILITY_SUMMARY } from './accountability.responses';
import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { AccountabilityPage, AccountabilitySummary } from '@app/projections/accountability/accountability.reader';
import { AllowedRoles } from '../common/roles.guard';
import { PageRoute, ReadRoutes } from '../common/routes.decorator';
import { AccountabilitySummaryQuery } from './accountability-summary.query';
import { AccountabilitySummaryRequestDto } from './accountability-summary.request.dto';
import { ListAccountabilityQuery } from './list-accountability.query';
import { ListAccountabilityRequestDto } from './list-accountability.request.dto';
import { UNIT_FILTER_PROBLEMS } from '../units/registered-unit-filter';

/**
 * The accountability register (问责台账) and its yearly counts; not for units. The register's rows name
 * officials and the discipline imposed on them, so leaders (dashboard) read the counts only: the
 * dashboard role reads aggregates (docs/rules.md#who-sees-what).
 */
@ReadRoutes('api/v1/accountability', 'accountability')
export class AccountabilityController {
  constructor(private readonly queryBus: QueryBus) {}

  @Answers({ status: 200, description: 'A page of the register', schema: ACCOUNTABILITY_PAGE })
  @Problems(UNIT_FILTER_PROBLEMS)
  @Problems(READ_MODEL_PROBLEMS)
  @PageRoute('Accountability entries by unit, person, form and year, latest first')
  @AllowedRoles('intake', 'discipline', 'admin')
  list(@Query() request: ListAccountabilityRequestDto): Promise<AccountabilityPage> {
    return this.queryBus.execute(new ListAccountabilityQuery(request));
  }

  @Get('summary')
  @AllowedRoles('intake', 'discipline', 'dashboard', 'admin')
  @ApiOperation({ summary: 'A year of accountability: entries by form and by unit' })
  @Answers({ status: 200, description: 'The year’s counts', schema: ACCOUNTABILITY_SUMMARY })
  @Problems(READ_MODEL_PROBLEMS)
  summary(@Query() request: AccountabilitySummaryRequestDto): Promise<AccountabilitySummary> {
    return this.queryBus.execute(new AccountabilitySummaryQuery(request));
  }
}
