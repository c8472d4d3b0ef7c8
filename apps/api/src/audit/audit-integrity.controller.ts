import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { loadVerifyKey, publishedKey } from '@app/event-store';
import { APP_CONFIG, type RuntimeConfig } from '@app/platform';
import { Caller, type RequestContext } from '../common/request-context';
import { Public } from '../common/roles.guard';
import { ReadRoutes } from '../common/routes.decorator';
import { VerifyAuditLogQuery, type AuditLogVerification } from './verify-audit-log.query';

/**
 * Tamper evidence (docs/rules.md#tamper-evidence): the discipline office re-checks the whole log,
 * its hash chains and signed checkpoints, as it reads the log itself (AuditController).
 */
@ReadRoutes('api/v1/audit', 'audit', 'discipline')
export class AuditVerifyController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('verify')
  @ApiOperation({
    summary:
      'Re-check every event’s hash chain and every signed checkpoint; name the first event that fails (stream, version, position). ' +
      'The result is recorded as an AuditLogVerified event. 200 whether or not the log holds: see `ok`.',
  })
  verify(@Caller() caller: RequestContext): Promise<AuditLogVerification> {
    return this.queryBus.execute(new VerifyAuditLogQuery(caller));
  }
}

/**
 * The public key checkpoints are signed with. Public: it is not a secret, and it exists so that
 * someone outside the system (an auditor, a court, the discipline office's own tools) holding a copy
 * of the checkpoints can check them without an account here. It grants nothing.
 */
@ApiTags('audit')
@Controller('api/v1/audit')
export class CheckpointKeyController {
  constructor(@Inject(APP_CONFIG) private readonly config: RuntimeConfig) {}

  @Get('checkpoint-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key of the signed checkpoints (PEM and JWK, with its RFC 7638 thumbprint as key id)' })
  @ApiResponse({ status: 404, description: 'CHECKPOINT_KEY_MISSING: no key is configured' })
  checkpointKey(): ReturnType<typeof publishedKey> {
    const key = loadVerifyKey(this.config.tamperEvidence, { generate: true });
    if (!key) throw new NotFoundException({ code: 'CHECKPOINT_KEY_MISSING', message: 'No checkpoint key is configured' });
    return publishedKey(key);
  }
}
