import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RectificationsReader } from '@app/projections/rectifications/rectifications.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { CampaignSummaryController } from './campaign-summary.controller';
import { GetCampaignSummaryHandler } from './campaign-summary.query';

/** The campaign summary (总结报告), from the campaign's stream and its findings'. */
@Module({
  imports: [CqrsModule],
  controllers: [CampaignSummaryController],
  providers: [GetCampaignSummaryHandler, readerProvider(RectificationsReader), ProjectionPositions],
})
export class CampaignSummaryModule {}
