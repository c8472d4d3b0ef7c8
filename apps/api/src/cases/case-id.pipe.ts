import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Case ids are uuids; anything else is a 400 naming the path parameter. */
@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (UUID.test(value)) return value.toLowerCase();
    const message = 'id must be a case id (a uuid)';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'id', message }] });
  }
}
