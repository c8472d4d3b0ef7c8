import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** A finding's measures are numbered M1, M2, … (numberMeasures); anything else is a 400 naming the path parameter. */
@Injectable()
export class MeasureIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (/^M[1-9][0-9]{0,3}$/.test(value)) return value;
    const message = 'mid must be a measure id (M1, M2, …)';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'mid', message }] });
  }
}
