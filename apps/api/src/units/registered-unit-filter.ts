import { applyDecorators, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { getMetadataStorage, ValidateBy } from 'class-validator';
import { DomainError, UnitErrors } from '@app/domain';
import type { ProblemCodes } from '../common/api-contract';
import { UnitIdParam } from '../common/query-params';
import { UnitDirectory } from './unit-directory';

type DtoClass = new (...args: never[]) => object;

/** The name that marks a query field as a filter on a unit of the registry (RegisteredUnitParam). */
const REGISTERED_UNIT_FILTER = 'registeredUnitFilter';

/**
 * Marks a query field as a filter on one unit of the registry, which RegisteredUnitFilters looks up
 * once the query is valid. Kept in class-validator's own metadata, which Nest's mapped types
 * (IntersectionType, PickType) carry over to the DTOs they make.
 */
export const RegisteredUnit = () => ValidateBy({ name: REGISTERED_UNIT_FILTER, validator: { validate: () => true } });

/** What a route with a unit filter adds to its problems: the unit looked up and not found. */
export const UNIT_FILTER_PROBLEMS: ProblemCodes = { 422: [UnitErrors.UNIT_NOT_FOUND] };

/** A query's filter on one unit of the registry (`?unitId=`, `?responsibleUnitId=`, …): UnitIdParam, looked up. */
export const RegisteredUnitParam = (description: string) => applyDecorators(UnitIdParam(description), RegisteredUnit());

/**
 * A unit filter naming no registered unit (retired ones stay registered) is 422 UNIT_NOT_FOUND
 * naming the parameter: a typo must not answer an empty page or a year of zeros a leader would read
 * as "nothing overdue". Runs after the validation pipe, so a malformed id is its 400 first. The units
 * are the copies held for queries (UnitDirectory.getForQuery): no round trip of its own.
 */
@Injectable()
export class RegisteredUnitFilters implements PipeTransform {
  private readonly fieldsByDto = new Map<DtoClass, readonly string[]>();

  constructor(private readonly units: UnitDirectory) {}

  async transform(value: unknown, { type, metatype }: ArgumentMetadata): Promise<unknown> {
    if (type !== 'query' || !metatype || typeof value !== 'object' || value === null) return value;
    for (const field of this.fieldsOf(metatype as DtoClass)) {
      const unitId = (value as Record<string, unknown>)[field];
      if (typeof unitId === 'string' && (await this.units.getForQuery(unitId)) === null) {
        throw new DomainError(UnitErrors.UNIT_NOT_FOUND, `No unit ${unitId} is registered`, { field, unitId });
      }
    }
    return value;
  }

  private fieldsOf(dto: DtoClass): readonly string[] {
    let fields = this.fieldsByDto.get(dto);
    if (!fields) {
      const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
      fields = [...new Set(rules.filter((rule) => rule.name === REGISTERED_UNIT_FILTER).map((rule) => rule.propertyName))];
      this.fieldsByDto.set(dto, fields);
    }
    return fields;
  }
}
