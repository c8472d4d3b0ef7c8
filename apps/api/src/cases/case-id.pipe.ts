import { Injectable } from '@nestjs/common';
import { UuidPipe } from '../common/uuid.pipe';

/** Case ids are uuids; anything else is a 400 naming the path parameter. */
@Injectable()
export class CaseIdPipe extends UuidPipe {
  constructor() {
    super('a case id');
  }
}
