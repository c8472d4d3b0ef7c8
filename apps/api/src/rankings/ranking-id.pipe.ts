import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { isRankingId } from '@app/domain';

/** A ranking's id is its period and unit kind (`2026-11-department`); anything else is a 400 naming the path parameter. */
@Injectable()
export class RankingIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (isRankingId(value)) return value;
    const message = 'id must be a ranking id (period and unit kind, e.g. 2026-11-department)';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'id', message }] });
  }
}
