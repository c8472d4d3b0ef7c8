import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandWriter } from '../common/command-writer';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IdempotentAnswers } from '../common/idempotency/idempotent-answers';
import { UnitsModule } from '../units/units.module';
import { AppraisalInputCommandHandler } from './appraisal-input-command.handler';
import { AppraisalInputsController } from './appraisal-inputs.controller';
import { AppraisalInputsQueriesController } from './appraisal-inputs-queries.controller';
import { GetAppraisalInputsHandler } from './appraisal-inputs.query';

/** Appraisal inputs per unit and year (docs/rules.md#appraisal-inputs). */
@Module({
  imports: [CqrsModule, UnitsModule],
  controllers: [AppraisalInputsController, AppraisalInputsQueriesController],
  providers: [AppraisalInputCommandHandler, GetAppraisalInputsHandler, CommandWriter, IdempotencyStore, IdempotentAnswers],
})
export class AppraisalInputsModule {}
