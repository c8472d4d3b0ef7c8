import { Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { CALENDAR_YEAR_MISSING } from '@app/domain';
import type { Response } from 'express';
import { overdueItems, type OverdueItem, type OverdueJsonPage } from '@app/projections/overdue/overdue.reader';
import { Answers, download, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { Caller, type RequestContext } from '../common/request-context';
import { ReadRoutes } from '../common/routes.decorator';
import { ListOverdueQuery } from '../overdue/list-overdue.query';
import { UnitDirectory } from '../units/unit-directory';
import { overdueExport, type OverdueExportRow } from './overdue-export';
import { ExportOverdueRequestDto } from './overdue-export.request.dto';
import { EXPORT_CONTENT_TYPES, sendExport } from './send-export';

/** Rows fetched per page of the list while building the file (the list's largest page). */
const PAGE = 100;

/**
 * The overdue list (红黄牌) as a file: every row the list would show for the same filters, page after
 * page, for the same roles; a unit's file holds only its own deadlines, as its list does.
 */
@ReadRoutes('api/v1/overdue', 'overdue', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class OverdueExportController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly units: UnitDirectory,
  ) {}

  @Get('export')
  @ApiOperation({
    summary: 'The whole filtered overdue list as xlsx or csv (UTF-8 with BOM), with Chinese headers, named by the Beijing date',
  })
  @Answers(download('The list as a file', EXPORT_CONTENT_TYPES))
  @Problems(READ_MODEL_PROBLEMS)
  @Problems({ 422: [CALENDAR_YEAR_MISSING] })
  async export(@Query() request: ExportOverdueRequestDto, @Caller() caller: RequestContext, @Res() response: Response): Promise<void> {
    const { format, ...filters } = request;
    const items: OverdueItem[] = [];
    let today: string | null = null;
    let cursor: string | undefined;
    do {
      // Each page is the list's own query, `after` included: once the first page has waited for it, it holds at once.
      const page = overdueItems(
        (await this.queryBus.execute(new ListOverdueQuery({ ...filters, limit: PAGE, cursor }, caller))) as OverdueJsonPage,
      );
      // The first page's day names the file, even if the export runs past midnight.
      today ??= page.today;
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await sendExport(response, overdueExport(today, await this.withUnitNames(items)), format ?? 'xlsx');
  }

  /** The registered name of each unit on the list, read once per unit. */
  private async withUnitNames(items: OverdueItem[]): Promise<OverdueExportRow[]> {
    const ids = [...new Set(items.map((i) => i.unitId))];
    const names = new Map(await Promise.all(ids.map(async (id) => [id, (await this.units.get(id))?.name ?? null] as const)));
    return items.map((i) => ({ ...i, unitName: names.get(i.unitId) ?? null }));
  }
}
