import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppraisalInputsModule } from './appraisal-inputs/appraisal-inputs.module';
import { AppraisalsModule } from './appraisals/appraisals.module';
import { AuditModule } from './audit/audit.module';
import { AuthenticationGuard } from './auth/authentication.guard';
import type { DevTokenIssuer } from './auth/dev-token-issuer';
import { devTokenIssuerProvider, tokenVerifierProvider } from './auth/token-verifier.provider';
import { CaseListModule } from './case-list/case-list.module';
import { CasesModule } from './cases/cases.module';
import { LedgerModule } from './ledger/ledger.module';
import { ComplainantsModule } from './complainants/complainants.module';
import { MasterKeyringModule } from './complainants/master-keyring.module';
import { IdempotencyRetention } from './common/idempotency/idempotency-retention';
import { RolesGuard } from './common/roles.guard';
import { ExportsModule } from './exports/exports.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { UnitsModule } from './units/units.module';
import { OverdueModule } from './overdue/overdue.module';
import { RectificationsModule } from './rectifications/rectifications.module';
import { CampaignSummaryModule } from './campaign-summary/campaign-summary.module';
import { RankingsModule } from './rankings/rankings.module';
import { AccountabilityModule } from './accountability/accountability.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitGuard } from './common/rate-limit.guard';
import { DeclaredQueryGuard } from './common/declared-query.guard';
import { RateLimitModule } from './common/rate-limit.module';
import { DevSignIn } from './sign-in/dev-sign-in';
import { DevTokenController, SignInController } from './sign-in/sign-in.controller';

export interface ApiOptions {
  /** Trust this development issuer instead of what the configuration names (the demo's private API). */
  trustedIssuer?: DevTokenIssuer;
  /**
   * Whether POST /api/v1/sign-in/dev-token exists: only when no OIDC provider is configured (the
   * composition root says so from the configuration), for the console's development sign-in.
   */
  devTokenRoute?: boolean;
}

/**
 * The HTTP API: its feature modules and the operations routes, behind three global guards in this
 * order: AuthenticationGuard (a verified bearer token, else 401, counted against the IP by
 * RateLimitGuard's window, 429 once that is spent), RateLimitGuard (per caller, or per IP without one, else 429) and RolesGuard (the route's declared roles, else 403; no declaration, no access). Needs what the composition root
 * (apps/server) provides globally: APP_CONFIG and PG_POOL, EVENT_STORE, CLOCK and the CQRS buses.
 */
@Module({})
export class ApiModule {
  static forRoot(options: ApiOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        MasterKeyringModule,
        RateLimitModule,
        UnitsModule,
        CasesModule,
        LedgerModule,
        ComplainantsModule,
        CaseListModule,
        OverdueModule,
        RectificationsModule,
        CampaignSummaryModule,
        RankingsModule,
        AccountabilityModule,
        DashboardModule,
        AppraisalInputsModule,
        AppraisalsModule,
        AuditModule,
        ExportsModule,
        HealthModule,
        MetricsModule,
      ],
      controllers: [SignInController, ...(options.devTokenRoute ? [DevTokenController] : [])],
      providers: [
        devTokenIssuerProvider(options.trustedIssuer),
        tokenVerifierProvider(),
        DevSignIn,
        IdempotencyRetention,
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        // Last: a caller refused above is told why (401, 403, 429) before any parameter is judged.
        { provide: APP_GUARD, useClass: DeclaredQueryGuard },
      ],
    };
  }
}
