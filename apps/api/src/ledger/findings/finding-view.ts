import {
  DONE_MEASURE_STATUSES,
  type FindingEvent,
  type FindingRaised,
  type FindingState,
  type MeasureStatus,
  type RaisedByReference,
  type SizeClass,
} from '@app/domain';

/** A finding's measure as the finding's view shows it: the plan, where it stands, and its dates. */
export interface FindingMeasureView {
  measureId: string;
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  dueDate: string;
  sizeClass: SizeClass;
  category: string;
  status: MeasureStatus;
  completedAt: string | null;
  recheckDue: string | null;
}

/** A finding as GET /api/v1/findings/{id} shows it. */
export interface FindingView {
  id: string;
  version: number;
  status: 'open' | 'withdrawn';
  source: FindingRaised['data']['source'];
  unitId: string;
  category: string;
  description: string;
  /** `ref` is null to a unit: who raised a problem about it is kept from it, as a complainant is. */
  raisedBy: { kind: RaisedByReference['kind']; ref: string | null };
  raisedAt: string;
  withdrawal: { reason: string; withdrawnAt: string } | null;
  measures: FindingMeasureView[];
}

/** The view: what was raised (its first event), the measures as the decider's state holds them, the withdrawal if any. */
export function toFindingView(
  id: string,
  version: number,
  state: FindingState,
  events: readonly FindingEvent[],
  unitScope: string | null,
): FindingView {
  const raised = events[0] as FindingRaised;
  const withdrawn = events.find((e) => e.type === 'FindingWithdrawn');
  const { source, unitId, category, description, raisedBy, raisedAt } = raised.data;
  return {
    id,
    version,
    status: state.status === 'withdrawn' ? 'withdrawn' : 'open',
    source,
    unitId,
    category,
    description,
    raisedBy: { kind: raisedBy.kind, ref: unitScope === null ? raisedBy.ref : null },
    raisedAt,
    withdrawal: withdrawn ? { reason: withdrawn.data.reason, withdrawnAt: withdrawn.data.withdrawnAt } : null,
    // The documented fields only: the record's deadline bookkeeping (which dates were carded) is the scheduler's.
    measures: state.measures.map((m) => ({
      measureId: m.measureId,
      description: m.description,
      responsibleUnitId: m.responsibleUnitId,
      responsibleLeader: m.responsibleLeader,
      dueDate: m.dueDate,
      sizeClass: m.sizeClass,
      category: m.category,
      status: m.status,
      // The completion report that stands, as the ledger's list has it (reportedAt): none while the
      // work is owed (a report rejected at 验收, a reopening), whatever the state keeps for its deadline rule.
      completedAt: DONE_MEASURE_STATUSES.includes(m.status) ? (m.completedAt ?? null) : null,
      recheckDue: m.recheckDue,
    })),
  };
}
