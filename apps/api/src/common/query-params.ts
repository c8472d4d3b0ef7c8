import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  CATEGORY_CODE_PATTERN,
  CHANNELS,
  isCalendarInstant,
  isInstant,
  isLocalDate,
} from '@app/domain';
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

/** A body's calendar date, `YYYY-MM-DD`, a real one (`IsLocalDate`): 2026-02-30 is a 400 naming the field. */
export const LocalDateField = (description?: string) =>
  applyDecorators(ApiProperty({ type: String, example: '2026-11-30', description }), IsLocalDate());

/**
 * An instant with its offset, `YYYY-MM-DDTHH:MM(:SS(.fff))` then `Z` or `±HH:MM`, a real date and
 * time (the domain's isInstant). A date alone or a local time would be read in the server's time
 * zone; the other ISO-8601 forms (`2026-W01-1`, `20260101T000000Z`, …) are not what Date.parse and
 * PostgreSQL both read. `calendar`: a time the case rules count from (a receipt, when a finding was
 * raised), so also on a Beijing date in the years the working calendar covers.
 */
export const IsInstant = (rule: 'any' | 'calendar' = 'any', options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && (rule === 'calendar' ? isCalendarInstant(value) : isInstant(value)),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an ISO-8601 instant with an offset of at most ±14:00, e.g. 2026-11-01T00:00:00+08:00` +
          (rule === 'calendar' ? `, from ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}` : ''),
      },
    },
    options,
  );
