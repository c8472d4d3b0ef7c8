import type { CaseState } from '@app/domain';

/** A case as `GET /api/v1/cases/{id}` shows it: the decider's state, without the complainant reference. */
export interface CaseView {
  id: string;
  version: number;
  status: CaseState['status'];
  category: string | null;
  urgency: CaseState['urgency'];
  receivedAt: string | null;
  complainedUnitId: string | null;
  anonymous: boolean;
  round: number;
  units: Array<CaseState['units'][string]>;
  /** The current round's, as are `noRectificationReason` and `lastVisit`: a reopening clears them. */
  leadReport: CaseState['leadReport'];
  /** Every measure of the case, whichever round planned it. */
  measures: CaseMeasureView[];
  noRectificationReason: string | null;
  lastVisit: CaseState['lastVisit'];
  /** Accountability decisions issued in any round. */
  accountabilityIssued: number;
}

export function toCaseView(id: string, version: number, state: CaseState): CaseView {
  return {
    id,
    version,
    status: state.status,
    category: state.category,
    urgency: state.urgency,
    receivedAt: state.receivedAt,
    complainedUnitId: state.complainedUnitId,
    anonymous: state.anonymous,
    round: state.round,
    units: Object.values(state.units),
    leadReport: state.leadReport,
    measures: state.measures.map(toMeasureView),
    noRectificationReason: state.noRectificationReason,
    lastVisit: state.lastVisit,
    accountabilityIssued: state.accountabilityIssued,
  };
}

/**
 * A case's measure as the API documents it (case.responses.ts). The state's measure record also
 * holds what the shared measure rules track for cards and the 回头看 (libs/domain/src/rectification),
 * which a case's answer does not promise: picked field by field so it never leaks into the response.
 */
export interface CaseMeasureView {
  measureId: string;
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  dueDate: string;
  status: CaseState['measures'][number]['status'];
}

function toMeasureView(m: CaseState['measures'][number]): CaseMeasureView {
  return {
    measureId: m.measureId,
    description: m.description,
    responsibleUnitId: m.responsibleUnitId,
    responsibleLeader: m.responsibleLeader,
    dueDate: m.dueDate,
    status: m.status,
  };
}
