/**
 * How a holder's list of measures changes with each recorded step: the fold both the case
 * (case.state.ts) and the finding (finding.state.ts) apply to their own events.
 */
import type { LocalDate } from '../calendar/local-date';
import type { MeasureDeadlineKind } from './measure-deadline';
import type { MeasureRecord, MeasureStatus, PlannedMeasure } from './measure.model';

type Fields = { dueDate: LocalDate };

/** The measures with newly planned ones appended, each planned and with no deadline marked yet. */
export function withMeasuresPlanned<F extends Fields>(
  measures: readonly MeasureRecord<F>[],
  planned: readonly PlannedMeasure<F>[],
): MeasureRecord<F>[] {
  const added = planned.map((m) => ({ ...m, status: 'planned' as const, duePassedFor: null, recheckDue: null, recheckPassedFor: null }));
  return [...measures, ...added];
}

/** The measures with one of them changed. */
export function withMeasure<F extends Fields>(
  measures: readonly MeasureRecord<F>[],
  measureId: string,
  change: Partial<MeasureRecord<F>> & { status?: MeasureStatus },
): MeasureRecord<F>[] {
  return measures.map((m) => (m.measureId === measureId ? { ...m, ...change } : m));
}

/** The measures with a deadline of one marked passed, so it is not marked twice. */
export function withMeasureDeadlinePassed<F extends Fields>(
  measures: readonly MeasureRecord<F>[],
  passed: { measureId: string; deadline: MeasureDeadlineKind; dueDate: LocalDate },
): MeasureRecord<F>[] {
  const change = passed.deadline === 'measure_due' ? { duePassedFor: passed.dueDate } : { recheckPassedFor: passed.dueDate };
  return withMeasure(measures, passed.measureId, change as Partial<MeasureRecord<F>>);
}
