import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import { RectificationsReader } from '@app/projections/rectifications/rectifications.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { ListRectificationsHandler } from './list-rectifications.query';
import { RectificationsController } from './rectifications.controller';

/** Queries on the rectifications read model. */
@Module({
  imports: [CqrsModule],
  controllers: [RectificationsController],
  providers: [ListRectificationsHandler, readerProvider(RectificationsReader), readerProvider(CaseListReader), ProjectionPositions],
})
export class RectificationsModule {}
