import { ConflictException, Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  caseDecider,
  caseStreamId,
  COMPLAINANT_ACCESS_EVENT_SCHEMA_VERSIONS,
  complainantAccessStreamId,
  decideQueryCodeReissue,
  DomainError,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, WrongExpectedVersion, type EventStore } from '@app/event-store';
import type { RequestContext } from '../common/request-context';
import { IdentityAccessLog } from './identity-access-log';
import { newQueryCode } from './query-code';
import { QueryCodeStore } from './query-code.store';

/** Appends a reissue tries when only identity reads land in the access log between its read and its append. */
const ATTEMPTS = 3;

export interface ReissuedQueryCode {
  caseId: string;
  /** The new code, shown this once; the earlier one no longer works. */
  queryCode: string;
}

/** Intake issues a new query code (the complainant lost theirs, or it was given to the wrong person). */
export class ReissueQueryCode extends Command<ReissuedQueryCode> {
  constructor(
    readonly caseId: string,
    readonly caller: RequestContext,
    /** If-Match: the case's version the caller saw; the reissue is refused (412) once the case moved on. */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/**
 * A new code replaces the old one's hash, with QueryCodeReissued in the case's access log: the hash
 * is written in the append's transaction, so the code row and the event commit together or not at
 * all. The append expects the access log at the version read before deciding, so of reissues racing
 * each other (a double click) one commits and the others are refused, 409 CONCURRENT_MODIFICATION
 * with nothing written: no code answered 201 was replaced by a reissue racing it (only by one that
 * read the log after it committed), and the last QueryCodeReissued is the code in force. Only identity reads (ComplainantIdentityRead,
 * appended at any version) landing in between have the reissue appended again, at the new version.
 */
@CommandHandler(ReissueQueryCode)
export class ReissueQueryCodeHandler implements ICommandHandler<ReissueQueryCode, ReissuedQueryCode> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queryCodes: QueryCodeStore,
    private readonly accessLog: IdentityAccessLog,
  ) {}

  async execute({ caseId, caller, expectedVersion }: ReissueQueryCode): Promise<ReissuedQueryCode> {
    const accessStreamId = complainantAccessStreamId(caseId);
    const [{ state, version }, access] = await Promise.all([
      loadAggregate(this.store, caseStreamId(caseId), caseDecider),
      this.store.readStream(accessStreamId),
    ]);
    const decided = decideQueryCodeReissue(caseId, state);
    if (decided instanceof DomainError) throw decided;
    // As on every command route of a case, If-Match names the case's version (its ETag); the 404 of a case that does not exist comes first.
    if (expectedVersion !== undefined && expectedVersion !== version)
      throw new WrongExpectedVersion(caseStreamId(caseId), expectedVersion, version);
    const code = newQueryCode();
    let read = access.at(-1)?.streamVersion ?? 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.accessLog.record(accessStreamId, decided, COMPLAINANT_ACCESS_EVENT_SCHEMA_VERSIONS[decided.type], caller, {
          expectedVersion: read === 0 ? 'no_stream' : read,
          alongside: (transaction) => this.queryCodes.issue(caseId, code, transaction ?? undefined),
        });
        return { caseId, queryCode: code.display };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        const since = await this.store.readStream(accessStreamId, { fromVersion: read + 1 });
        if (since.some((event) => event.type === decided.type)) throw reissuedMeanwhile();
        if (attempt >= ATTEMPTS) throw accessLogBusy();
        read = since.at(-1)?.streamVersion ?? error.actual;
      }
    }
  }
}

/** Another reissue committed after this one read the access log: its code is the one in force. */
function reissuedMeanwhile(): ConflictException {
  return new ConflictException({
    code: 'CONCURRENT_MODIFICATION',
    message: 'Another new query code was issued for this case meanwhile and is the one that works; none was issued by this request',
  });
}

/** Identity reads kept landing between the read and the append. */
function accessLogBusy(): ConflictException {
  return new ConflictException({
    code: 'CONCURRENT_MODIFICATION',
    message: 'The case’s access log changed meanwhile; no query code was issued, try again',
  });
}
