import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { PublicCaseStatusView } from '@app/domain';
import { Public } from '../common/roles.guard';
import { CaseStatusByQueryCode } from './case-status-by-query-code.query';
import { CaseStatusRequestDto } from './complainant.request.dto';

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
  @ApiResponse({ status: 404, description: 'No case has this code (malformed, unknown or replaced: one answer for all)' })
  status(@Body() dto: CaseStatusRequestDto): Promise<PublicCaseStatusView> {
    return this.queryBus.execute(new CaseStatusByQueryCode(dto.queryCode));
  }
}
