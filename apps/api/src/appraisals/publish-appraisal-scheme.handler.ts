import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appraisalSchemeDecider, appraisalSchemeStreamId, appraisalSchemeVersion, type PublishAppraisalScheme } from '@app/domain';
import { decideAndAppendRetrying, EVENT_STORE, type EventStore } from '@app/event-store';
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

export class PublishAppraisalSchemeCommand extends Command<SchemePublicationResult> {
  constructor(
    readonly command: PublishAppraisalScheme,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/**
 * Publishes a year's scheme on `config-appraisal-scheme-<year>`. No If-Match: a publication replaces
 * the year's scheme whole, whatever the admin saw. The same scheme again appends nothing and answers
 * with the publication in force (each event on the stream is one revision, so revision = version).
 */
@CommandHandler(PublishAppraisalSchemeCommand)
export class PublishAppraisalSchemeHandler implements ICommandHandler<PublishAppraisalSchemeCommand, SchemePublicationResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ command, caller }: PublishAppraisalSchemeCommand): Promise<SchemePublicationResult> {
    const metadata = {
      actorId: caller.actorId,
      role: caller.role,
      unitId: caller.unitId,
      correlationId: caller.correlationId,
      causationId: null,
      occurredAt: command.at,
    };
    // Another publication of the same year landing in between is decided again on top of it.
    const result = await decideAndAppendRetrying(this.store, appraisalSchemeStreamId(command.year), appraisalSchemeDecider, command, {
      metadata,
    });
    return {
      year: command.year,
      version: appraisalSchemeVersion(command.year, result.version),
      revision: result.version,
      position: String(result.position),
    };
  }
}
