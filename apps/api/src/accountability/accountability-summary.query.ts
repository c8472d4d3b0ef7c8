import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { accountabilityProjection } from '@app/projections/accountability/accountability.projection';
import { AccountabilityReader, type AccountabilitySummary } from '@app/projections/accountability/accountability.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { AccountabilitySummaryRequestDto } from './accountability-summary.request.dto';

/** A year of accountability (问责) in counts, by form and by unit. */
export class AccountabilitySummaryQuery extends Query<AccountabilitySummary> {
  constructor(readonly request: AccountabilitySummaryRequestDto) {
    super();
  }
}

@QueryHandler(AccountabilitySummaryQuery)
export class AccountabilitySummaryHandler implements IQueryHandler<AccountabilitySummaryQuery, AccountabilitySummary> {
  constructor(
    private readonly reader: AccountabilityReader,
    private readonly positions: ProjectionPositions,
  ) {}

  async execute({ request: { year, after } }: AccountabilitySummaryQuery): Promise<AccountabilitySummary> {
    await this.positions.waitFor(accountabilityProjection, after);
    return this.reader.summary(year);
  }
}
