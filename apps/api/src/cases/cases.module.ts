import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminModule } from '../admin/admin.module';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { ComplainantStore } from '../complainants/complainant.store';
import { UnitsModule } from '../units/units.module';
import { CaseCommandsController } from './case-commands.controller';
import { CaseQueriesController } from './case-queries.controller';
import { ExecuteCaseCommandHandler } from './execute-case-command.handler';

/** The HTTP side of the Case aggregate: commands and reads by id. */
@Module({
  imports: [CqrsModule, AdminModule, UnitsModule],
  controllers: [CaseCommandsController, CaseQueriesController],
  providers: [ExecuteCaseCommandHandler, ComplainantStore, IdempotencyStore],
})
export class CasesModule {}
