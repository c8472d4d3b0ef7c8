import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { CATEGORY_CODE_PATTERN, CHANNELS, isLocalDate } from '@app/domain';
import { ID_PATTERN } from './text-fields';

// Query parameters several read routes accept, validated the same way on each (400 names the parameter).

/** `?after=<position>`: read-your-writes, the read model waits (bounded) until it has applied a command's position. */
export const AfterPosition = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Wait until the read model reflects this global position (a command’s `position`)' }),
    IsOptional(),
    Matches(/^\d{1,20}$/, { message: 'after must be a position returned by a command' }),
  );

/**
 * A whole number in the query string, written in digits (`limit=20`), made a number for the field's
 * `@IsInt`, `@Min` and `@Max`. class-transformer's `@Type(() => Number)` reads it with `Number()`,
 * which also takes `0x10`, `1e1`, `20.0`, ` 20 ` and an empty value (as 0): those stay text here,
 * and `@IsInt` refuses them with a 400 naming the parameter.
 */
export const DigitsToNumber = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value));

/** `?category=`: a complaint category code, e.g. `cumbersome_approval`. */
export const CategoryParam = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiPropertyOptional(options),
    IsOptional(),
    Matches(CATEGORY_CODE_PATTERN, { message: 'category must be a category code' }),
  );

/**
 * An optional filter that takes one of `values` (a status, a kind, a sort, a format): documented and
 * validated from the same list, so the two cannot drift apart.
 */
export const OneOfParam = (values: readonly string[], options: Omit<ApiPropertyOptions, 'enum'> = {}) =>
  applyDecorators(ApiPropertyOptional({ enum: values, ...options } as ApiPropertyOptions), IsOptional(), IsIn(values));

/** `?channel=`: the channel a complaint came in by (12345 hotline, web, …). */
export const ChannelParam = () => OneOfParam(CHANNELS);

/** A unit filter (`?unitId=`, `?responsibleUnitId=`): an id as X-Unit accepts it; what it selects is the route's `description`. */
export const UnitIdParam = (description: string) =>
  applyDecorators(ApiPropertyOptional({ description }), IsOptional(), Matches(ID_PATTERN, { message: '$property must be a unit id' }));

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused, as is a timestamp). */
export const IsLocalDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isLocalDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a date YYYY-MM-DD`,
      },
    },
    options,
  );
