import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminModule } from '../admin/admin.module';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { ComplainantStore } from '../complainants/complainant.store';
import { UnitsModule } from '../units/units.module';
import { CaseCommandSender } from './case-command-sender';
import { CaseQueriesController } from './case-queries.controller';
import { ExecuteCaseCommandHandler } from './execute-case-command.handler';
import { IntakeCommandsController } from './intake-commands.controller';
import { OversightCommandsController } from './oversight-commands.controller';
import { UnitCommandsController } from './unit-commands.controller';

/** The HTTP side of the Case aggregate: commands and reads by id. */
@Module({
  imports: [CqrsModule, AdminModule, UnitsModule],
  controllers: [IntakeCommandsController, UnitCommandsController, OversightCommandsController, CaseQueriesController],
  providers: [CaseCommandSender, ExecuteCaseCommandHandler, ComplainantStore, IdempotencyStore],
})
export class CasesModule {}
