import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';

/**
 * A field that belongs to one shape of a request only: given with another shape it would be
 * dropped unseen (an anonymous complaint's name, a lapse's personTimes, a measure due on a date
 * that also names working days), so it is refused instead, a 400 naming it. Absent, it passes;
 * whether it is required is the field's other rules' concern.
 *
 * `message` is the whole sentence, or made from the field's name.
 */
export const OnlyWhen = <T extends object>(belongs: (request: T) => boolean, message: string | ((field: string) => string)) =>
  ValidateBy({
    name: 'onlyWhen',
    validator: {
      validate: (value, args) => value === undefined || belongs(args?.object as T),
      defaultMessage: (args) => (typeof message === 'string' ? message : message(args?.property ?? 'value')),
    },
  });

/**
 * A field of one `kind` of a request (a finding's source, an accountability target, a deduction):
 * validated by its other rules when the request is of that kind, refused when given with another,
 * where it would be dropped unseen (a case id beside an inspection source).
 */
export const OfKind = <T extends { kind: string }>(kind: T['kind']) =>
  applyDecorators(
    ValidateIf((o: T, value: unknown) => o.kind === kind || value !== undefined),
    OnlyWhen<T>(
      (o) => o.kind === kind,
      (field) => `${field} is given only with kind ${kind}`,
    ),
  );
