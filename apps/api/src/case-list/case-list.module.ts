import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { CaseListController } from './case-list.controller';
import { ListCasesHandler } from './list-cases.query';
import { OpenCases } from './open-cases';

/** Queries on the case-list read model, and the open cases admin changes must not orphan (OpenCases). */
@Module({
  imports: [CqrsModule],
  controllers: [CaseListController],
  providers: [ListCasesHandler, readerProvider(CaseListReader), ProjectionPositions, OpenCases],
  exports: [OpenCases],
})
export class CaseListModule {}
