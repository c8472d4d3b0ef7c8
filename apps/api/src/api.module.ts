import { Module, type DynamicModule } from '@nestjs/common';
import { AppraisalInputsModule } from './appraisal-inputs/appraisal-inputs.module';
import { AppraisalsModule } from './appraisals/appraisals.module';
import { AuditModule } from './audit/audit.module';
import { CaseListModule } from './case-list/case-list.module';
import { CasesModule } from './cases/cases.module';
import { ComplainantsModule } from './complainants/complainants.module';
import { ExportsModule } from './exports/exports.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { UnitsModule } from './units/units.module';
import { OverdueModule } from './overdue/overdue.module';
import { RectificationsModule } from './rectifications/rectifications.module';
import { AccountabilityModule } from './accountability/accountability.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { ProjectionLagProbe } from './health/projection-lag';
import { RateLimitModule } from './common/rate-limit.module';

/**
 * The HTTP API: its feature modules and the operations routes. Needs what the composition root
 * (apps/server) provides globally: APP_CONFIG and PG_POOL, EVENT_STORE, CLOCK and the CQRS buses.
 */
@Module({})
export class ApiModule {
  static forRoot(): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        RateLimitModule,
        UnitsModule,
        CasesModule,
        ComplainantsModule,
        CaseListModule,
        OverdueModule,
        RectificationsModule,
        AccountabilityModule,
        DashboardModule,
        AppraisalInputsModule,
        AppraisalsModule,
        AuditModule,
        ExportsModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [ProjectionLagProbe],
    };
  }
}
