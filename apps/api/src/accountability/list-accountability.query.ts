import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { accountabilityProjection } from '@app/projections/accountability/accountability.projection';
import { AccountabilityReader, type AccountabilityPage } from '@app/projections/accountability/accountability.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { ListAccountabilityRequestDto } from './list-accountability.request.dto';

/** A page of the accountability register (问责台账), latest issued first. */
export class ListAccountabilityQuery extends Query<AccountabilityPage> {
  constructor(readonly request: ListAccountabilityRequestDto) {
    super();
  }
}

@QueryHandler(ListAccountabilityQuery)
export class ListAccountabilityHandler implements IQueryHandler<ListAccountabilityQuery, AccountabilityPage> {
  constructor(
    private readonly reader: AccountabilityReader,
    private readonly positions: ProjectionPositions,
  ) {}

  async execute({ request: { after, ...filter } }: ListAccountabilityQuery): Promise<AccountabilityPage> {
    await this.positions.waitFor(accountabilityProjection, after);
    return this.reader.page(filter);
  }
}
