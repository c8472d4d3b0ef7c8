import { Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReadRoutes } from '../common/routes.decorator';
import { AppraisalYearPipe } from '../appraisals/appraisal-year.pipe';
import { GetAppraisalTableQuery, type AppraisalTable } from '../appraisals/appraisal.queries';
import { appraisalExport } from './appraisal-export';
import { ExportAppraisalsRequestDto } from './appraisal-export.request.dto';
import { sendExport } from './send-export';

/**
 * The year's appraisal table (年度评议结果) as a file a leader opens in Excel: the same rows as the
 * JSON table, for the same roles.
 */
@ReadRoutes('api/v1/appraisals', 'appraisals', 'dashboard', 'discipline', 'admin', 'intake')
export class AppraisalExportController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':year/export')
  @ApiOperation({ summary: "The year's appraisal table as xlsx or csv (UTF-8 with BOM), with Chinese headers" })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiResponse({ status: 503, description: 'PROJECTION_NOT_READY: not built yet, or not at `after` in time (Retry-After)' })
  async export(
    @Param('year', AppraisalYearPipe) year: number,
    @Query() request: ExportAppraisalsRequestDto,
    @Res() response: Response,
  ): Promise<void> {
    const table: AppraisalTable = await this.queryBus.execute(new GetAppraisalTableQuery(year, request));
    await sendExport(response, appraisalExport(table, request.kind ?? null), request.format ?? 'xlsx');
  }
}
