import { BadRequestException, Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { beijingDateOf } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import { rectificationsProjection } from '@app/projections/rectifications/rectifications.projection';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import { RectificationsReader, type RectificationPage } from '@app/projections/rectifications/rectifications.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import type { ListRectificationsRequestDto } from './list-rectifications.request.dto';
import { withProblems, type ListedMeasure } from './measure-problems';

/** A page of the ledger as listed: each measure with the problem it rectifies (withProblems). */
export type ListedRectificationPage = Omit<RectificationPage, 'items'> & { items: ListedMeasure[] };

/**
 * A page of the rectification tracker as `caller` may see it: a unit sees the measures it is
 * responsible for or leads; each with its problem's words, as the caller may know them.
 */
export class ListRectificationsQuery extends Query<ListedRectificationPage> {
  constructor(
    readonly request: ListRectificationsRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

@QueryHandler(ListRectificationsQuery)
export class ListRectificationsHandler implements IQueryHandler<ListRectificationsQuery, ListedRectificationPage> {
  constructor(
    private readonly reader: RectificationsReader,
    private readonly cases: CaseListReader,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request: { after, ...filter }, caller }: ListRectificationsQuery): Promise<ListedRectificationPage> {
    await this.positions.waitFor(rectificationsProjection, after);
    if (filter.dueFrom && filter.dueTo && filter.dueFrom > filter.dueTo) {
      const message = 'dueTo must not be before dueFrom';
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'dueTo', message }] });
    }
    const today = beijingDateOf(this.clock.now().toISOString());
    const page = await this.reader.page({ ...filter, today, unitScope: unitScopeOf(caller) });
    return { ...page, items: await withProblems(page.items, caller, this.reader, this.cases) };
  }
}
