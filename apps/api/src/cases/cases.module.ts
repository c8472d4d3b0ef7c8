import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminModule } from '../admin/admin.module';
import { CommandWriter } from '../common/command-writer';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IdempotentAnswers } from '../common/idempotency/idempotent-answers';
import { ComplainantsModule } from '../complainants/complainants.module';
import { UnitsModule } from '../units/units.module';
import { GetCaseHandler, GetCaseHistoryHandler } from './case-by-id.query';
import { CaseCommandHandler } from './case-command.handler';
import { CaseQueriesController } from './case-queries.controller';
import { IntakeCommandsController } from './intake-commands.controller';
import { OversightCommandsController } from './oversight-commands.controller';
import { UnitCommandsController } from './unit-commands.controller';

/** The Case aggregate over HTTP: its commands, and reads of one case by id. */
@Module({
  imports: [CqrsModule, AdminModule, UnitsModule, ComplainantsModule],
  controllers: [IntakeCommandsController, UnitCommandsController, OversightCommandsController, CaseQueriesController],
  providers: [CaseCommandHandler, GetCaseHandler, GetCaseHistoryHandler, CommandWriter, IdempotencyStore, IdempotentAnswers],
})
export class CasesModule {}
