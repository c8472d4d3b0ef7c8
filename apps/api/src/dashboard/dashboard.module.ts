import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { DashboardFigureRows } from '@app/projections/dashboard/figure-rows';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { DashboardController } from './dashboard.controller';
import { DashboardFiguresMemo } from './dashboard-figures.memo';
import { AdminModule } from '../admin/admin.module';
import { UnitsModule } from '../units/units.module';
import { DashboardBreakdownHandler, DashboardCasesHandler, DashboardSummaryHandler, DashboardTrendHandler } from './dashboard.queries';

/** Queries on the dashboard read model (the titles of a figure's cases read with its rows from the case list); a breakdown's labels from the unit registry and the time limits in force (categories). */
@Module({
  imports: [CqrsModule, AdminModule, UnitsModule],
  controllers: [DashboardController],
  providers: [
    DashboardSummaryHandler,
    DashboardTrendHandler,
    DashboardBreakdownHandler,
    DashboardCasesHandler,
    readerProvider(DashboardReader),
    DashboardFiguresMemo,
    readerProvider(DashboardFigureRows),
    ProjectionPositions,
  ],
})
export class DashboardModule {}
