import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { UnitsModule } from '../units/units.module';
import { AppraisalInputCommandHandler } from './appraisal-input-command.handler';
import { AppraisalInputsController } from './appraisal-inputs.controller';

/** Appraisal inputs per unit and year (docs/rules.md#appraisal-inputs). */
@Module({
  imports: [CqrsModule, UnitsModule],
  controllers: [AppraisalInputsController],
  providers: [AppraisalInputCommandHandler, IdempotencyStore],
})
export class AppraisalInputsModule {}
