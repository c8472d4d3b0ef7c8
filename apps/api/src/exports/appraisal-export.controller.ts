import { Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers, download, Problems, READ_MODEL_PROBLEMS, YearParam } from '../common/api-contract';
import { ReadRoutes } from '../common/routes.decorator';
import { AppraisalYearPipe } from '../appraisals/appraisal-year.pipe';
import { GetAppraisalTableQuery, type AppraisalTableAnswer } from '../appraisals/appraisal.queries';
import { APPRAISAL_YEAR_PROBLEMS } from '../appraisals/appraisal.responses';
import { appraisalExport } from './appraisal-export';
import { ExportAppraisalsRequestDto } from './appraisal-export.request.dto';
import { EXPORT_CONTENT_TYPES, sendExport } from './send-export';

/**
 * The year's appraisal table (年度评议结果) as a file a leader opens in Excel: the same rows as the
 * JSON table, for the same roles.
 */
@YearParam()
@ReadRoutes('api/v1/appraisals', 'appraisals', 'dashboard', 'discipline', 'admin', 'intake')
export class AppraisalExportController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':year/export')
  @ApiOperation({ summary: "The year's appraisal table as xlsx or csv (UTF-8 with BOM), with Chinese headers" })
  @Answers(download('The table as a file', EXPORT_CONTENT_TYPES))
  @Problems(READ_MODEL_PROBLEMS)
  @Problems(APPRAISAL_YEAR_PROBLEMS)
  async export(
    @Param('year', AppraisalYearPipe) year: number,
    @Query() request: ExportAppraisalsRequestDto,
    @Res() response: Response,
  ): Promise<void> {
    const answer: AppraisalTableAnswer = await this.queryBus.execute(new GetAppraisalTableQuery(year, request));
    await sendExport(response, appraisalExport(answer, request.kind ?? null), request.format ?? 'xlsx');
  }
}
