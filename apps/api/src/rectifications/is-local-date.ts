import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isLocalDate } from '@app/domain';

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
