import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PublicCaseStatusView } from '@app/domain';
import { Answers, Problems } from '../common/api-contract';
import { Public } from '../common/roles.guard';
import { CaseStatusByQueryCode } from './case-status-by-query-code.query';
import { CaseStatusRequestDto } from './complainant.request.dto';
import { PUBLIC_CASE_STATUS } from './complainant.responses';

/**
 * The one route for complainants themselves: with the query code (查询码) they were given at filing,
 * anyone may see where the case stands and its final answer, without signing in and without
 * anything internal. POST, so the code stays out of URLs, access logs and browser history.
 */
@ApiTags('public')
@Controller('api/v1/case-status')
export class CaseStatusController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post()
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'A case’s status and final answer, for the holder of its query code (查询码); no sign-in' })
  @Answers({ status: 200, description: 'Where the case stands', schema: PUBLIC_CASE_STATUS })
  // One answer for a malformed, unknown or replaced code.
  @Problems({ 404: ['QUERY_CODE_NOT_FOUND'] })
  status(@Body() dto: CaseStatusRequestDto): Promise<PublicCaseStatusView> {
    return this.queryBus.execute(new CaseStatusByQueryCode(dto.queryCode));
  }
}
