import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { CATEGORY_CODE_PATTERN, CHANNELS, isLocalDate } from '@app/domain';

// Query parameters several read routes accept, validated the same way on each (400 names the parameter).

/** `?after=<position>`: read-your-writes, the read model waits (bounded) until it has applied a command's position. */
export const AfterPosition = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Wait until the read model reflects this global position (a command’s `position`)' }),
    IsOptional(),
    Matches(/^\d{1,20}$/, { message: 'after must be a position returned by a command' }),
  );

/** `?category=`: a complaint category code, e.g. `cumbersome_approval`. */
export const CategoryParam = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiPropertyOptional(options),
    IsOptional(),
    Matches(CATEGORY_CODE_PATTERN, { message: 'category must be a category code' }),
  );

/** `?channel=`: the channel a complaint came in by (12345 hotline, web, …). */
export const ChannelParam = () => applyDecorators(ApiPropertyOptional({ enum: CHANNELS }), IsOptional(), IsIn(CHANNELS));

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
