import type { LocalDate } from '../calendar/local-date';
import type { AccountabilityIssued } from '../case/case.events';
import type { ErasureReason } from '../case/case.model';
import type { MeasureDeadlinePassed } from '../rectification/measure-deadline';
import type { PlannedMeasure } from '../rectification/measure.model';
import type { FindingMeasureFields, FindingSource, RaisedByReference } from './finding.model';

type Event<Type extends string, Data> = { type: Type; data: Data };

/** A finding (问题) raised against a unit: where from, its category, what, who (a reference) and when. */
export type FindingRaised = Event<
  'FindingRaised',
  {
    findingId: string;
    source: FindingSource;
    unitId: string;
    /** A code of the configured finding categories. */
    category: string;
    description: string;
    raisedBy: RaisedByReference;
    raisedAt: string;
  }
>;
/** Raised in error: the finding and its measures leave the ledger; the log keeps them. */
export type FindingWithdrawn = Event<'FindingWithdrawn', { reason: string; withdrawnAt: string }>;
/** Measures planned for the finding, numbered on (M1, M2 …); `unitId`: the unit that planned them. */
export type MeasuresPlanned = Event<'MeasuresPlanned', { unitId: string; measures: PlannedMeasure<FindingMeasureFields>[] }>;
export type MeasureProgressReported = Event<
  'MeasureProgressReported',
  { measureId: string; unitId: string; progress: string; reportedAt: string }
>;
/** `reportedAt` decides whether the due date was met, whenever the scheduler asks. */
export type MeasureCompletionReported = Event<
  'MeasureCompletionReported',
  { measureId: string; unitId: string; report: string; reportedAt: string }
>;
/** 验收 passed; the 回头看 re-check falls due by `recheckDue`, counted on the calendar recorded. */
export type MeasureVerified = Event<
  'MeasureVerified',
  { measureId: string; note: string | null; verifiedAt: string; recheckDue: LocalDate; calendarVersion: string }
>;
export type MeasureRejected = Event<'MeasureRejected', { measureId: string; reason: string }>;
/** 回头看: the rectification held. */
export type MeasureRecheckConfirmed = Event<'MeasureRecheckConfirmed', { measureId: string; note: string | null; recheckedAt: string }>;
/** 回头看: the rectification did not hold; the measure is owed again by a new due date. */
export type MeasureReopened = Event<'MeasureReopened', { measureId: string; reason: string; dueDate: LocalDate; calendarVersion?: string }>;

/**
 * The person who raised the finding was erased (crypto-shredded, docs/rules.md#who-raised-a-finding):
 * their data key is deleted with this event. The finding and its reference stay; `erasedAt` says since when.
 */
export type RaiserIdentityErased = Event<'RaiserIdentityErased', { reason: ErasureReason; erasedAt: string }>;

/** Everything that can happen to a finding and its measures. */
export type FindingEvent =
  | FindingRaised
  | FindingWithdrawn
  | MeasuresPlanned
  | MeasureProgressReported
  | MeasureCompletionReported
  | MeasureVerified
  | MeasureRejected
  /** A measure's red card, for its due date or its 回头看 (rectification/measure-deadline.ts), as on a case. */
  | MeasureDeadlinePassed
  | MeasureRecheckConfirmed
  | MeasureReopened
  /** 问责 issued on the finding: the case's event, on the finding's stream. */
  | AccountabilityIssued
  | RaiserIdentityErased;

export type FindingEventType = FindingEvent['type'];

/**
 * Schema version of each event type as written today. Bump it when a type's data changes shape,
 * and add an upcaster for the old version (read side) in the same change.
 */
export const FINDING_EVENT_SCHEMA_VERSIONS: Readonly<Record<FindingEventType, number>> = {
  FindingRaised: 1,
  FindingWithdrawn: 1,
  MeasuresPlanned: 1,
  MeasureProgressReported: 1,
  MeasureCompletionReported: 1,
  MeasureVerified: 1,
  MeasureRejected: 1,
  MeasureDeadlinePassed: 1,
  MeasureRecheckConfirmed: 1,
  MeasureReopened: 1,
  AccountabilityIssued: 1,
  RaiserIdentityErased: 1,
};

export const FINDING_EVENT_TYPES = Object.keys(FINDING_EVENT_SCHEMA_VERSIONS) as FindingEventType[];

/** The stream of one finding. */
export const findingStreamId = (findingId: string): string => `finding-${findingId}`;
export const FINDING_STREAM_PREFIX = 'finding-';
