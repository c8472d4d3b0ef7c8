import { BadRequestException, type PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of what the API creates (cases, campaigns, findings) are uuids; anything else is a 400 naming the path parameter. */
export class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (UUID.test(value)) return value.toLowerCase();
    const message = `id must be ${this.what} (a uuid)`;
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'id', message }] });
  }
}
