import { Module } from '@nestjs/common';
import { AdminRoleGuard } from './admin-role.guard';
import { AdminController } from './admin.controller';
import { DeadlineRulesProvider } from './deadline-rules.provider';
import { PublishCalendarYearHandler, PublishTimeLimitPolicyHandler } from './publish-config.handlers';

/**
 * Publication of the official calendar and of the time limits, and the DeadlineRulesProvider that
 * folds them for commands setting due dates. Needs EVENT_STORE (EventStoreModule) and the global
 * CqrsModule.forRoot().
 */
@Module({
  controllers: [AdminController],
  providers: [AdminRoleGuard, DeadlineRulesProvider, PublishCalendarYearHandler, PublishTimeLimitPolicyHandler],
  exports: [DeadlineRulesProvider],
})
export class AdminModule {}
