import { withMeasure, withMeasureDeadlinePassed, withMeasuresPlanned } from '../rectification/measure.evolve';
import type { MeasureRecord } from '../rectification/measure.model';
import type { FindingEvent } from './finding.events';
import type { FindingMeasureFields } from './finding.model';

export type FindingMeasure = MeasureRecord<FindingMeasureFields>;

/** What a finding's rules look at: whether it stands, the unit it is against, and its measures. */
export interface FindingState {
  status: 'none' | 'open' | 'withdrawn';
  findingId: string | null;
  unitId: string | null;
  measures: readonly FindingMeasure[];
}

export function initialFindingState(): FindingState {
  return { status: 'none', findingId: null, unitId: null, measures: [] };
}

export function evolveFinding(state: FindingState, event: FindingEvent): FindingState {
  const measures = (next: FindingMeasure[]): FindingState => ({ ...state, measures: next });
  switch (event.type) {
    case 'FindingRaised':
      return { ...state, status: 'open', findingId: event.data.findingId, unitId: event.data.unitId };
    case 'FindingWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'MeasuresPlanned':
      return measures(withMeasuresPlanned(state.measures, event.data.measures));
    case 'MeasureProgressReported':
      return measures(withMeasure(state.measures, event.data.measureId, { status: 'in_progress' }));
    case 'MeasureCompletionReported':
      return measures(withMeasure(state.measures, event.data.measureId, { status: 'reported', completedAt: event.data.reportedAt }));
    case 'MeasureVerified':
      return measures(withMeasure(state.measures, event.data.measureId, { status: 'verified', recheckDue: event.data.recheckDue }));
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
  }
}
