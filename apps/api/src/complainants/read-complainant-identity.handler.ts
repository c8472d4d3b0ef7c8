import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  caseDecider,
  caseStreamId,
  COMPLAINANT_ACCESS_EVENT_SCHEMA_VERSIONS,
  complainantAccessStreamId,
  decideIdentityRead,
  DomainError,
  type IdentityReadOutcome,
  type IdentityReadPurpose,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import type { RequestContext } from '../common/request-context';
import { IdentityAccessLog } from './identity-access-log';
import { ComplainantIdentityStore, type ComplainantIdentity } from './complainant-identity.store';

/** What `GET /cases/{id}/complainant` answers. */
export interface ComplainantIdentityAnswer {
  caseId: string;
  purpose: IdentityReadPurpose;
  /** disclosed, anonymous, erased or unavailable (not in the store): as the access event records it. */
  outcome: IdentityReadOutcome;
  anonymous: boolean;
  /** The identity was crypto-shredded; it can never be read again. */
  erased: boolean;
  erasedAt: string | null;
  /** The identity, decrypted: only when `outcome` is disclosed. */
  identity: ComplainantIdentity | null;
  /** The access-audit event this read appended (stream complainant-access-<case>). */
  accessEventId: string;
  /** That event's global position: `?after=` for the audit log (read-your-writes). */
  position: string;
}

/** A member of staff reads a case's complainant, for a purpose: recorded before it is answered. */
export class ReadComplainantIdentity extends Command<ComplainantIdentityAnswer> {
  constructor(
    readonly caseId: string,
    readonly purpose: IdentityReadPurpose,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/**
 * Every read of an identity leaves an access event (who, when, which case, why, what it disclosed)
 * before anything is answered: if the event cannot be appended, nothing is disclosed. The identity is
 * decrypted first, so the event says what the caller actually got.
 */
@CommandHandler(ReadComplainantIdentity)
export class ReadComplainantIdentityHandler implements ICommandHandler<ReadComplainantIdentity, ComplainantIdentityAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly identities: ComplainantIdentityStore,
    private readonly accessLog: IdentityAccessLog,
  ) {}

  execute(command: ReadComplainantIdentity): Promise<ComplainantIdentityAnswer> {
    return this.accessLog.readAgain(() => this.read(command));
  }

  /** One attempt: the case as it stands, its decision, the identity and its access event on that version. */
  private async read({ caseId, purpose, caller }: ReadComplainantIdentity): Promise<ComplainantIdentityAnswer> {
    const streamId = caseStreamId(caseId);
    const { state, version } = await loadAggregate(this.store, streamId, caseDecider);
    const decided = decideIdentityRead(caseId, purpose, state);
    if (decided instanceof DomainError) throw decided;
    const { read, identity, access } = await this.accessLog.recordRead(
      complainantAccessStreamId(caseId),
      decided,
      { streamId, version },
      COMPLAINANT_ACCESS_EVENT_SCHEMA_VERSIONS.ComplainantIdentityRead,
      caller,
      () => this.identities.read(caseId),
    );
    return {
      caseId,
      purpose,
      outcome: read.data.outcome,
      anonymous: state.anonymous,
      erased: state.complainantErasedAt !== null,
      erasedAt: state.complainantErasedAt,
      identity,
      accessEventId: access.eventId,
      position: access.position,
    };
  }
}
