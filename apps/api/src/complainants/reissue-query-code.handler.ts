import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  caseDecider,
  caseStreamId,
  COMPLAINANT_ACCESS_EVENT_SCHEMA_VERSIONS,
  complainantAccessStreamId,
  decideQueryCodeReissue,
  DomainError,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import type { RequestContext } from '../common/request-context';
import { IdentityAccessLog } from './identity-access-log';
import { newQueryCode } from './query-code';
import { QueryCodeStore } from './query-code.store';

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
  ) {
    super();
  }
}

/** A new code replaces the old one's hash, with QueryCodeReissued in the case's access log. */
@CommandHandler(ReissueQueryCode)
export class ReissueQueryCodeHandler implements ICommandHandler<ReissueQueryCode, ReissuedQueryCode> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queryCodes: QueryCodeStore,
    private readonly accessLog: IdentityAccessLog,
  ) {}

  async execute({ caseId, caller }: ReissueQueryCode): Promise<ReissuedQueryCode> {
    const { state } = await loadAggregate(this.store, caseStreamId(caseId), caseDecider);
    const decided = decideQueryCodeReissue(caseId, state);
    if (decided instanceof DomainError) throw decided;
    const code = newQueryCode();
    await this.accessLog.record(
      complainantAccessStreamId(caseId),
      decided,
      COMPLAINANT_ACCESS_EVENT_SCHEMA_VERSIONS[decided.type],
      caller,
      (transaction) => this.queryCodes.issue(caseId, code, transaction ?? undefined),
    );
    return { caseId, queryCode: code.display };
  }
}
