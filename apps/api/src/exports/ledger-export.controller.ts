import { Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers, download, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { Caller, type RequestContext } from '../common/request-context';
import { ReadRoutes } from '../common/routes.decorator';
import {
  everyEntryOf,
  GetLedgerConfigurationQuery,
  type LedgerConfigurationView,
} from '../ledger/configuration/ledger-configuration-in-force.query';
import { ListRectificationsQuery, type ListedRectificationPage } from '../rectifications/list-rectifications.query';
import type { ListedMeasure } from '../rectifications/measure-problems';
import { UnitDirectory } from '../units/unit-directory';
import { ledgerExport, type LedgerExportRow } from './ledger-export';
import { ExportLedgerRequestDto } from './ledger-export.request.dto';
import { EXPORT_CONTENT_TYPES, sendExport } from './send-export';

/** Rows fetched per page of the list while building the file (the list's largest page). */
const PAGE = 100;

/**
 * The ledger (整改台账) as a file: every measure the list would show for the same filters, page after
 * page, for the same roles; a unit's file holds only what it is responsible for or leads.
 */
@ReadRoutes('api/v1/rectifications', 'rectifications', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class LedgerExportController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly units: UnitDirectory,
  ) {}

  @Get('export')
  @ApiOperation({
    summary:
      'The filtered ledger as xlsx or csv (UTF-8 with BOM) in the 整改台账 layout (序号, 问题, 整改措施, 责任单位, 责任领导, 完成时限, 进展情况, 验收情况), named by the Beijing date',
  })
  @Answers(download('The ledger as a file', EXPORT_CONTENT_TYPES))
  @Problems(READ_MODEL_PROBLEMS)
  async export(@Query() request: ExportLedgerRequestDto, @Caller() caller: RequestContext, @Res() response: Response): Promise<void> {
    const { format, ...filters } = request;
    const items: ListedMeasure[] = [];
    let today: string | null = null;
    let cursor: string | undefined;
    do {
      // Each page is the list's own query, `after` included: once the first page has waited for it, it holds at once.
      const page: ListedRectificationPage = await this.queryBus.execute(
        new ListRectificationsQuery({ ...filters, limit: PAGE, cursor }, caller),
      );
      today ??= page.today;
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // 措施类别 by the labels of the ledger configuration (GET /api/v1/admin/ledger), dropped entries too.
    const [rows, ledger]: [LedgerExportRow[], LedgerConfigurationView] = await Promise.all([
      this.described(items),
      this.queryBus.execute(new GetLedgerConfigurationQuery()),
    ]);
    await sendExport(response, ledgerExport(today, rows, everyEntryOf(ledger, 'measureCategories')), format ?? 'xlsx');
  }

  /** Each measure as listed (its problem's words included, as the caller may know them) with its responsible unit's registered name. */
  private async described(items: ListedMeasure[]): Promise<LedgerExportRow[]> {
    const unitIds = [...new Set(items.map((i) => i.responsibleUnitId))];
    const names = new Map(await Promise.all(unitIds.map(async (id) => [id, (await this.units.get(id))?.name ?? null] as const)));
    return items.map((i) => ({ ...i, responsibleUnitName: names.get(i.responsibleUnitId) ?? null }));
  }
}
