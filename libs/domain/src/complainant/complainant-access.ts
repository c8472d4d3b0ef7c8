import { DomainError } from '../shared/domain-error';
import { CaseErrors } from '../case/case.errors';
import type { CaseState } from '../case/case.state';

/**
 * Why a member of staff reads a complainant's identity. Every read names one and is recorded
 * (docs/rules.md#complainant-confidentiality): 回访 return visit, 核实 verifying facts with the
 * complainant, 督办 following up, 调查 and 问责 for the discipline office, 依法调取 a lawful request
 * from a court, procuratorate or supervisory commission.
 */
export const IDENTITY_READ_PURPOSES = [
  'return_visit',
  'verification',
  'supervision',
  'investigation',
  'accountability',
  'lawful_request',
] as const;
export type IdentityReadPurpose = (typeof IDENTITY_READ_PURPOSES)[number];

/**
 * What a read of the identity found: it, an anonymous complaint, an identity crypto-shredded, or
 * none in the complainant store (never written there, or its key gone without an erasure event).
 */
export type IdentityReadOutcome = 'disclosed' | 'anonymous' | 'erased' | 'unavailable';

type Event<Type extends string, Data> = { type: Type; data: Data };

/**
 * Someone read a complainant's identity (the access audit). Who and when are the event's metadata
 * (actor, role, occurredAt); the data says which case, why, and what was disclosed — never the
 * identity itself.
 */
export type ComplainantIdentityRead = Event<
  'ComplainantIdentityRead',
  { caseId: string; purpose: IdentityReadPurpose; outcome: IdentityReadOutcome }
>;

/** A new query code (查询码) was issued for the case; the earlier one no longer works. Never the code. */
export type QueryCodeReissued = Event<'QueryCodeReissued', { caseId: string }>;

export type ComplainantAccessEvent = ComplainantIdentityRead | QueryCodeReissued;

export const COMPLAINANT_ACCESS_EVENT_SCHEMA_VERSIONS: Readonly<Record<ComplainantAccessEvent['type'], number>> = {
  ComplainantIdentityRead: 1,
  QueryCodeReissued: 1,
};

/**
 * The access log of one case's complainant: a stream of its own, so reading an identity neither
 * changes the case's version (If-Match) nor shows up in a unit's case history.
 */
export const COMPLAINANT_ACCESS_STREAM_PREFIX = 'complainant-access-';
export const complainantAccessStreamId = (caseId: string): string => `${COMPLAINANT_ACCESS_STREAM_PREFIX}${caseId}`;

/**
 * A read of the complainant's identity, decided on the case as it stands: the event that records
 * it, with what it may disclose. A case that does not exist is CASE_NOT_FOUND.
 */
export function decideIdentityRead(caseId: string, purpose: IdentityReadPurpose, state: CaseState): ComplainantIdentityRead | DomainError {
  if (state.status === 'none') return new DomainError(CaseErrors.CASE_NOT_FOUND, 'There is no such case');
  const outcome: IdentityReadOutcome = state.anonymous ? 'anonymous' : state.complainantErasedAt !== null ? 'erased' : 'disclosed';
  return { type: 'ComplainantIdentityRead', data: { caseId, purpose, outcome } };
}

/** Issuing a new query code: the case must exist. */
export function decideQueryCodeReissue(caseId: string, state: CaseState): QueryCodeReissued | DomainError {
  if (state.status === 'none') return new DomainError(CaseErrors.CASE_NOT_FOUND, 'There is no such case');
  return { type: 'QueryCodeReissued', data: { caseId } };
}
