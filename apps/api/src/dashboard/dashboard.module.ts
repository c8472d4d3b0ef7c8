import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionPositions } from '../common/projection-positions';
import { DashboardController } from './dashboard.controller';
import { DashboardSummaryHandler, DashboardTrendHandler } from './dashboard.queries';

/** Queries on the dashboard read model. */
@Module({
  imports: [CqrsModule],
  controllers: [DashboardController],
  providers: [DashboardSummaryHandler, DashboardTrendHandler, ProjectionPositions],
})
export class DashboardModule {}
