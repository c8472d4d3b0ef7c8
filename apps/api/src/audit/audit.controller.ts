import { Controller, Get, Inject, Logger, Query, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { beijingDateOf } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import { ProjectionPositions } from '../common/projection-positions';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import type { AuditEvent } from './audit-event';
import { ExportAuditEventsRequestDto, ListAuditEventsRequestDto } from './audit-events.request.dto';
import { AUDIT_EXPORT_FILE_FORMATS, type AuditExportFileFormat } from './audit-export-formats';
import { AUDIT_PROJECTION } from './audit-read-model';
import { ExportAuditEventsQuery } from './export-audit-events.query';
import { ListAuditEventsQuery, type AuditEventPage } from './list-audit-events.query';
import { writeWithBackpressure } from './write-with-backpressure';

/**
 * The audit history (审计日志): the global event log, filtered, for the discipline office
 * (纪检监察), which "reads the full event history of everything" (DESIGN.md §1). Not the admin:
 * who runs the system does not also audit it (separation of duties, MLPS 2.0 三员分立).
 */
@ApiTags('audit')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/audit/events')
@UseGuards(RolesGuard)
@AllowedRoles('discipline')
export class AuditController {
  private readonly logger = new Logger('AuditExport');

  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Events of the whole log in log order, with all metadata, a page at a time (pass nextCursor as cursor)' })
  async list(@Query() filters: ListAuditEventsRequestDto): Promise<AuditEventPage> {
    if (filters.after) await this.positions.waitFor(AUDIT_PROJECTION, BigInt(filters.after));
    return this.queryBus.execute(new ListAuditEventsQuery(filters));
  }

  @Get('export')
  @ApiOperation({ summary: 'The whole filtered log as a download (NDJSON or CSV), streamed in log order, of any size' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  async export(@Query() filters: ExportAuditEventsRequestDto, @Res() response: Response): Promise<void> {
    if (filters.after) await this.positions.waitFor(AUDIT_PROJECTION, BigInt(filters.after));
    const format = AUDIT_EXPORT_FILE_FORMATS[filters.format ?? 'ndjson'];
    const { upTo, batches } = await this.queryBus.execute(new ExportAuditEventsQuery(filters));
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
