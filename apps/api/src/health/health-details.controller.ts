import { Get, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers } from '../common/api-contract';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/problem-details.filter';
import { ReadRoutes } from '../common/routes.decorator';
import { HEALTH_REPORT } from './health.responses';
import { HealthProbe, type HealthReport } from './health-probe';

/** What GET /health does not tell anyone: each component's state and error, what holds the log back from its readers, each read model's lag, and the signing of checkpoints. */
@ReadRoutes('api/v1/health', 'operations', 'admin', 'discipline')
export class HealthDetailsController {
  constructor(private readonly probe: HealthProbe) {}

  @Get('details')
  @ApiOperation({
    summary:
      'Reachability of the read-model database and the event store, committed events held back from every reader (and the transaction ' +
      'holding them), each read model’s checkpoint, head and lag, the read models refused a build or stopped on an event, and how far ' +
      'the signed checkpoints of the log have got',
  })
  @Answers(
    {
      status: 200,
      description:
        'Everything reachable (`ok`), or reachable with events held back 5 s or more, requests waiting for a connection, a read model ' +
        'refused its build or stopped on an event, or checkpoint signing stuck (`degraded`: `signing` says since when, or which newest ' +
        'row does not verify)',
      schema: HEALTH_REPORT,
    },
    { status: 503, description: 'Something unreachable; `checks` says what (the report, not a problem document)', schema: HEALTH_REPORT },
  )
  async details(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.probe.report();
    response.status(report.status === 'unavailable' ? 503 : 200);
    if (report.status === 'unavailable') response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return report;
  }
}
