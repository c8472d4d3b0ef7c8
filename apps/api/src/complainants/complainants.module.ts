import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandWriter } from '../common/command-writer';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IdempotentAnswers } from '../common/idempotency/idempotent-answers';
import { CaseStatusByQueryCodeHandler } from './case-status-by-query-code.query';
import { CaseStatusController } from './case-status.controller';
import { IdentityAccessLog } from './identity-access-log';
import { ComplainantCommandsController } from './complainant-commands.controller';
import { ComplainantController } from './complainant.controller';
import { ComplainantFiling } from './complainant-filing';
import { ComplainantIdentityStore } from './complainant-identity.store';
import { EraseComplainantIdentityHandler } from './erase-complainant-identity.handler';
import { LegacyComplainantsSweep } from './legacy-complainants.sweep';
import { MasterKeyCoverage } from './master-key-coverage';
import { QueryCodeStore } from './query-code.store';
import { ReadComplainantIdentityHandler } from './read-complainant-identity.handler';
import { ReissueQueryCodeHandler } from './reissue-query-code.handler';

/**
 * Complainant confidentiality (docs/rules.md#complainant-confidentiality): the encrypted identity
 * store (its master keys: MasterKeyringModule, global), the read with its access log, erasure, query codes and the public
 * status lookup. Filing (cases/) uses ComplainantFiling; the ledger's people store (ledger/people/) the master keys.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ComplainantController, ComplainantCommandsController, CaseStatusController],
  providers: [
    ComplainantIdentityStore,
    QueryCodeStore,
    ComplainantFiling,
    IdentityAccessLog,
    ReadComplainantIdentityHandler,
    EraseComplainantIdentityHandler,
    ReissueQueryCodeHandler,
    CaseStatusByQueryCodeHandler,
    LegacyComplainantsSweep,
    MasterKeyCoverage,
    CommandWriter,
    IdempotencyStore,
    IdempotentAnswers,
  ],
  exports: [ComplainantFiling, IdentityAccessLog],
})
export class ComplainantsModule {}
