import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** `?asOf=` as epoch milliseconds (null when absent: now); anything but an ISO-8601 instant is a 400 naming it. */
@Injectable()
export class AsOfPipe implements PipeTransform<string | undefined, number | null> {
  transform(asOf: string | undefined): number | null {
    if (asOf === undefined) return null;
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(asOf) ? Date.parse(asOf) : NaN;
    if (Number.isNaN(ms)) {
      const message = 'asOf must be an ISO-8601 instant, e.g. 2026-10-01T00:00:00+08:00';
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'asOf', message }] });
    }
    return ms;
  }
}
