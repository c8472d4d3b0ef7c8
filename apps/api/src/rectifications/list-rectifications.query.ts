import { BadRequestException, Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { beijingDateOf } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import { rectificationsProjection } from '@app/projections/rectifications/rectifications.projection';
import { RectificationsReader, type RectificationPage } from '@app/projections/rectifications/rectifications.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import type { ListRectificationsRequestDto } from './list-rectifications.request.dto';

/** A page of the rectification tracker as `caller` may see it: a unit sees the measures it is responsible for or leads. */
export class ListRectificationsQuery extends Query<RectificationPage> {
  constructor(
    readonly request: ListRectificationsRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

@QueryHandler(ListRectificationsQuery)
export class ListRectificationsHandler implements IQueryHandler<ListRectificationsQuery, RectificationPage> {
  constructor(
    private readonly reader: RectificationsReader,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request: { after, ...filter }, caller }: ListRectificationsQuery): Promise<RectificationPage> {
    await this.positions.waitFor(rectificationsProjection, after);
    if (filter.dueFrom && filter.dueTo && filter.dueFrom > filter.dueTo) {
      const message = 'dueTo must not be before dueFrom';
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'dueTo', message }] });
    }
    const today = beijingDateOf(this.clock.now().toISOString());
    return this.reader.page({ ...filter, today, unitScope: unitScopeOf(caller) });
  }
}
