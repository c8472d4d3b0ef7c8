import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminModule } from '../admin/admin.module';
import { ProjectionPositions } from '../common/projection-positions';
import { ListOverdueHandler } from './list-overdue.query';
import { OverdueController } from './overdue.controller';

/** Queries on the overdue read model; the working calendar in force (AdminModule) counts working days. */
@Module({
  imports: [CqrsModule, AdminModule],
  controllers: [OverdueController],
  providers: [ListOverdueHandler, ProjectionPositions],
})
export class OverdueModule {}
