import { Module } from '@nestjs/common';
import { CaseListModule } from '../case-list/case-list.module';
import { CommandWriter } from '../common/command-writer';
import { ConfigurationStreamsModule } from '../common/configuration-streams.module';
import { AdminController } from './admin.controller';
import { GetCalendarYearHandler, GetTimeLimitsHandler } from './deadline-rules-in-force.query';
import { DeadlineRulesProvider } from './deadline-rules.provider';
import { PublishCalendarYearHandler, PublishTimeLimitPolicyHandler } from './publish-deadline-rules.handler';

/**
 * Publication of the official calendar and of the time limits, the reads of what is in force, and
 * the DeadlineRulesProvider that folds them for commands setting due dates (the streams held in
 * memory by ConfigurationStreamsModule, shared with the unit directory). Needs EVENT_STORE
 * (EventStoreModule) and the global CqrsModule.forRoot(); the open cases (CaseListModule) keep a
 * time-limit policy from dropping a category in use.
 */
@Module({
  imports: [CaseListModule, ConfigurationStreamsModule],
  controllers: [AdminController],
  providers: [
    DeadlineRulesProvider,
    PublishCalendarYearHandler,
    PublishTimeLimitPolicyHandler,
    GetCalendarYearHandler,
    GetTimeLimitsHandler,
    CommandWriter,
  ],
  exports: [DeadlineRulesProvider],
})
export class AdminModule {}
