import { DomainError } from '../shared/domain-error';
import { CaseErrors as E } from './case.errors';
import { activeLead, type CaseState, type UnitOnCase } from './case.state';

/** A rule check: null when it holds, the broken rule otherwise. */
export type Check = DomainError | null;

/** The answer for a case that does not exist, and for a case that does not exist for the caller. */
export function noSuchCase(): DomainError {
  return new DomainError(E.CASE_NOT_FOUND, 'There is no such case');
}

/**
 * The unit's part in the case, if it was ever notified of it. An own-property lookup: a unit id such
 * as `constructor` or `toString` must not find what every object inherits.
 */
export function unitOnCase(state: CaseState, unitId: string): UnitOnCase | null {
  return Object.hasOwn(state.units, unitId) ? state.units[unitId] : null;
}

/**
 * Whether a unit may know of the case at all: it was notified of it (交办), whatever its status since
 * (active, disputed, transferred away). To every other unit the case does not exist: its reads and
 * its own commands find no case (docs/rules.md#who-sees-what).
 */
export function caseKnownTo(state: CaseState, unitId: string): boolean {
  return state.status !== 'none' && unitOnCase(state, unitId) !== null;
}

/** A unit's own command finds the case only if the unit was notified of it: CASE_NOT_FOUND otherwise, as for an unknown id. */
export function requireKnownTo(state: CaseState, unitId: string): Check {
  return caseKnownTo(state, unitId) ? null : noSuchCase();
}

/** The case exists, was not rejected and is not closed: the precondition of almost every command. */
export function requireOpen(state: CaseState): Check {
  if (state.status === 'none') return noSuchCase();
  if (state.status === 'rejected') return new DomainError(E.CASE_REJECTED, 'The complaint was rejected; nothing more can be done on it');
  if (state.status === 'closed') return new DomainError(E.CASE_CLOSED, 'The case is closed');
  return null;
}

/** The case has been routed to at least one unit (交办). */
export function requireDispatched(state: CaseState): Check {
  return (
    requireOpen(state) ??
    (state.status === 'in_progress' ? null : new DomainError(E.CASE_NOT_DISPATCHED, 'The case has not been dispatched to a unit yet'))
  );
}

/**
 * A unit acts only on a case it was notified of and still holds: UNIT_NOT_NOTIFIED for a unit never
 * on the case (when intake names it) and for one that disputed or was transferred away. `field`: the
 * request field that named the unit, when one did (intake's supervision or extension decision); a
 * unit's own command acts for the caller's unit, which no field of its body names.
 */
export function requireActiveUnit(state: CaseState, unitId: string, field?: string): DomainError | UnitOnCase {
  const details = field === undefined ? { unitId } : { field, unitId };
  const unit = unitOnCase(state, unitId);
  if (!unit) return new DomainError(E.UNIT_NOT_NOTIFIED, `Unit ${unitId} has not been notified of this case`, details);
  if (unit.status !== 'active') {
    const why = unit.status === 'disputed' ? 'disputed the dispatch' : 'was transferred away';
    return new DomainError(E.UNIT_NOT_NOTIFIED, `Unit ${unitId} no longer handles this case: it ${why}`, details);
  }
  return unit;
}

/** The unit has signed for the case (签收) before it reports or asks for more time. */
export function requireAcknowledged(unit: UnitOnCase): Check {
  return unit.acknowledged
    ? null
    : new DomainError(E.UNIT_NOT_ACKNOWLEDGED, `Unit ${unit.unitId} must sign for the case first`, { unitId: unit.unitId });
}

export function requireLead(state: CaseState, unitId: string): DomainError | UnitOnCase {
  const unit = requireActiveUnit(state, unitId);
  if (unit instanceof DomainError) return unit;
  return unit.role === 'lead'
    ? unit
    : new DomainError(E.NOT_LEAD_UNIT, `Only the lead unit may do this; ${unitId} is co-handling`, { unitId });
}

/**
 * 四不放过 closure gate: facts established, a handling result, rectification planned (or declared
 * unnecessary with a reason) — all three in the current round — and every measure of the case
 * verified; accountability decided (in any round); and, unless the complainant is anonymous, a
 * return visit in the current round that was not unsatisfied.
 */
export function closureGate(state: CaseState, accountabilityNotRequiredReason: string | null): Check {
  const report = state.leadReport;
  if (!report?.factsEstablished)
    return new DomainError(E.CLOSURE_GATE_FACTS_MISSING, 'The lead unit has not established the facts (问题查清)');
  if (!report.result) return new DomainError(E.CLOSURE_GATE_RESULT_MISSING, 'The lead unit has not reported a handling result');
  // Rectification is decided afresh in every round (its handling may find what the last one did
  // not); the measures of earlier rounds still have to be verified (condition 4).
  if (state.measuresPlannedThisRound === 0 && !state.noRectificationReason) {
    return new DomainError(
      E.CLOSURE_GATE_RECTIFICATION_MISSING,
      'No rectification measures planned in this round, and no reason recorded why none are needed',
    );
  }
  const unverified = state.measures.filter((m) => m.status !== 'verified').map((m) => m.measureId);
  if (unverified.length > 0) {
    return new DomainError(E.CLOSURE_GATE_MEASURES_UNVERIFIED, `Measures not yet verified: ${unverified.join(', ')}`, {
      measureIds: unverified,
    });
  }
  if (state.accountabilityIssued === 0 && !accountabilityNotRequiredReason) {
    // The closing's own field is what the intake staff can give: the reason none is required.
    return new DomainError(
      E.CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED,
      'No accountability was issued: record it first, or give the reason none is required',
      { field: 'accountabilityNotRequiredReason' },
    );
  }
  if (!state.anonymous && state.lastVisit === null) {
    return new DomainError(E.CLOSURE_RETURN_VISIT_MISSING, 'The complainant has not been visited (回访) since the last handling');
  }
  if (state.lastVisit === 'unsatisfied') {
    return new DomainError(E.CLOSURE_RETURN_VISIT_UNSATISFIED, 'The complainant is unsatisfied: reopen the case instead');
  }
  return null;
}

export { activeLead };
