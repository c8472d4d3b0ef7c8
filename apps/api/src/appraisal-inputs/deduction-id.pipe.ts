import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { DEDUCTION_ID_MESSAGE, DEDUCTION_ID_PATTERN } from './appraisal-inputs.request.dto';

/** A deduction's id in a path (…/inspection-deductions/{deductionId}/…), as a body gives it; anything else is a 400 naming it. */
@Injectable()
export class DeductionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (DEDUCTION_ID_PATTERN.test(value)) return value;
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: DEDUCTION_ID_MESSAGE,
      errors: [{ field: 'deductionId', message: DEDUCTION_ID_MESSAGE }],
    });
  }
}
