import type { Instant } from '../../case/case.model';
import type { Decision, StreamDeciderShape } from '../../shared/decider';
import { DomainError } from '../../shared/domain-error';
import { latestPublicationDecider, publish, type LatestPublication, type Publication } from '../../shared/publication';
import { APPRAISAL_YEAR_MAX, APPRAISAL_YEAR_MIN } from '../appraisal-inputs.model';
import { AppraisalSchemeErrors as E } from './appraisal-scheme.errors';
import { appraisalSchemeVersion, DEFAULT_APPRAISAL_SCHEME, type AppraisalScheme } from './appraisal-scheme.model';
import { checkedAppraisalScheme } from './appraisal-scheme.validation';

/**
 * A year's appraisal scheme as an admin publishes it: each publication is the whole scheme of that
 * year and replaces the one before, on one stream per year. Until the first, the default is in force.
 */
export const APPRAISAL_SCHEME_STREAM_PREFIX = 'config-appraisal-scheme-';
export const appraisalSchemeStreamId = (year: number): string => `${APPRAISAL_SCHEME_STREAM_PREFIX}${year}`;

export type PublishAppraisalScheme = { type: 'PublishAppraisalScheme'; at: Instant; year: number; scheme: AppraisalScheme };

/** A year's whole scheme; `revision`: the n-th publication of that year's scheme (version `appraisal-scheme-<year>@<n>`). */
export type AppraisalSchemePublished = Publication<'AppraisalSchemePublished', { year: number; scheme: AppraisalScheme }>;

export type AppraisalSchemeCommand = PublishAppraisalScheme;
export type AppraisalSchemeEvent = AppraisalSchemePublished;

/** Publications so far on the year's stream, and the latest (null = none: the default is in force). */
export type AppraisalSchemeState = LatestPublication<AppraisalSchemePublished['data']>;

export const APPRAISAL_SCHEME_EVENT_SCHEMA_VERSIONS: Readonly<Record<AppraisalSchemeEvent['type'], number>> = {
  AppraisalSchemePublished: 1,
};

/** The publication of one year's scheme as a decider: stream `config-appraisal-scheme-<year>`. */
export const appraisalSchemeDecider: StreamDeciderShape<AppraisalSchemeCommand, AppraisalSchemeEvent, AppraisalSchemeState> =
  latestPublicationDecider(decidePublishAppraisalScheme, APPRAISAL_SCHEME_EVENT_SCHEMA_VERSIONS);

function decidePublishAppraisalScheme(command: PublishAppraisalScheme, state: AppraisalSchemeState): Decision<AppraisalSchemeEvent> {
  const { year } = command;
  if (!Number.isInteger(year) || year < APPRAISAL_YEAR_MIN || year > APPRAISAL_YEAR_MAX) {
    return new DomainError(
      E.INVALID_APPRAISAL_YEAR,
      `An appraisal year is a whole number from ${APPRAISAL_YEAR_MIN} to ${APPRAISAL_YEAR_MAX}`,
      {
        year,
        field: 'year',
      },
    );
  }
  if (state.current && state.current.year !== year) {
    return new DomainError(E.INVALID_APPRAISAL_YEAR, `This stream holds the scheme of ${state.current.year}, not ${year}`, {
      year,
      field: 'year',
    });
  }
  const scheme = checkedAppraisalScheme(command.scheme);
  if (scheme instanceof DomainError) return scheme;
  // The scheme replaces the year's scheme whole; the same scheme again (a retried PUT) records nothing.
  return publish('AppraisalSchemePublished', { year, scheme }, state);
}

/** The scheme in force for a year and its version: the latest publication, else the default. */
export interface AppraisalSchemeInForce {
  year: number;
  scheme: AppraisalScheme;
  /** null: the default scheme. */
  revision: number | null;
  version: string;
}

export function appraisalSchemeInForce(year: number, latest: AppraisalSchemePublished['data'] | null): AppraisalSchemeInForce {
  const revision = latest?.revision ?? null;
  return { year, scheme: latest?.scheme ?? DEFAULT_APPRAISAL_SCHEME, revision, version: appraisalSchemeVersion(year, revision) };
}
