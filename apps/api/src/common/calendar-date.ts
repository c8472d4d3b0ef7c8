import { ValidateBy, type ValidationOptions } from 'class-validator';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, isCalendarDate, isLocalDate } from '@app/domain';

/**
 * A date a deadline or a record is set on (a measure's due date, the day of a 约谈): in the years a
 * working calendar can be published for, as a receipt's instant is (IsInstant('calendar')), so
 * 9999-12-31 is a 400 naming the field instead of a deadline that never comes. Beside IsLocalDate,
 * which answers for the form: a value that is no date at all is left to it (one message, not two).
 */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isLocalDate(value) || isCalendarDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a date from ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}`,
      },
    },
    options,
  );
