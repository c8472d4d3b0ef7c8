import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { APPRAISAL_YEAR_MAX, APPRAISAL_YEAR_MIN } from '@app/domain';

/** An appraisal year in a path: a whole number from 2000 to 2100, else 400 naming `year`. */
@Injectable()
export class AppraisalYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
    if (year >= APPRAISAL_YEAR_MIN && year <= APPRAISAL_YEAR_MAX) return year;
    const message = `year must be a year from ${APPRAISAL_YEAR_MIN} to ${APPRAISAL_YEAR_MAX}`;
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'year', message }] });
  }
}
