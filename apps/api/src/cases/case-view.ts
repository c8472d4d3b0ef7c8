import { OPEN_MEASURE_STATUSES, type CaseState, type LocalDate } from '@app/domain';
import { allowedCaseActions, allowedMeasureActions, type Actor, type CaseAction, type MeasureAction } from './case-actions';

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
  /** What the caller may do on the case now (case-actions.ts); none on a case as it stood (`asOf`). */
  allowedActions: CaseAction[];
}

/** Whom the actions are listed for, and when; null for a case as it stood. */
export type ActionsFor = { actor: Actor; at: string } | null;

/** `today`: the Beijing day a measure's `overdue` is judged on (now, or the instant a past view shows). */
export function toCaseView(id: string, version: number, state: CaseState, actionsFor: ActionsFor, today: LocalDate): CaseView {
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
    measures: state.measures.map((m) =>
      toMeasureView(m, actionsFor && allowedMeasureActions(state, m, actionsFor.actor, actionsFor.at), today),
    ),
    noRectificationReason: state.noRectificationReason,
    lastVisit: state.lastVisit,
    accountabilityIssued: state.accountabilityIssued,
    allowedActions: actionsFor ? allowedCaseActions(state, actionsFor.actor, actionsFor.at) : [],
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
  /**
   * Still owed and its due day has ended in Beijing: what the ledger shows as `overdue` (逾期未整改,
   * rectifications.reader.ts), so that the case page and the ledger name one measure alike.
   */
  overdue: boolean;
  /** Report or verify this measure, as far as the caller may now. */
  allowedActions: MeasureAction[];
}

function toMeasureView(m: CaseState['measures'][number], allowedActions: MeasureAction[] | null, today: LocalDate): CaseMeasureView {
  return {
    measureId: m.measureId,
    description: m.description,
    responsibleUnitId: m.responsibleUnitId,
    responsibleLeader: m.responsibleLeader,
    dueDate: m.dueDate,
    status: m.status,
    overdue: OPEN_MEASURE_STATUSES.includes(m.status) && m.dueDate < today,
    allowedActions: allowedActions ?? [],
  };
}
