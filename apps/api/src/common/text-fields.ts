import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsOptional, IsString, MaxLength, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { hasVisibleCharacter } from '@app/domain';

/** The domain's rule for required text (libs/domain/src/shared/visible-text.ts), the same at both layers. */
export { hasVisibleCharacter };

/**
 * Text that says something: at least one visible character, so `""`, `"   "`, `"\t\n"`, `"\u3000"` or
 * `"\u200b"` are refused ("title must not be blank"). The value is kept as sent, never trimmed.
 */
export const NotBlank = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value): boolean => hasVisibleCharacter(value),
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must not be blank`, options),
      },
    },
    options,
  );

/** A required free-text field (a reason, a report): non-blank (`NotBlank`), bounded. */
export const RequiredText = (maxLength: number, description?: string) =>
  applyDecorators(ApiProperty({ type: String, maxLength, description }), IsString(), NotBlank(), MaxLength(maxLength));

/**
 * A free-text field of one kind of a request (`OfKind` says which, and requires it there): optional
 * in the OpenAPI document, since every other kind must leave it out; refused blank when given.
 */
export const TextOfKind = (maxLength: number, description?: string) =>
  applyDecorators(ApiPropertyOptional({ type: String, maxLength, description }), IsString(), NotBlank(), MaxLength(maxLength));

/** An optional free-text field; null and absence both mean "none", and a text given must not be blank (`NotBlank`). */
export const OptionalText = (maxLength: number, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: String, maxLength, nullable: true, description }),
    IsOptional(),
    ValidateIf((_o, v) => v !== null),
    IsString(),
    NotBlank(),
    MaxLength(maxLength),
  );

/** Ids of units, measures and the like: what X-Unit accepts. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
