import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { EventStoreModule } from '@app/event-store/event-store.module';
import { ClockModule, httpLoggingParams, PlatformModule, type Clock, type RuntimeConfig } from '@app/platform';
import { ProjectorModule } from '../../projector/src/projector.module';
import { AppraisalInputsModule } from './appraisal-inputs/appraisal-inputs.module';
import { AppraisalsModule } from './appraisals/appraisals.module';
import { AuditModule } from './audit/audit.module';
import { CaseListModule } from './case-list/case-list.module';
import { CasesModule } from './cases/cases.module';
import { ExportsModule } from './exports/exports.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { UnitsModule } from './units/units.module';
import { OverdueModule } from './overdue/overdue.module';
import { RectificationsModule } from './rectifications/rectifications.module';
import { AccountabilityModule } from './accountability/accountability.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { ProjectionLagProbe } from './health/projection-lag';

/** The HTTP API; with APP_ROLE=all it also hosts the projector in the same process. */
@Module({})
export class ApiModule {
  static forRoot(config: RuntimeConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(httpLoggingParams(logger)),
        PlatformModule.forRoot(config),
        EventStoreModule.forRoot(),
        CqrsModule.forRoot(),
        ClockModule.forRoot(clock),
        UnitsModule,
        CasesModule,
        CaseListModule,
        OverdueModule,
        RectificationsModule,
        AccountabilityModule,
        DashboardModule,
        AppraisalInputsModule,
        AppraisalsModule,
        AuditModule,
        ExportsModule,
        ...(config.appRole === 'all' ? [ProjectorModule.forRoot()] : []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [ProjectionLagProbe],
    };
  }
}
