import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountabilityReader } from '@app/projections/accountability/accountability.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { AccountabilityController } from './accountability.controller';
import { AccountabilitySummaryHandler } from './accountability-summary.query';
import { ListAccountabilityHandler } from './list-accountability.query';

/** Queries on the accountability read model. */
@Module({
  imports: [CqrsModule],
  controllers: [AccountabilityController],
  providers: [ListAccountabilityHandler, AccountabilitySummaryHandler, readerProvider(AccountabilityReader), ProjectionPositions],
})
export class AccountabilityModule {}
