import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { CaseListController } from './case-list.controller';
import { ListCasesHandler } from './list-cases.query';

/** Queries on the case-list read model. */
@Module({
  imports: [CqrsModule],
  controllers: [CaseListController],
  providers: [ListCasesHandler, readerProvider(CaseListReader), ProjectionPositions],
})
export class CaseListModule {}
