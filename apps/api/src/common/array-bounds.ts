import type { MetadataStorage as TypeStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, type ValidationError } from 'class-validator';

// class-transformer keeps what @Type() declares here and exports it only from its build folder
// (Nest's mapped-types reads it the same way): the class of each nested DTO.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage: types } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TypeStorage };

type DtoClass = abstract new (...args: never[]) => unknown;

/** A DTO class's array bounds and nested DTO properties, as its decorators declare them. */
interface Shape {
  maxItems: Map<string, number>;
  nested: Map<string, DtoClass>;
}

const shapes = new WeakMap<DtoClass, Shape>();

/**
 * The arrays of a request value (as parsed, before class-transformer) that hold more items than the
 * DTO's `@ArrayMaxSize` allows, nested DTOs included, as class-validator would report them. Checked
 * first because class-transformer builds, and class-validator validates, every item of an over-long
 * array anyway: 60,000 empty measures were 240,000 errors and seconds of CPU, and even 1,000 cost
 * tens of milliseconds. The JSON guard (request-limits.ts) has already bounded how much there is to
 * walk here.
 */
export function oversizedArrays(dto: DtoClass, value: unknown): ValidationError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const shape = shapeOf(dto);
  const errors: ValidationError[] = [];
  for (const [property, max] of shape.maxItems) {
    const items = (value as Record<string, unknown>)[property];
    if (Array.isArray(items) && items.length > max) {
      errors.push({ property, value: items, constraints: { arrayMaxSize: `${property} must contain no more than ${max} elements` } });
    }
  }
  if (errors.length > 0) return errors;
  for (const [property, nestedDto] of shape.nested) {
    const nested = (value as Record<string, unknown>)[property];
    const children = Array.isArray(nested)
      ? nested.flatMap((item, index) => withProperty(String(index), oversizedArrays(nestedDto, item)))
      : oversizedArrays(nestedDto, nested);
    errors.push(...withProperty(property, children));
  }
  return errors;
}

function withProperty(property: string, children: ValidationError[]): ValidationError[] {
  return children.length > 0 ? [{ property, children }] : [];
}

function shapeOf(dto: DtoClass): Shape {
  let shape = shapes.get(dto);
  if (!shape) {
    shape = { maxItems: new Map(), nested: new Map() };
    for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto as unknown as new () => object, '', true, false)) {
      if (rule.name === 'arrayMaxSize' && !rule.each) shape.maxItems.set(rule.propertyName, Number(rule.constraints[0]));
      if (rule.type === 'nestedValidation') {
        const nestedDto = types.findTypeMetadata(dto, rule.propertyName)?.typeFunction() as DtoClass | undefined;
        if (typeof nestedDto === 'function') shape.nested.set(rule.propertyName, nestedDto);
      }
    }
    shapes.set(dto, shape);
  }
  return shape;
}
