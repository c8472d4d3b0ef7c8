import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@app/platform';
import { caseListProjection } from '@app/projections/case-list/case-list.projection';
import { CaseListReader, type CaseListJsonPage } from '@app/projections/case-list/case-list.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import type { ListCasesRequestDto } from './list-cases.request.dto';

/** A page of the case list as `caller` may see it, its items as JSON text: a unit sees only the cases it handles. */
export class ListCasesQuery extends Query<CaseListJsonPage> {
  constructor(
    readonly request: ListCasesRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery, CaseListJsonPage> {
  constructor(
    private readonly reader: CaseListReader,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request: { after, ...filter }, caller }: ListCasesQuery): Promise<CaseListJsonPage> {
    await this.positions.waitFor(caseListProjection, after);
    // Overdue is judged as of now: a case becomes overdue when its due day ends, with no event.
    return this.reader.pageJson({ ...filter, unitScope: unitScopeOf(caller) }, this.clock.now());
  }
}
