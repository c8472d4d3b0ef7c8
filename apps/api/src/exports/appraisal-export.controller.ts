import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProjectionPositions } from '../common/projection-positions';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { AppraisalYearPipe } from '../appraisals/appraisal-year.pipe';
import { GetAppraisalTableQuery, type AppraisalTable } from '../appraisals/appraisal.queries';
import { appraisalExport } from './appraisal-export';
import { ExportAppraisalsRequestDto } from './appraisal-export.request.dto';
import { sendExport } from './send-export';

/** The year's appraisal table (年度评议结果) as a file a leader opens in Excel: the same rows as the JSON table. */
@ApiTags('appraisals')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/appraisals')
@UseGuards(RolesGuard)
export class AppraisalExportController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
  ) {}

  @Get(':year/export')
  // The same readers as the table itself.
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake')
  @ApiOperation({ summary: "The year's appraisal table as xlsx or csv (UTF-8 with BOM), with Chinese headers" })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiResponse({ status: 503, description: 'PROJECTION_NOT_READY: not built yet, or not at `after` in time (Retry-After)' })
  async export(
    @Param('year', AppraisalYearPipe) year: number,
    @Query() query: ExportAppraisalsRequestDto,
    @Res() response: Response,
  ): Promise<void> {
    if (query.after) await this.positions.waitFor('appraisal', BigInt(query.after));
    const table: AppraisalTable = await this.queryBus.execute(new GetAppraisalTableQuery(year, query.kind ?? null));
    await sendExport(response, appraisalExport(table, query.kind ?? null), query.format ?? 'xlsx');
  }
}
