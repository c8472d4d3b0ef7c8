import { createParamDecorator, Injectable, PreconditionFailedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { parseIfMatch } from './if-match';

/**
 * An admin's publication (the calendar of a year, the time limits, a year's appraisal scheme, the
 * ledger configuration) is replaced whole by the next one: without a condition, two admins editing
 * the same publication at once would each publish over the other, and the first one's edit would be
 * lost without either being told. So a publication has a revision the admin sees and may send back:
 *
 * - its revision is the `revision` of the publication in force, the stream version of the last
 *   event that changed THAT publication (a calendar year: the calendar stream holds every year, so a
 *   year's revision does not move when another year is published), and `0` while nothing is
 *   published (the built-in default is in force);
 * - every answer of a publication route carries it as `ETag: "<revision>"` (PublicationRouteGuard);
 * - a PUT with `If-Match: "<revision>"` publishes only if that is still the revision in force,
 *   else 412 VERSION_MISMATCH and nothing is written (CommandWriter.publish checks it inside the
 *   decision its append confirms, so of two PUTs with the same If-Match only one can succeed).
 *   `"0"` asks that nothing be published yet; a revision sent for a publication there is not is 412
 *   (RFC 9110 §13.1.1: If-Match fails on a representation that does not exist). Without If-Match a
 *   PUT publishes whatever is in force, as before.
 */

/** `If-Match: "<revision>"` of a publication route: the revision the admin saw (undefined without it; 400 INVALID_IF_MATCH when malformed). */
export const ExpectedRevision = createParamDecorator((_data: unknown, ctx: ExecutionContext): number | undefined =>
  parseIfMatch(ctx.switchToHttp().getRequest<Request>().header('if-match')),
);

/** What a publication is conditional on: the revision the admin saw, and how to find the one in force in the stream's state. */
export interface PublicationCondition<S> {
  expected: number | undefined;
  revisionOf(state: S): number;
}

/** The revision of a stream on which each publication replaces the one before (LatestPublication): the stream's own. */
export const streamRevision = (state: { revision: number }): number => state.revision;

/** 412 VERSION_MISMATCH: the publication the admin saw is no longer the one in force. */
export function publicationMoved(expected: number, current: number): PreconditionFailedException {
  const seen = expected === 0 ? 'none' : `revision ${expected}`;
  const now = current === 0 ? 'none is' : `revision ${current} is`;
  return new PreconditionFailedException({
    code: 'VERSION_MISMATCH',
    message: `Someone else published this meanwhile: you saw ${seen}, ${now} in force; reload it and try again`,
    currentVersion: current,
  });
}

/**
 * On every route of a publication controller (the read of what is in force and the PUT): the
 * answer's `revision` as ETag, `"0"` when it is null (nothing published), ready for If-Match.
 * A guard that hooks the answer, as CommandRouteGuard does (no interceptor: see there why).
 */
@Injectable()
export class PublicationRouteGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const response = context.switchToHttp().getResponse<Response>();
    const json = response.json;
    response.json = function answered(this: Response, body?: unknown): Response {
      response.json = json;
      if (response.statusCode < 400 && body !== null && typeof body === 'object' && 'revision' in body) {
        const { revision } = body as { revision: unknown };
        if (typeof revision === 'number' || revision === null) response.setHeader('ETag', `"${revision ?? 0}"`);
      }
      return json.call(response, body);
    };
    return true;
  }
}
