import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { isInstant } from '@app/domain';

/**
 * `?asOf=` as epoch milliseconds (null when absent: now); anything but a real instant with its offset
 * (isInstant) is a 400 naming it: Date.parse alone reads 2026-02-30 as 2026-03-02, and a time without
 * an offset in the server's zone.
 */
@Injectable()
export class AsOfPipe implements PipeTransform<string | undefined, number | null> {
  transform(asOf: string | undefined): number | null {
    if (asOf === undefined) return null;
    const ms = isInstant(asOf) ? Date.parse(asOf) : NaN;
    if (Number.isNaN(ms)) {
      const message = 'asOf must be an ISO-8601 instant with an offset of at most ±14:00, e.g. 2026-10-01T00:00:00+08:00';
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'asOf', message }] });
    }
    return ms;
  }
}
