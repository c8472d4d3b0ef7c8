import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionPositions } from '../common/projection-positions';
import { ListRectificationsHandler } from './list-rectifications.query';
import { RectificationsController } from './rectifications.controller';

/** Queries on the rectifications read model. */
@Module({
  imports: [CqrsModule],
  controllers: [RectificationsController],
  providers: [ListRectificationsHandler, ProjectionPositions],
})
export class RectificationsModule {}
