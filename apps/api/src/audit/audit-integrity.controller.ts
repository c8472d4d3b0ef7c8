import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { loadVerifyKey, publishedKey } from '@app/event-store';
import { APP_CONFIG, type RuntimeConfig } from '@app/platform';
import { Answers, Problems } from '../common/api-contract';
import { Caller, type RequestContext } from '../common/request-context';
import { Public } from '../common/roles.guard';
import { ReadRoutes } from '../common/routes.decorator';
import { AUDIT_LOG_VERIFICATION, CHECKPOINT_KEY } from './audit.responses';
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
  @Answers({ status: 200, description: 'What the verification found, and where it is recorded', schema: AUDIT_LOG_VERIFICATION })
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
  @Answers({ status: 200, description: 'The public key', schema: CHECKPOINT_KEY })
  @Problems({ 404: ['CHECKPOINT_KEY_MISSING'] })
  checkpointKey(): ReturnType<typeof publishedKey> {
    const key = loadVerifyKey(this.config.tamperEvidence, { generate: true });
    if (!key) throw new NotFoundException({ code: 'CHECKPOINT_KEY_MISSING', message: 'No checkpoint key is configured' });
    return publishedKey(key);
  }
}
