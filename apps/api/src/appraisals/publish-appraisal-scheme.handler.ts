import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appraisalSchemeDecider, appraisalSchemeStreamId, appraisalSchemeVersion, type PublishAppraisalScheme } from '@app/domain';
import { PublicationMessage } from '../common/command-message';
import { CommandWriter } from '../common/command-writer';
import { streamRevision } from '../common/publication-revision';

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
export class PublishAppraisalSchemeMessage extends PublicationMessage<PublishAppraisalScheme, SchemePublicationResult> {}

/**
 * Publishes a year's scheme on `config-appraisal-scheme-<year>`, replacing the year's scheme whole
 * (with If-Match, only over the revision the admin saw: publication-revision.ts). The same scheme again appends nothing and answers with
 * the publication in force: each event on the stream is one revision, so the revision in force is
 * the stream's version.
 */
@CommandHandler(PublishAppraisalSchemeMessage)
export class PublishAppraisalSchemeHandler implements ICommandHandler<PublishAppraisalSchemeMessage, SchemePublicationResult> {
  constructor(private readonly writer: CommandWriter) {}

  async execute({ request, caller, expectedRevision }: PublishAppraisalSchemeMessage): Promise<SchemePublicationResult> {
    const { year } = request;
    const condition = { expected: expectedRevision, revisionOf: streamRevision };
    const { version, position } = await this.writer.publish(
      appraisalSchemeStreamId(year),
      appraisalSchemeDecider,
      request,
      caller,
      condition,
    );
    return { year, version: appraisalSchemeVersion(year, version), revision: version, position: String(position) };
  }
}
