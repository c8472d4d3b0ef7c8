import { Injectable, PreconditionFailedException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, tap, type Observable } from 'rxjs';
import { WrongExpectedVersion } from '@app/event-store';
import { parseIfMatch } from './if-match';

/**
 * The stream version as an HTTP validator, both ways. A response carrying a stream `version` gets it
 * as ETag `"<version>"`, ready for the next If-Match. A command sent with If-Match asked to act only
 * on the version it saw: when the stream has moved on, that is 412 VERSION_MISMATCH, not the 409 a
 * concurrent writer otherwise gets.
 */
@Injectable()
export class VersionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((body) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') response.setHeader('ETag', `"${version}"`);
      }),
      catchError((error: unknown) => {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        const expectedVersion = parseIfMatch(request.header('if-match'));
        if (expectedVersion === undefined) throw error;
        throw new PreconditionFailedException({
          code: 'VERSION_MISMATCH',
          message: `The stream is at version ${error.actual}, not ${expectedVersion}`,
          currentVersion: error.actual,
        });
      }),
    );
  }
}
