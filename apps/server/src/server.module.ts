import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '@app/event-store/event-store.module';
import { ClockModule, PlatformModule, type Clock, type RuntimeConfig } from '@app/platform';
import { ApiModule, type ApiOptions } from '../../api/src';
import { ProjectorModule } from '../../projector/src';

/**
 * One process of the application: the platform (configuration, PostgreSQL pool), the event store,
 * the CQRS buses and the clock, then what APP_ROLE asks for: the HTTP API and the projector
 * (`all`), or one of them (`api`, `projector`).
 */
@Module({})
export class ServerModule {
  static forRoot(config: RuntimeConfig, options: { clock?: Clock } & ApiOptions = {}): DynamicModule {
    return {
      module: ServerModule,
      imports: [
        PlatformModule.forRoot(config),
        EventStoreModule.forRoot(),
        CqrsModule.forRoot(),
        ClockModule.forRoot(options.clock),
        ...(config.appRole === 'projector'
          ? []
          : [ApiModule.forRoot({ trustedIssuer: options.trustedIssuer, devTokenRoute: !config.auth.oidc })]),
        ...(config.appRole === 'api' ? [] : [ProjectorModule.forRoot()]),
      ],
    };
  }
}
