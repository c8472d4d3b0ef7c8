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

/**
 * The `:year` of a read with no decider behind it, which checks the range itself: four digits from
 * `min` to `max`, else a 400 naming `year` (as AppraisalYearPipe answers an appraisal year).
 */
export class YearInRangePipe implements PipeTransform<string, number> {
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
    if (year >= this.min && year <= this.max) return year;
    const message = `year must be a year from ${this.min} to ${this.max}`;
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'year', message }] });
  }
}
