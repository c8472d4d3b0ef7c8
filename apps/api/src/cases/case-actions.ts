import { caseDecider, DomainError, type CaseCommand, type CaseState, type DeadlineRules } from '@app/domain';
import type { RequestContext, Role } from '../common/request-context';

/**
 * The commands on a case (`POST /api/v1/cases/{id}/<action>`) and the roles each route lets in.
 * The routes take their roles from here (the controllers' `CaseCommandRoute(path, ...CASE_ACTION_ROLES.x)`),
 * so what `allowedActions` promises and what the guard lets through cannot drift apart.
 */
export const CASE_ACTION_ROLES = {
  accept: ['intake'],
  reject: ['intake'],
  'notify-unit': ['intake'],
  transfer: ['intake'],
  'decide-extension': ['intake'],
  'record-return-visit': ['intake'],
  reopen: ['intake'],
  close: ['intake'],
  supervise: ['intake', 'discipline'],
  'verify-rectification': ['intake', 'discipline'],
  'issue-accountability': ['discipline'],
  'review-reopen': ['discipline'],
  acknowledge: ['unit'],
  'dispute-dispatch': ['unit'],
  'request-extension': ['unit'],
  'report-handling': ['unit'],
  'plan-rectification': ['unit'],
  'report-rectification': ['unit'],
} as const satisfies Record<string, readonly Role[]>;

export type CaseAction = keyof typeof CASE_ACTION_ROLES;
export const CASE_ACTIONS = Object.keys(CASE_ACTION_ROLES) as CaseAction[];
/** The actions on one measure of the case; `allowedActions` of each measure lists these. */
export const MEASURE_ACTIONS = ['report-rectification', 'verify-rectification'] as const satisfies readonly CaseAction[];
export type MeasureAction = (typeof MEASURE_ACTIONS)[number];

/** Who asks: the role, and the unit a unit user acts for (every unit command is for the caller's own unit). */
type CaseMeasure = CaseState['measures'][number];

export type Actor = Pick<RequestContext, 'role' | 'unitId'>;

/**
 * What the caller may do on the case now, asked of the case's own decider rather than restated: for
 * each action the caller's role may call, the command is decided against the current state with a
 * stand-in body, and the action is open when some stand-in is accepted or fails only on its body (an
 * error naming a `field`: the form the user fills decides that). A rule the state breaks (not signed
 * for yet, closure gate not met, already closed) closes it, and so does a refusal of the very field
 * the stand-ins vary (VARIED_FIELD: each unit on the case, each role, each measure is tried already,
 * so "not this unit" is not the form's to mend). The decider stays the one place the rules are
 * written; this only lists which of its doors the state leaves open.
 */
export function allowedCaseActions(state: CaseState, actor: Actor, at: string): CaseAction[] {
  return CASE_ACTIONS.filter((action) => mayCall(action, actor) && opens(action, standIns(action, state, actor, at, null), state));
}

/** The actions open on one measure of the case, by the same test. */
export function allowedMeasureActions(state: CaseState, measure: CaseMeasure, actor: Actor, at: string): MeasureAction[] {
  return MEASURE_ACTIONS.filter((action) => mayCall(action, actor) && opens(action, standIns(action, state, actor, at, measure), state));
}

function mayCall(action: CaseAction, actor: Actor): boolean {
  return (CASE_ACTION_ROLES[action] as readonly Role[]).includes(actor.role) && (actor.role !== 'unit' || actor.unitId !== null);
}

function opens(action: CaseAction, commands: CaseCommand[], state: CaseState): boolean {
  return commands.some((command) => {
    const decision = caseDecider.decide(command, state);
    if (!(decision instanceof DomainError)) return true;
    const field = decision.details.field;
    return field !== undefined && field !== VARIED_FIELD[action];
  });
}

/**
 * The body field an action's stand-ins vary, one stand-in per value (standIns): a refusal naming it
 * refuses that value, one of those tried, not the rest of the body.
 */
const VARIED_FIELD: Partial<Record<CaseAction, string>> = {
  'notify-unit': 'role',
  transfer: 'fromUnitId',
  'decide-extension': 'unitId',
  supervise: 'unitId',
  'issue-accountability': 'target.unitId',
  'report-rectification': 'measureId',
  'verify-rectification': 'measureId',
};

