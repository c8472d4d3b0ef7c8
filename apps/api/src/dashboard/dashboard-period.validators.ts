import { registerDecorator, type ValidationArguments } from 'class-validator';
import { addDays, isLocalDate } from '@app/domain';

/** The longest period a dashboard aggregates: three years, so one request cannot scan the whole log. */
export const MAX_PERIOD_YEARS = 3;

/** The last day of a period: not before `from`, at most MAX_PERIOD_YEARS after it (inclusive of both days). */
export function IsPeriodEnd(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPeriodEnd',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          (args.value as string) < from(args)
            ? `${args.property} must not be before from`
            : `${args.property} must be at most ${MAX_PERIOD_YEARS} years after from (${latestEnd(from(args))})`,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const start = from(args);
          // A malformed date is reported by IsLocalDate on its own field; nothing to compare then.
          if (typeof value !== 'string' || !isLocalDate(value) || typeof start !== 'string' || !isLocalDate(start)) return true;
          return value >= start && value <= latestEnd(start);
        },
      },
    });
}

const from = (args: ValidationArguments) => (args.object as { from?: string }).from as string;

/** from + 3 years − 1 day: 2024-01-01 … 2026-12-31 is three years. 29 February rolls to 1 March. */
function latestEnd(start: string): string {
  const [y, m, d] = start.split('-').map(Number);
  const sameDay = new Date(Date.UTC(y + MAX_PERIOD_YEARS, m - 1, d)).toISOString().slice(0, 10);
  return addDays(sameDay, -1);
}
