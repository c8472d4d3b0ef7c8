import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUnitId } from '@app/domain';

/** Unit ids in paths: lowercase letters, digits and hyphens; anything else is a 400 naming the parameter. */
@Injectable()
export class UnitIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata?: ArgumentMetadata): string {
    if (isUnitId(value)) return value;
    const field = metadata?.data ?? 'id'; // `id` in /units/{id}, `unitId` where the path names a unit beside something else
    const message = `${field} must be a unit id (lowercase letters, digits and hyphens)`;
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field, message }] });
  }
}
