import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { isUnitId } from '@app/domain';

/** Unit ids in paths: lowercase letters, digits and hyphens; anything else is a 400 naming the parameter. */
@Injectable()
export class UnitIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (isUnitId(value)) return value;
    const message = 'id must be a unit id (lowercase letters, digits and hyphens)';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'id', message }] });
  }
}
