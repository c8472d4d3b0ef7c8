import { NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Unit } from '@app/domain';
import { UnitDirectory } from './unit-directory';

/** One unit of the registry as registered, retired or not, read from its stream. */
export class GetUnitQuery extends Query<Unit> {
  constructor(readonly unitId: string) {
    super();
  }
}

/** The unit as its commands see it (UnitDirectory: its stream folded with the unit decider); 404 when none has the id. */
@QueryHandler(GetUnitQuery)
export class GetUnitHandler implements IQueryHandler<GetUnitQuery, Unit> {
  constructor(private readonly units: UnitDirectory) {}

  async execute({ unitId }: GetUnitQuery): Promise<Unit> {
    const unit = await this.units.get(unitId);
    if (!unit) throw new NotFoundException({ code: 'UNIT_NOT_FOUND', message: `There is no unit ${unitId}`, unitId });
    return unit;
  }
}
