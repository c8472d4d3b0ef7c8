import type { IdentityReadOutcome, IdentityReadPurpose } from '../complainant/complainant-access';
import { DomainError } from '../shared/domain-error';
import { FindingErrors } from './finding.errors';
import { raisedByPerson, type FindingState } from './finding.state';

/**
 * What a read of a finding's raiser found: the person, an organisation (no person: its name is the
 * reference itself), a person erased, or none in the store of people (its key gone without an
 * erasure event). The complainant's outcomes, with `organisation` where a complaint is anonymous.
 */
export type RaiserReadOutcome = Exclude<IdentityReadOutcome, 'anonymous'> | 'organisation';

/**
 * Someone read who raised a finding (the access audit), as ComplainantIdentityRead records a read of
 * a complainant: who and when are the metadata; the data says which finding, why and what was
 * disclosed — never the person.
 */
export type RaiserIdentityRead = {
  type: 'RaiserIdentityRead';
  data: { findingId: string; purpose: IdentityReadPurpose; outcome: RaiserReadOutcome };
};

export const RAISER_ACCESS_EVENT_SCHEMA_VERSIONS: Readonly<Record<RaiserIdentityRead['type'], number>> = { RaiserIdentityRead: 1 };

/** The access log of one finding's raiser: a stream of its own, so a read changes neither the finding's version nor its history. */
export const RAISER_ACCESS_STREAM_PREFIX = 'raiser-access-';
export const raiserAccessStreamId = (findingId: string): string => `${RAISER_ACCESS_STREAM_PREFIX}${findingId}`;

/**
 * A read of who raised a finding, decided on the finding as it stands (withdrawn ones too): the
 * event that records it, with what it may disclose. A finding that does not exist is FINDING_NOT_FOUND.
 */
export function decideRaiserIdentityRead(
  findingId: string,
  purpose: IdentityReadPurpose,
  state: FindingState,
): RaiserIdentityRead | DomainError {
  if (state.status === 'none') return new DomainError(FindingErrors.FINDING_NOT_FOUND, 'There is no such finding');
  const outcome: RaiserReadOutcome = !raisedByPerson(state) ? 'organisation' : state.raiserErasedAt !== null ? 'erased' : 'disclosed';
  return { type: 'RaiserIdentityRead', data: { findingId, purpose, outcome } };
}
