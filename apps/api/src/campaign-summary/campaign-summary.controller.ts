import { BadRequestException, Get, Param, Query, Res, type PipeTransform } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CampaignSummary } from '@app/domain';
import { ID_PATTERN } from '../common/text-fields';
import { Answers, download, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { ReadRoutes } from '../common/routes.decorator';
import { EXPORT_CONTENT_TYPES, sendExport } from '../exports/send-export';
import {
  everyEntryOf,
  GetLedgerConfigurationQuery,
  type LedgerConfigurationView,
} from '../ledger/configuration/ledger-configuration-in-force.query';
import { campaignSummaryExport } from './campaign-summary-export';
import { GetCampaignSummaryQuery } from './campaign-summary.query';
import { CampaignSummaryExportRequestDto, CampaignSummaryRequestDto } from './campaign-summary.request.dto';
import { CAMPAIGN_SUMMARY } from './campaign-summary.responses';

/** A campaign id in the path; anything else is a 400 naming it. */
class CampaignIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (ID_PATTERN.test(value)) return value;
    const message = 'id must be a campaign id';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'id', message }] });
  }
}

/** The campaign summary (总结报告): its figures with the events behind each, as JSON and as a file. */
@ReadRoutes('api/v1/campaigns', 'campaigns', 'intake', 'discipline', 'dashboard', 'admin')
export class CampaignSummaryController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/summary')
  @ApiOperation({
    summary:
      'The figures a campaign’s 总结报告 states — units appraised, questionnaires and return rate, meetings, suggestions, ' +
      'findings and measures by category and size class, done and done on time, 验收, 回头看 — each with the ids of the events it counts',
  })
  @Answers({ status: 200, description: 'The summary', schema: CAMPAIGN_SUMMARY })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems({ 404: ['CAMPAIGN_NOT_FOUND'] })
  summary(@Param('id', CampaignIdPipe) id: string, @Query() request: CampaignSummaryRequestDto): Promise<CampaignSummary> {
    return this.queryBus.execute(new GetCampaignSummaryQuery(id, request.after));
  }

  @Get(':id/summary/export')
  @ApiOperation({ summary: 'The campaign summary as xlsx or csv (UTF-8 with BOM): 指标, 数值, 计算, 依据事件数, 依据事件' })
  @Answers(download('The summary as a file', EXPORT_CONTENT_TYPES))
  @Problems(READ_MODEL_PROBLEMS)
  @Problems({ 404: ['CAMPAIGN_NOT_FOUND'] })
  async export(
    @Param('id', CampaignIdPipe) id: string,
    @Query() request: CampaignSummaryExportRequestDto,
    @Res() response: Response,
  ): Promise<void> {
    // 问题类别 and 措施类别 by the labels of the ledger configuration (GET /api/v1/admin/ledger), dropped entries too.
    const [summary, ledger]: [CampaignSummary, LedgerConfigurationView] = await Promise.all([
      this.queryBus.execute(new GetCampaignSummaryQuery(id, request.after)),
      this.queryBus.execute(new GetLedgerConfigurationQuery()),
    ]);
    const lists = {
      findingCategories: everyEntryOf(ledger, 'findingCategories'),
      measureCategories: everyEntryOf(ledger, 'measureCategories'),
    };
    await sendExport(response, campaignSummaryExport(summary, lists), request.format ?? 'xlsx');
  }
}
