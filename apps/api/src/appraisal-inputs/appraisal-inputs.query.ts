import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { appraisalInputsDecider, appraisalStreamId, type AppraisalInputsState } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { UnitDirectory } from '../units/unit-directory';

/** A unit's appraisal inputs for a year as recorded, with the stream version (for If-Match). */
export interface AppraisalInputsView {
  unitId: string;
  year: number;
  version: number;
  inputs: AppraisalInputsState;
}

/** The appraisal inputs of one unit and year, read from `appraisal-<unit>-<year>`. */
export class GetAppraisalInputsQuery extends Query<AppraisalInputsView> {
  constructor(
    readonly year: number,
    readonly unitId: string,
  ) {
    super();
  }
}

/**
 * Loads the stream as its commands do (loadAggregate with the appraisal-inputs decider); none recorded
 * yet is version 0. A unit never registered (retired ones keep their inputs) is 404 UNIT_NOT_FOUND, as
 * GET /api/v1/units/{id} answers, not an empty record of a unit that does not exist.
 */
@QueryHandler(GetAppraisalInputsQuery)
export class GetAppraisalInputsHandler implements IQueryHandler<GetAppraisalInputsQuery, AppraisalInputsView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly units: UnitDirectory,
  ) {}

  async execute({ year, unitId }: GetAppraisalInputsQuery): Promise<AppraisalInputsView> {
    if (!(await this.units.get(unitId)))
      throw new NotFoundException({ code: 'UNIT_NOT_FOUND', message: `There is no unit ${unitId}`, unitId });
    const { state, version } = await loadAggregate(this.store, appraisalStreamId(unitId, year), appraisalInputsDecider);
    return { unitId, year, version, inputs: state };
  }
}
