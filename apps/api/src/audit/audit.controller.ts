import { Get, Inject, Logger, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { beijingDateOf } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import type { AuditEvent, AuditEventPage, AuditExport } from '@app/projections/audit/audit.reader';
import { Answers, AUDIT_LIST_PROBLEMS, download, Problems } from '../common/api-contract';
import { ReadRoutes } from '../common/routes.decorator';
import { ExportAuditEventsRequestDto, ListAuditEventsRequestDto } from './audit-events.request.dto';
import { AUDIT_EVENT_PAGE } from './audit.responses';
import { AUDIT_EXPORT_FILE_FORMATS, type AuditExportFileFormat } from './audit-export-formats';
import { ExportAuditEventsQuery } from './export-audit-events.query';
import { ListAuditEventsQuery } from './list-audit-events.query';
import { writeWithBackpressure } from './write-with-backpressure';

/**
 * The audit history (审计日志): the global event log, filtered, for the discipline office
 * (纪检监察), which reads the full event history of everything. Not the admin: who runs the system
 * does not also audit it (separation of duties, MLPS 2.0 三员分立).
 */
@ReadRoutes('api/v1/audit/events', 'audit', 'discipline')
export class AuditController {
  private readonly logger = new Logger('AuditExport');

  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Events of the whole log in log order, with all metadata, a page at a time (pass nextCursor as cursor)' })
  @Answers({ status: 200, description: 'A page of the log', schema: AUDIT_EVENT_PAGE })
  @Problems(AUDIT_LIST_PROBLEMS)
  list(@Query() request: ListAuditEventsRequestDto): Promise<AuditEventPage> {
    return this.queryBus.execute(new ListAuditEventsQuery(request));
  }

  @Get('export')
  @ApiOperation({ summary: 'The whole filtered log as a download (NDJSON or CSV), streamed in log order, of any size' })
  @Answers(download('The filtered log: NDJSON, one event a line, or CSV', ['application/x-ndjson', 'text/csv'], ['X-Audit-Up-To-Position']))
  @Problems(AUDIT_LIST_PROBLEMS)
  async export(@Query() request: ExportAuditEventsRequestDto, @Res() response: Response): Promise<void> {
    const { format: formatName, ...filters } = request;
    const format = AUDIT_EXPORT_FILE_FORMATS[formatName ?? 'ndjson'];
    const { upTo, batches }: AuditExport = await this.queryBus.execute(new ExportAuditEventsQuery(filters));
    response.status(200);
    response.setHeader('Content-Type', format.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${this.fileName(format, upTo)}"`);
    response.setHeader('Cache-Control', 'no-store');
    // Where the export ends: a later export with cursor=<this> continues exactly after it.
    response.setHeader('X-Audit-Up-To-Position', upTo ?? '');
    try {
      await writeWithBackpressure(response, chunks(format, batches));
    } catch (error) {
      if (!response.headersSent) {
        response.removeHeader('Content-Disposition');
        throw error;
      }
      // Too late for a problem document: cut the connection, so the client sees a broken download
      // rather than a file that looks complete.
      this.logger.error(`Audit export failed after it started: ${(error as Error).message}`);
      response.destroy(error as Error);
    }
  }

  /** e.g. `audit-events-2026-11-20-to-4611686018427387904.csv` (the date in Beijing). */
  private fileName(format: AuditExportFileFormat, upTo: string | null): string {
    return `audit-events-${beijingDateOf(this.clock.now().toISOString())}-to-${upTo ?? 'start'}.${format.extension}`;
  }
}

/** The file's head goes out with the first batch: a failure reading that batch can still be a 503/500 problem. */
async function* chunks(format: AuditExportFileFormat, batches: AsyncIterable<AuditEvent[]>): AsyncGenerator<string> {
  let head = format.head;
  for await (const batch of batches) {
    yield head + format.lines(batch);
    head = '';
  }
  if (head) yield head;
}
