import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers } from '../common/api-contract';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/problem-details.filter';
import { Public } from '../common/roles.guard';
import { HEALTH_STATUS } from './health.responses';
import { HealthProbe } from './health-probe';

/**
 * The one route anyone may call without signing in: for load balancers and container health checks.
 * It says up or not and nothing else; what is down and how far the read models lag is at
 * GET /api/v1/health/details (signed in) and /metrics (management port).
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: HealthProbe) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Up or not: 200 when the database and the event store answer, else 503. No details, no sign-in' })
  @Answers(
    { status: 200, description: 'Up', schema: HEALTH_STATUS },
    { status: 503, description: 'Down (`unavailable`): not a problem document, the same body', schema: HEALTH_STATUS },
  )
  async check(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'unavailable' }> {
    const up = await this.probe.up();
    response.status(up ? 200 : 503);
    // Down says when to ask again, as every 503 of the API does (the document requires it).
    if (!up) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return { status: up ? 'ok' : 'unavailable' };
  }
}
