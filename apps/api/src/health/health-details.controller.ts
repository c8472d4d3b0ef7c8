import { Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReadRoutes } from '../common/routes.decorator';
import { HealthProbe, type HealthReport } from './health-probe';

/** What GET /health no longer tells anyone: each component's state and error, and each read model's lag. */
@ReadRoutes('api/v1/health', 'operations', 'admin', 'discipline')
export class HealthDetailsController {
  constructor(private readonly probe: HealthProbe) {}

  @Get('details')
  @ApiOperation({ summary: 'Reachability of the read-model database and the event store, and each read model’s checkpoint, head and lag' })
  @ApiResponse({ status: 200, description: 'Everything reachable' })
  @ApiResponse({ status: 503, description: 'Something unreachable; `checks` says what' })
  async details(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.probe.report();
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
