import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideRaiserIdentityRead,
  DomainError,
  findingDecider,
  findingStreamId,
  RAISER_ACCESS_EVENT_SCHEMA_VERSIONS,
  raiserAccessStreamId,
  type IdentityReadPurpose,
  type RaisedByReference,
  type RaiserReadOutcome,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import type { RequestContext } from '../../common/request-context';
import { IdentityAccessLog } from '../../complainants/identity-access-log';
import { PeopleStore, type RaiserIdentity } from '../people/people.store';

/** What `GET /findings/{id}/raiser` answers. */
export interface RaiserIdentityAnswer {
  findingId: string;
  purpose: IdentityReadPurpose;
  /** disclosed, organisation, erased or unavailable (not in the store): as the access event records it. */
  outcome: RaiserReadOutcome;
  /** Who raised it as the finding records it: the kind and the reference (an organisation's name). */
  raisedBy: RaisedByReference;
  /** The person was crypto-shredded; they can never be read again. */
  erased: boolean;
  erasedAt: string | null;
  /** The person, decrypted: only when `outcome` is disclosed. */
  identity: RaiserIdentity | null;
  /** The access-audit event this read appended (stream raiser-access-<finding>). */
  accessEventId: string;
  /** That event's global position: `?after=` for the audit log (read-your-writes). */
  position: string;
}

/** A member of staff reads who raised a finding, for a purpose: recorded before it is answered. */
export class ReadRaiserIdentity extends Command<RaiserIdentityAnswer> {
  constructor(
    readonly findingId: string,
    readonly purpose: IdentityReadPurpose,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/**
 * Every read of a raiser leaves an access event (who, when, which finding, why, what it disclosed)
 * before anything is answered, by the complainant's rules (docs/rules.md#who-raised-a-finding): if
 * the event cannot be appended, nothing is disclosed. The person is decrypted first, so the event
 * says what the caller actually got.
 */
@CommandHandler(ReadRaiserIdentity)
export class ReadRaiserIdentityHandler implements ICommandHandler<ReadRaiserIdentity, RaiserIdentityAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly people: PeopleStore,
    private readonly accessLog: IdentityAccessLog,
  ) {}

  execute(command: ReadRaiserIdentity): Promise<RaiserIdentityAnswer> {
    return this.accessLog.readAgain(() => this.read(command));
  }

  /** One attempt: the finding as it stands, its decision, the raiser and the access event on that version. */
  private async read({ findingId, purpose, caller }: ReadRaiserIdentity): Promise<RaiserIdentityAnswer> {
    const streamId = findingStreamId(findingId);
    const { state, version } = await loadAggregate(this.store, streamId, findingDecider);
    const decided = decideRaiserIdentityRead(findingId, purpose, state);
    if (decided instanceof DomainError) throw decided;
    const { read, identity, access } = await this.accessLog.recordRead(
      raiserAccessStreamId(findingId),
      decided,
      { streamId, version },
      RAISER_ACCESS_EVENT_SCHEMA_VERSIONS.RaiserIdentityRead,
      caller,
      () => this.people.read(findingId),
    );
    return {
      findingId,
      purpose,
      outcome: read.data.outcome,
      raisedBy: state.raisedBy!,
      erased: state.raiserErasedAt !== null,
      erasedAt: state.raiserErasedAt,
      identity,
      accessEventId: access.eventId,
      position: access.position,
    };
  }
}
