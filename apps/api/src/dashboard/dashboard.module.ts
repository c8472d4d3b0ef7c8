import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { DashboardController } from './dashboard.controller';
import { DashboardSummaryHandler, DashboardTrendHandler } from './dashboard.queries';

/** Queries on the dashboard read model. */
@Module({
  imports: [CqrsModule],
  controllers: [DashboardController],
  providers: [DashboardSummaryHandler, DashboardTrendHandler, readerProvider(DashboardReader), ProjectionPositions],
})
export class DashboardModule {}
