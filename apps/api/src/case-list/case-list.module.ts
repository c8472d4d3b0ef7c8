import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseListController } from './case-list.controller';
import { ListCasesHandler } from './list-cases.query';
import { ProjectionPositions } from '../common/projection-positions';

/** Queries on the case-list read model. */
@Module({
  imports: [CqrsModule],
  controllers: [CaseListController],
  providers: [ListCasesHandler, ProjectionPositions],
})
export class CaseListModule {}
