import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { UnitsModule } from '../units/units.module';
import { AppraisalInputsController } from './appraisal-inputs.controller';
import { ExecuteAppraisalInputCommandHandler } from './execute-appraisal-input-command';

/** Appraisal inputs per unit and year (DESIGN.md §5). */
@Module({
  imports: [CqrsModule, UnitsModule],
  controllers: [AppraisalInputsController],
  providers: [ExecuteAppraisalInputCommandHandler, IdempotencyStore],
})
export class AppraisalInputsModule {}
