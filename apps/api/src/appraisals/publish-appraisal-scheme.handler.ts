import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appraisalSchemeDecider, appraisalSchemeStreamId, appraisalSchemeVersion, type PublishAppraisalScheme } from '@app/domain';
import { decideAndAppendRetrying, EVENT_STORE, eventMetadata, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { CallerCommand } from '../common/command-message';
import type { RequestContext } from '../common/request-context';

/** What publishing a scheme answers: the scheme in force now. */
export interface SchemePublicationResult {
  year: number;
  /** `appraisal-scheme-2026@2` */
  version: string;
  revision: number;
  /** Global position of the publication in force (a bigint, as a string): pass it as `?after=`. */
  position: string;
}

/** An admin's publication of one year's appraisal scheme (评议/考核方案). */
export class PublishAppraisalSchemeMessage extends Command<SchemePublicationResult> {
  constructor(
    readonly request: CallerCommand<PublishAppraisalScheme>,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/**
 * Publishes a year's scheme on `config-appraisal-scheme-<year>`. No If-Match: a publication replaces
 * the year's scheme whole, whatever the admin saw, so one landing in between is simply decided again
 * on top of it. The same scheme again appends nothing and answers with the publication in force:
 * each event on the stream is one revision, so the revision in force is the stream's version.
 */
@CommandHandler(PublishAppraisalSchemeMessage)
export class PublishAppraisalSchemeHandler implements ICommandHandler<PublishAppraisalSchemeMessage, SchemePublicationResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, caller }: PublishAppraisalSchemeMessage): Promise<SchemePublicationResult> {
    const at = this.clock.now().toISOString();
    const { year } = request;
    const result = await decideAndAppendRetrying(
      this.store,
      appraisalSchemeStreamId(year),
      appraisalSchemeDecider,
      { ...request, at },
      {
        metadata: eventMetadata(caller, at),
      },
    );
    return { year, version: appraisalSchemeVersion(year, result.version), revision: result.version, position: String(result.position) };
  }
}
