import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { OverdueReader } from '@app/projections/overdue/overdue.reader';
import { AdminModule } from '../admin/admin.module';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { ListOverdueHandler } from './list-overdue.query';
import { ListOverdueMeasuresHandler } from './list-overdue-measures.query';
import { OverdueMeasuresReader } from '@app/projections/rectifications/overdue-measures.reader';
import { OverdueController } from './overdue.controller';

/** Queries on the overdue read model; the working calendar in force (AdminModule) counts working days. */
@Module({
  imports: [CqrsModule, AdminModule],
  controllers: [OverdueController],
  providers: [
    ListOverdueHandler,
    ListOverdueMeasuresHandler,
    readerProvider(OverdueReader),
    readerProvider(OverdueMeasuresReader),
    ProjectionPositions,
  ],
})
export class OverdueModule {}
