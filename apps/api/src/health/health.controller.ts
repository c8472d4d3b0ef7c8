import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers } from '../common/api-contract';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/problem-details.filter';
import { Public } from '../common/roles.guard';
import { HEALTH_STATUS } from './health.responses';
import { HealthProbe } from './health-probe';
import type { HealthStatus } from './health-status';

/**
 * The one route anyone may call without signing in: for load balancers and container health checks.
 * It says ok, degraded or unavailable and nothing else (health-status.ts says when); what is down,
 * what holds the log back and how far the read models lag is at GET /api/v1/health/details (signed
 * in) and /metrics (management port).
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: HealthProbe) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Up or not: 200 when the database and the event store answer (`degraded` when new events have been held back from the read models ' +
      'for 5 s or more by a transaction open on the database server, when the database answers but requests wait for a connection ' +
      'of the pool, while a read model is refused its build or stopped on an event, or when signed checkpoints of the log are stuck: the newest ' +
      'does not verify, or events have waited past AUDIT_CHECKPOINT_STALE_SECONDS for one), else 503. No details, no sign-in',
  })
  @Answers(
    {
      status: 200,
      description:
        'Up (`ok`), or up with read models held back, requests waiting for a connection or checkpoint signing stuck (`degraded`)',
      schema: HEALTH_STATUS,
    },
    { status: 503, description: 'Down (`unavailable`): not a problem document, the same body', schema: HEALTH_STATUS },
  )
  async check(@Res({ passthrough: true }) response: Response): Promise<{ status: HealthStatus }> {
    const status = await this.probe.status();
    response.status(status === 'unavailable' ? 503 : 200);
    // Down says when to ask again, as every 503 of the API does (the document requires it).
    if (status === 'unavailable') response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return { status };
  }
}
