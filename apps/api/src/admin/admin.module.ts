import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { DeadlineRulesProvider } from './deadline-rules.provider';
import { PublishCalendarYearHandler } from './publish-calendar-year.handler';
import { PublishTimeLimitPolicyHandler } from './publish-time-limit-policy.handler';

/**
 * Publication of the official calendar and of the time limits, and the DeadlineRulesProvider that
 * folds them for commands setting due dates. Needs EVENT_STORE (EventStoreModule) and the global
 * CqrsModule.forRoot().
 */
@Module({
  controllers: [AdminController],
  providers: [DeadlineRulesProvider, PublishCalendarYearHandler, PublishTimeLimitPolicyHandler],
  exports: [DeadlineRulesProvider],
})
export class AdminModule {}