/** Far ahead, but a date the rules take (a measure's due date ends in 2100, the calendar's last year). */
const FAR = '2100-12-31';

/**
 * Due dates are not what is asked here: a stand-in's rules answer a date far ahead, so no command
 * is refused for its dates and no date leaks into the answer.
 */
const STAND_IN_RULES = {
  dueDates: () => ({ signForDue: FAR, handlingDue: FAR, calendarVersion: '-', timeLimitsVersion: '-' }),
  extend: () => ({ newDue: FAR, calendarVersion: '-' }),
} as unknown as DeadlineRules;

/** A unit id no case names: dispatching or transferring to "some other unit". */
const ANOTHER_UNIT = '\u0000another-unit';

/**
 * The commands that stand for an action: one per unit or measure it could be about, with a body
 * that breaks no rule of the state on its own account (reasons given, nothing empty that must not be).
 */
function standIns(action: CaseAction, state: CaseState, actor: Actor, at: string, measure: CaseMeasure | null): CaseCommand[] {
  const own = actor.unitId ?? '';
  const unitIds = Object.keys(state.units);
  const rules = STAND_IN_RULES;
  const reason = '-';
  switch (action) {
    case 'accept':
      return [{ type: 'AcceptComplaint', at, note: null }];
    case 'reject':
      return [{ type: 'RejectComplaint', at, reason }];
    case 'notify-unit':
      return (['lead', 'co'] as const).map((role) => ({
        type: 'NotifyUnit',
        at,
        unitId: ANOTHER_UNIT,
        role,
        responsibleLeader: reason,
        rules,
      }));
    case 'transfer':
      return unitIds.map((fromUnitId) => ({
        type: 'TransferCase',
        at,
        fromUnitId,
        toUnitId: ANOTHER_UNIT,
        reason,
        responsibleLeader: reason,
        rules,
      }));
    case 'decide-extension':
      return unitIds.map((unitId) => ({ type: 'DecideExtension', at, unitId, approve: false, reason, rules }));
    case 'record-return-visit':
      return [{ type: 'RecordReturnVisit', at, satisfaction: 'satisfied', note: null }];
    case 'reopen':
      return [{ type: 'ReopenCase', at, reason, rules }];
    case 'close':
      return [{ type: 'CloseCase', at, accountabilityNotRequiredReason: reason }];
    case 'supervise':
      return unitIds.map((unitId) => ({ type: 'IssueSupervision', at, unitId, level: 'urge', note: reason }));
    case 'issue-accountability':
      return unitIds.map((unitId) => ({
        type: 'IssueAccountability',
        at,
        accountabilityId: reason,
        target: { kind: 'organisation', unitId },
        forms: [],
        basis: { facts: reason, rule: reason },
      }));
    case 'review-reopen':
      // Whether the lead has been retired since is the registry's: answered on the attempt (UNIT_RETIRED).
      return [{ type: 'ReopenClosedCase', at, reason, rules, retiredUnitIds: [] }];
    case 'acknowledge':
      return [{ type: 'AcknowledgeCase', at, unitId: own }];
    case 'dispute-dispatch':
      return [{ type: 'DisputeDispatch', at, unitId: own, reason }];
    case 'request-extension':
      return [{ type: 'RequestExtension', at, unitId: own, reason, workingDays: 1 }];
    case 'report-handling':
      return [{ type: 'ReportHandling', at, unitId: own, factsFound: reason, factsEstablished: true, result: reason }];
    case 'plan-rectification':
      return [
        {
          type: 'PlanRectification',
          at,
          unitId: own,
          measures: [{ description: reason, responsibleUnitId: own, responsibleLeader: reason, dueDate: FAR }],
          noRectificationReason: null,
        },
      ];
    case 'report-rectification':
      return measuresFor(state, measure).map((m) => ({
        type: 'ReportRectification',
        at,
        unitId: own,
        measureId: m.measureId,
        report: reason,
      }));
    case 'verify-rectification':
      return measuresFor(state, measure).map((m) => ({
        type: 'VerifyRectification',
        at,
        measureId: m.measureId,
        approve: true,
        note: null,
      }));
  }
}

function measuresFor(state: CaseState, measure: CaseMeasure | null): readonly CaseMeasure[] {
  return measure ? [measure] : state.measures;
}
