import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { DashboardController } from './dashboard.controller';
import { UnitsModule } from '../units/units.module';
import { DashboardBreakdownHandler, DashboardSummaryHandler, DashboardTrendHandler } from './dashboard.queries';

/** Queries on the dashboard read model. */
@Module({
  imports: [CqrsModule, UnitsModule],
  controllers: [DashboardController],
  providers: [
    DashboardSummaryHandler,
    DashboardTrendHandler,
    DashboardBreakdownHandler,
    readerProvider(DashboardReader),
    ProjectionPositions,
  ],
})
export class DashboardModule {}
