import { withMeasure, withMeasureDeadlinePassed, withMeasuresPlanned } from '../rectification/measure.evolve';
import type { MeasureRecord } from '../rectification/measure.model';
import { DomainError } from '../shared/domain-error';
import { FindingErrors } from './finding.errors';
import type { FindingEvent } from './finding.events';
import { raiserIsPerson, type FindingMeasureFields, type RaisedByReference } from './finding.model';

export type FindingMeasure = MeasureRecord<FindingMeasureFields>;

/**
 * What a finding's rules look at: whether it stands, the unit it is against, its measures and
 * which of them were ever verified, who raised it (a reference) and since when that person is
 * erased (crypto-shredded).
 */
export interface FindingState {
  status: 'none' | 'open' | 'withdrawn';
  findingId: string | null;
  unitId: string | null;
  measures: readonly FindingMeasure[];
  /**
   * The measures that passed 验收 at least once, whatever happened since (a 回头看 that reopened
   * one does not undo that work was verified on it): such a finding was raised in no error.
   */
  everVerified: readonly string[];
  raisedBy: RaisedByReference | null;
  raiserErasedAt: string | null;
}

export function initialFindingState(): FindingState {
  return { status: 'none', findingId: null, unitId: null, measures: [], everVerified: [], raisedBy: null, raiserErasedAt: null };
}

export function evolveFinding(state: FindingState, event: FindingEvent): FindingState {
  const measures = (next: FindingMeasure[]): FindingState => ({ ...state, measures: next });
  switch (event.type) {
    case 'FindingRaised':
      return {
        ...state,
        status: 'open',
        findingId: event.data.findingId,
        unitId: event.data.unitId,
        raisedBy: event.data.raisedBy,
      };
    case 'FindingWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'MeasuresPlanned':
      return measures(withMeasuresPlanned(state.measures, event.data.measures));
    case 'MeasureProgressReported':
      return measures(withMeasure(state.measures, event.data.measureId, { status: 'in_progress' }));
    case 'MeasureCompletionReported':
      return measures(withMeasure(state.measures, event.data.measureId, { status: 'reported', completedAt: event.data.reportedAt }));
    case 'MeasureVerified':
      return {
        ...measures(withMeasure(state.measures, event.data.measureId, { status: 'verified', recheckDue: event.data.recheckDue })),
        everVerified: state.everVerified.includes(event.data.measureId)
          ? state.everVerified
          : [...state.everVerified, event.data.measureId],
      };
    case 'MeasureRejected':
      return measures(withMeasure(state.measures, event.data.measureId, { status: 'rejected' }));
    case 'MeasureDeadlinePassed':
      return measures(withMeasureDeadlinePassed(state.measures, event.data));
    case 'MeasureRecheckConfirmed':
      return measures(withMeasure(state.measures, event.data.measureId, { status: 'rechecked' }));
    case 'MeasureReopened':
      // Owed again by the new due date; the re-check it failed is done with.
      return measures(
        withMeasure(state.measures, event.data.measureId, {
          status: 'reopened',
          dueDate: event.data.dueDate,
          completedAt: null,
          recheckDue: null,
        }),
      );
    case 'AccountabilityIssued':
      // Recorded on the finding for the register and the summary; no rule of the finding looks at it.
      return state;
    case 'RaiserIdentityErased':
      return { ...state, raiserErasedAt: event.data.erasedAt };
  }
}

/**
 * Whether a unit may know of a finding: the unit it is against, or a unit answering for one of its
 * measures. To any other unit the finding does not exist (FINDING_NOT_FOUND), as a case a unit was
 * never notified of (docs/rules.md#who-sees-what).
 */
export function findingKnownTo(state: FindingState, unitId: string): boolean {
  return state.status !== 'none' && (state.unitId === unitId || state.measures.some((m) => m.responsibleUnitId === unitId));
}

/** A unit's command or read finds the finding only if the unit may know of it: FINDING_NOT_FOUND otherwise, as for an unknown id. */
export function requireFindingKnownTo(state: FindingState, unitId: string): DomainError | null {
  return findingKnownTo(state, unitId) ? null : new DomainError(FindingErrors.FINDING_NOT_FOUND, 'There is no such finding');
}

/** Whether the finding was raised by a person (sealed in the store of people), not an enterprise or an office. */
export function raisedByPerson(state: FindingState): boolean {
  return state.raisedBy !== null && raiserIsPerson(state.raisedBy.kind);
}
