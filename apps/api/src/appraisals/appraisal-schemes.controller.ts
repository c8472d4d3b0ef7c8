import { Body, Controller, Get, HttpCode, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  appraisalSchemeDecider,
  appraisalSchemeInForce,
  appraisalSchemeStreamId,
  type AppraisalScheme,
  type AppraisalSchemeInForce,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { AppraisalYearPipe } from './appraisal-year.pipe';
import { PublishAppraisalSchemeBody } from './appraisal-scheme.request.dto';
import { PublishAppraisalSchemeMessage, type SchemePublicationResult } from './publish-appraisal-scheme.handler';

/** Appraisal schemes (评议/考核方案) as versioned data: one stream per year, the default until published. */
@ApiTags('admin')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true, description: 'admin to publish; any role reads' })
@Controller('api/v1/admin/appraisal-schemes')
@UseGuards(RolesGuard)
export class AppraisalSchemesController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Put(':year')
  @HttpCode(200)
  @AllowedRoles('admin')
  @ApiOperation({
    summary: "Publish (or amend) a year's appraisal scheme: weights per unit kind, case indicators and deductions, grades, the consequence",
  })
  @ApiResponse({ status: 200, description: 'In force: `{ year, version, revision, position }`' })
  @ApiResponse({ status: 422, description: 'A rule broken: WEIGHTS_NOT_100, WEIGHT_NOT_FOR_UNIT_KIND, GRADE_BANDS_NOT_ORDERED, …' })
  publish(
    @Param('year', AppraisalYearPipe) year: number,
    @Body() body: PublishAppraisalSchemeBody,
    @Caller() caller: RequestContext,
  ): Promise<SchemePublicationResult> {
    const scheme = {
      kinds: body.kinds,
      caseDeductions: {
        perOverdueCase: body.caseDeductions?.perOverdueCase ?? 0,
        perAccountability: body.caseDeductions?.perAccountability ?? 0,
      },
      grades: body.grades,
      consequence: body.consequence,
      note: body.note,
    } as AppraisalScheme; // omitted weights are 0: the domain fills them in and checks the rest
    return this.commandBus.execute(new PublishAppraisalSchemeMessage({ type: 'PublishAppraisalScheme', year, scheme }, caller));
  }

  @Get(':year')
  @ApiOperation({ summary: 'The scheme in force for a year (the default when none is published), with its version' })
  async inForce(@Param('year', AppraisalYearPipe) year: number): Promise<AppraisalSchemeInForce> {
    const { state } = await loadAggregate(this.store, appraisalSchemeStreamId(year), appraisalSchemeDecider);
    return appraisalSchemeInForce(year, state.current);
  }
}
