import { Body, Get, Param } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { AppraisalSchemeErrors, type AppraisalScheme, type AppraisalSchemeInForce } from '@app/domain';
import { APPRAISAL_SCHEME_IN_FORCE, SCHEME_PUBLICATION_RESULT } from '../admin/admin.responses';
import { Answers, codesOf, YearParam } from '../common/api-contract';
import { ExpectedRevision } from '../common/publication-revision';
import { Caller, ROLES, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { PublicationRoute, PublicationRoutes } from '../common/routes.decorator';
import { GetAppraisalSchemeQuery } from './appraisal-scheme-in-force.query';
import { AppraisalYearPipe } from './appraisal-year.pipe';
import { PublishAppraisalSchemeBody } from './appraisal-scheme.request.dto';
import { PublishAppraisalSchemeMessage, type SchemePublicationResult } from './publish-appraisal-scheme.handler';

/** Appraisal schemes (评议/考核方案) as versioned data: one stream per year, the default until published. */
@YearParam()
@PublicationRoutes('api/v1/admin/appraisal-schemes')
export class AppraisalSchemesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @PublicationRoute(':year', {
    summary: "Publish (or amend) a year's appraisal scheme: weights per unit kind, case indicators and deductions, grades, the consequence",
    inForce: SCHEME_PUBLICATION_RESULT,
    rulesBroken: codesOf(AppraisalSchemeErrors),
  })
  publish(
    @Param('year', AppraisalYearPipe) year: number,
    @Body() body: PublishAppraisalSchemeBody,
    @Caller() caller: RequestContext,
    @ExpectedRevision() expectedRevision: number | undefined,
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
    return this.commandBus.execute(
      new PublishAppraisalSchemeMessage({ type: 'PublishAppraisalScheme', year, scheme }, caller, expectedRevision),
    );
  }

  @Get(':year')
  @AllowedRoles(...ROLES) // what is in force: every signed-in role reads it
  @ApiOperation({ summary: 'The scheme in force for a year (the default when none is published), with its version' })
  @Answers({
    status: 200,
    description: 'The scheme in force (ETag: its revision, for If-Match)',
    schema: APPRAISAL_SCHEME_IN_FORCE,
    headers: ['ETag'],
  })
  inForce(@Param('year', AppraisalYearPipe) year: number): Promise<AppraisalSchemeInForce> {
    return this.queryBus.execute(new GetAppraisalSchemeQuery(year));
  }
}
