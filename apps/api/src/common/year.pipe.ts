import { BadRequestException, type PipeTransform } from '@nestjs/common';

/**
 * The `:year` of a command's path: four digits, else a 400 naming `year`, as every malformed field
 * is answered. Which years a command accepts is its decider's rule (422 `INVALID_YEAR`, naming
 * `year` too); a read with no decider behind it checks the range itself (AppraisalYearPipe).
 * Nest's ParseIntPipe, used here before, answered `BAD_REQUEST` without naming the field.
 */
export class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (/^\d{4}$/.test(value)) return Number(value);
    const message = 'year must be a year of four digits, such as 2026';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'year', message }] });
  }
}
