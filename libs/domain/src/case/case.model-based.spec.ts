import fc from 'fast-check';
import { addDays, beijingDateOf } from '../calendar/local-date';
import { replay } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { CaseCommand } from './case.commands';
import { caseDecider } from './case.decider';
import { CaseErrors } from './case.errors';
import type { CaseEvent } from './case.events';
import type { CaseStatus, CaseState } from './case.state';
import {
  DEADLINE_KINDS,
  ERASURE_REASONS,
  ORGANISATION_ACCOUNTABILITY_FORMS,
  PERSON_ACCOUNTABILITY_FORMS,
  SATISFACTIONS,
  SUPERVISION_LEVELS,
} from './case.model';
import {
  acceptedCase,
  accountableCase,
  acknowledgedCase,
  coHandledCase,
  complaintFiled,
  FILED_AT,
  filedCase,
  handledCase,
  HOUSING,
  LEADERS,
  MARKET,
  plannedCase,
  readyToClose,
  rectifiedCase,
  rules,
  STRANGER,
  WINDOW,
} from './case.fixtures';

/**
 * Model-based test of the case decider (issue 10 item 8): random sequences of commands — intake,
 * dispatch, the units' handling, rectification, return visits, reopening, accountability, closing,
 * the scheduler's deadline marks and the passing of time — run against `caseDecider` as the API runs
 * it (decide on the state, append the events, fold them in). After every command the invariants a
 * user relies on must hold:
 * - a rejected command (DomainError) changed nothing and appended nothing;
 * - the events an accepted command appended follow on from the version it was decided at;
 * - replaying the whole history gives the state folded as we went;
 * - a closed case has, in its history, every fact the 四不放过 closure gate asks for;
 * - the case's status is the one a simple model of the lifecycle predicts, and so is the outcome of
 *   filing, accepting, rejecting, anything on a case that is over, and a unit's command on a case
 *   it was never notified of (no such case, to that unit);
 * - a deadline marked passed is marked once: the same mark again records nothing.
 * fast-check prints the seed and the shrunk command sequence of a failure; rerun it with
 * `fc.assert(…, { seed, path })`. 200 runs by default (3–5 s); MBT_RUNS=3000 for a longer hunt.
 */

/** The stream as the event store would hold it: each event with its version (1, 2, …). */
interface Real {
  now: number;
  events: Array<{ version: number; event: CaseEvent }>;
  state: CaseState;
  /** How far the runs get: closed cases, accepted and refused commands (for the coverage check). */
  stats: Stats;
}
interface Stats {
  closed: number;
  reopened: number;
  accepted: number;
  refused: number;
}

/** What the lifecycle predicts from the commands alone, without the decider's rules. */
interface Model {
  status: CaseStatus;
  anonymous: boolean;
  /** Units ever notified of the case (交办 or 改派 to them): to every other unit it does not exist. */
  notified: Set<string>;
}

/** The commands a unit sends as itself. */
const UNIT_COMMANDS: ReadonlySet<string> = new Set([
  'AcknowledgeCase',
  'DisputeDispatch',
  'RequestExtension',
  'ReportHandling',
  'PlanRectification',
  'ReportRectification',
]);

/** The clock stays in 2026, the calendar year every due date needs (a 2027 due date would be refused). */
const CLOCK_LIMIT = Date.parse('2026-12-01T00:00:00+08:00');
const at = (real: Real) => new Date(real.now).toISOString();
/** Measures fall due a month from now, never in the past. */
const monthAhead = (real: Real) => addDays(beijingDateOf(at(real)), 30);

// The lead (MARKET) is named most often, so that sequences get far enough to close a case.
const unit = fc.constantFrom(MARKET, MARKET, MARKET, HOUSING, WINDOW, STRANGER);
const measureId = fc.constantFrom('M1', 'M1', 'M2', 'M3');

/** One step: a command to the case built from the state as the caller sees it, or time passing. */
type Step = fc.Command<Model, Real>;

class Send implements Step {
  constructor(
    private readonly label: string,
    private readonly build: (real: Real) => CaseCommand,
  ) {}

  check(): boolean {
    return true; // every command is sent whatever the state: refusing it is part of what is tested
  }

  run(model: Model, real: Real): void {
    const command = this.build(real);
    const before = real.state;
    const version = real.events.length;
    const decision = caseDecider.decide(command, before);

    if (decision instanceof DomainError) {
      real.stats.refused++;
      expect(real.state).toBe(before);
      expect(real.events).toHaveLength(version);
      expect(caseDecider.decide(command, before)).toBeInstanceOf(DomainError); // decide is pure
      expectPredicted(model, command, decision);
      return;
    }

    real.stats.accepted++;
    decision.forEach((event, i) => real.events.push({ version: version + i + 1, event }));
    real.state = decision.reduce(caseDecider.evolve, before);
    expect(real.events.map((e) => e.version)).toEqual(real.events.map((_, i) => i + 1));
    expect(
      replay(
        caseDecider,
        real.events.map((e) => e.event),
      ),
    ).toEqual(real.state);
    expectPredicted(model, command, decision);
    advanceModel(model, command, decision);
    expect(real.state.status).toBe(model.status);

    // The scheduler may fire a deadline again (a retry, a second instance): it is recorded once.
    if (command.type === 'MarkDeadlinePassed') expect(caseDecider.decide(command, real.state)).toEqual([]);
    if (decision.some((e) => e.type === 'CaseReopened')) real.stats.reopened++;
    if (real.state.status === 'closed') {
      if (before.status !== 'closed') real.stats.closed++;
      expectClosureFactsIn(real.events.map((e) => e.event));
    }
  }

  toString(): string {
    return this.label;
  }
}

/** Time passes between commands (so deadlines can pass and measures fall due). */
class Wait implements Step {
  constructor(private readonly hours: number) {}
  check(): boolean {
    return true;
  }
  run(_model: Model, real: Real): void {
    if (real.now < CLOCK_LIMIT) real.now += this.hours * 3_600_000;
  }
  toString(): string {
    return `Wait(${this.hours}h)`;
  }
}

/** The few outcomes the lifecycle alone decides, whatever the details of the rules. */
function expectPredicted(model: Model, command: CaseCommand, decision: readonly CaseEvent[] | DomainError): void {
  const outcome = decision instanceof DomainError ? 'refused' : 'accepted';
  if ('unitId' in command && UNIT_COMMANDS.has(command.type) && !model.notified.has(command.unitId)) {
    expect(decision).toMatchObject({ code: CaseErrors.CASE_NOT_FOUND });
  }
  const finished = model.status === 'closed' || model.status === 'rejected';
  if (command.type === 'FileComplaint' && model.status === 'none') expect(outcome).toBe('accepted');
  if (command.type === 'FileComplaint' && model.status !== 'none') expect(outcome).toBe('refused');
  if (command.type === 'AcceptComplaint' || command.type === 'RejectComplaint') {
    expect(outcome).toBe(model.status === 'filed' ? 'accepted' : 'refused');
  }
  if (command.type === 'EraseComplainantIdentity' && model.anonymous) expect(outcome).toBe('refused');
  // Nothing but the scheduler's no-op and crypto-shredding is accepted on a case that is over.
  if (finished && command.type !== 'MarkDeadlinePassed' && command.type !== 'EraseComplainantIdentity') {
    expect(outcome).toBe('refused');
  }
  if (model.status === 'none' && command.type !== 'FileComplaint') expect(outcome).toBe('refused');
}

function advanceModel(model: Model, command: CaseCommand, events: readonly CaseEvent[]): void {
  switch (command.type) {
    case 'FileComplaint':
      model.status = 'filed';
      model.anonymous = command.complainant.anonymous;
      break;
    case 'AcceptComplaint':
      model.status = 'accepted';
      break;
    case 'RejectComplaint':
      model.status = 'rejected';
      break;
    case 'NotifyUnit':
      model.status = 'in_progress';
      model.notified.add(command.unitId);
      break;
    case 'TransferCase':
      model.notified.add(command.toUnitId);
      break;
    case 'CloseCase':
      model.status = 'closed';
      break;
    default:
      break;
  }
  expect(events.length).toBeLessThanOrEqual(1); // every case command records at most one event
}

/**
 * The 四不放过 gate, checked from the history itself rather than from the state the decider keeps:
 * since the last reopening, the lead's last report established the facts and gave a result; every
 * planned measure's last word is "verified", and something was planned or declared unnecessary;
 * accountability was issued or waived with a reason; a named complainant was visited since the last
 * reopening and was not left unsatisfied.
 */
function expectClosureFactsIn(history: readonly CaseEvent[]): void {
  const closing = lastOf(history, (e) => e.type === 'CaseClosed');
  const filed = history.find((e) => e.type === 'ComplaintFiled');
  const round = history.slice(lastIndexOf(history, (e) => e.type === 'CaseReopened') + 1);
  const roles = new Map<string, string>();
  for (const e of history) {
    if (e.type === 'UnitNotified') roles.set(e.data.unitId, e.data.role);
    if (e.type === 'CaseTransferred') roles.set(e.data.toUnitId, e.data.role);
  }
  const leadReport = lastOf(round, (e) => e.type === 'HandlingReported' && roles.get(e.data.unitId) === 'lead');
  expect(leadReport).toMatchObject({ data: { factsEstablished: true, result: expect.any(String) } });

  const lastWord = new Map<string, string>();
  let nothingToRectify = false;
  for (const e of history) {
    if (e.type === 'RectificationPlanned') {
      e.data.measures.forEach((m) => lastWord.set(m.measureId, 'planned'));
      nothingToRectify ||= !!e.data.noRectificationReason;
    }
    if (e.type === 'RectificationReported') lastWord.set(e.data.measureId, 'reported');
    if (e.type === 'RectificationVerified') lastWord.set(e.data.measureId, 'verified');
    if (e.type === 'RectificationRejected') lastWord.set(e.data.measureId, 'rejected');
  }
  expect(lastWord.size > 0 || nothingToRectify).toBe(true);
  expect([...lastWord.values()].every((word) => word === 'verified')).toBe(true);

  const waived = closing?.type === 'CaseClosed' && !!closing.data.accountabilityNotRequiredReason;
  expect(waived || history.some((e) => e.type === 'AccountabilityIssued')).toBe(true);

  if (filed?.type === 'ComplaintFiled' && !filed.data.complainant.anonymous) {
    const visit = lastOf(round, (e) => e.type === 'ReturnVisitRecorded');
    expect(visit).toBeDefined();
    expect(visit?.type === 'ReturnVisitRecorded' && visit.data.satisfaction).not.toBe('unsatisfied');
  }
}

// (Array#findLast needs a newer `lib` than the project compiles against.)
function lastIndexOf(events: readonly CaseEvent[], test: (e: CaseEvent) => boolean): number {
  for (let i = events.length - 1; i >= 0; i--) if (test(events[i])) return i;
  return -1;
}
const lastOf = (events: readonly CaseEvent[], test: (e: CaseEvent) => boolean): CaseEvent | undefined => events[lastIndexOf(events, test)];

const send = (label: string, build: (real: Real) => CaseCommand) => new Send(label, build);

const steps: Array<fc.Arbitrary<Step>> = [
  fc.nat({ max: 72 }).map((hours) => new Wait(hours + 1)),
  fc.boolean().map((anonymous) =>
    send(`FileComplaint(anonymous: ${anonymous})`, (real) => {
      const { data } = complaintFiled({ complainant: { ref: anonymous ? null : 'complainant-3f9c2a', anonymous } });
      return { type: 'FileComplaint', at: at(real), ...data, receivedAt: at(real), rules };
    }),
  ),
  fc.constant(send('AcceptComplaint', (real) => ({ type: 'AcceptComplaint', at: at(real), note: null }))),
  fc.constant(send('RejectComplaint', (real) => ({ type: 'RejectComplaint', at: at(real), reason: '不属受理范围' }))),
  fc.tuple(unit, fc.constantFrom('lead', 'lead', 'co') as fc.Arbitrary<'lead' | 'co'>).map(([unitId, role]) =>
    send(`NotifyUnit(${unitId}, ${role})`, (real) => ({
      type: 'NotifyUnit',
      at: at(real),
      unitId,
      role,
      responsibleLeader: LEADERS[unitId] ?? '未指定',
      rules,
    })),
  ),
  unit.map((unitId) => send(`AcknowledgeCase(${unitId})`, (real) => ({ type: 'AcknowledgeCase', at: at(real), unitId }))),
  unit.map((unitId) =>
    send(`DisputeDispatch(${unitId})`, (real) => ({ type: 'DisputeDispatch', at: at(real), unitId, reason: '不属本单位职责' })),
  ),
  fc.tuple(unit, unit).map(([fromUnitId, toUnitId]) =>
    send(`TransferCase(${fromUnitId} → ${toUnitId})`, (real) => ({
      type: 'TransferCase',
      at: at(real),
      fromUnitId,
      toUnitId,
      reason: '经核实属其他部门职责',
      responsibleLeader: LEADERS[toUnitId] ?? '未指定',
      rules,
    })),
  ),
  fc.tuple(unit, fc.integer({ min: 0, max: 12 })).map(([unitId, workingDays]) =>
    send(`RequestExtension(${unitId}, ${workingDays})`, (real) => ({
      type: 'RequestExtension',
      at: at(real),
      unitId,
      reason: '需现场核查',
      workingDays,
    })),
  ),
  fc.tuple(unit, fc.boolean()).map(([unitId, approve]) =>
    send(`DecideExtension(${unitId}, ${approve})`, (real) => ({
      type: 'DecideExtension',
      at: at(real),
      unitId,
      approve,
      reason: '同意',
      rules,
    })),
  ),
  fc.tuple(unit, fc.constantFrom(...SUPERVISION_LEVELS)).map(([unitId, level]) =>
    send(`IssueSupervision(${unitId}, ${level})`, (real) => ({
      type: 'IssueSupervision',
      at: at(real),
      unitId,
      level,
      note: '请加快办理',
      // A 约谈 is recorded once held, on the day it is recorded.
      ...(level === 'interview' ? { interview: { heldOn: beijingDateOf(at(real)), attendees: ['局长 张某'] } } : {}),
    })),
  ),
  // The scheduler marks the due date the case records for the unit (or, for a unit it never had, some date).
  fc.tuple(unit, fc.constantFrom(...DEADLINE_KINDS)).map(([unitId, deadline]) =>
    send(`MarkDeadlinePassed(${unitId}, ${deadline})`, (real) => {
      const onCase = Object.hasOwn(real.state.units, unitId) ? real.state.units[unitId] : null;
      const dueDate = onCase ? (deadline === 'sign_for' ? onCase.signForDue : onCase.handlingDue) : '2026-09-28';
      return { type: 'MarkDeadlinePassed', at: at(real), deadline, unitId, dueDate };
    }),
  ),
  fc.tuple(unit, fc.boolean(), fc.boolean()).map(([unitId, factsEstablished, withResult]) =>
    send(`ReportHandling(${unitId}, facts: ${factsEstablished}, result: ${withResult})`, (real) => ({
      type: 'ReportHandling',
      at: at(real),
      unitId,
      factsFound: '经核查属实',
      factsEstablished,
      result: withResult ? '已为企业办结并致歉' : null,
    })),
  ),
  fc.tuple(unit, fc.integer({ min: 0, max: 2 }), fc.boolean(), unit).map(([unitId, count, noneNeeded, responsibleUnitId]) =>
    send(`PlanRectification(${unitId}, ${count} measures, none needed: ${noneNeeded}, by ${responsibleUnitId})`, (real) => ({
      type: 'PlanRectification',
      at: at(real),
      unitId,
      measures: Array.from({ length: count }, (_, i) => ({
        description: `整改措施 ${i + 1}`,
        responsibleUnitId,
        responsibleLeader: LEADERS[responsibleUnitId] ?? '未指定',
        dueDate: monthAhead(real),
      })),
      noRectificationReason: noneNeeded ? '系误解政策，无需整改' : null,
    })),
  ),
  fc.tuple(unit, measureId).map(([unitId, id]) =>
    send(`ReportRectification(${unitId}, ${id})`, (real) => ({
      type: 'ReportRectification',
      at: at(real),
      unitId,
      measureId: id,
      report: '已完成',
    })),
  ),
  fc.tuple(measureId, fc.boolean(), fc.boolean()).map(([id, approve, withNote]) =>
    send(`VerifyRectification(${id}, approve: ${approve}, note: ${withNote})`, (real) => ({
      type: 'VerifyRectification',
      at: at(real),
      measureId: id,
      approve,
      note: withNote ? '现场核实' : null,
    })),
  ),
  fc
    .constantFrom(...SATISFACTIONS, 'satisfied' as const)
    .map((satisfaction) =>
      send(`RecordReturnVisit(${satisfaction})`, (real) => ({ type: 'RecordReturnVisit', at: at(real), satisfaction, note: null })),
    ),
  fc.constant(send('ReopenCase', (real) => ({ type: 'ReopenCase', at: at(real), reason: '回访不满意，重新办理', rules }))),
  fc.tuple(unit, fc.boolean(), fc.boolean()).map(([unitId, person, wrongForm]) =>
    send(`IssueAccountability(${unitId}, ${person ? 'person' : 'organisation'}, wrong form: ${wrongForm})`, (real) => ({
      type: 'IssueAccountability',
      at: at(real),
      accountabilityId: `WZ-${real.events.length}`,
      target: person ? { kind: 'person', unitId, name: '王某', position: '窗口负责人' } : { kind: 'organisation', unitId },
      forms: [person === wrongForm ? ORGANISATION_ACCOUNTABILITY_FORMS[0] : PERSON_ACCOUNTABILITY_FORMS[1]],
      basis: { facts: '未履行一次性告知义务', rule: '政务服务一次性告知制度' },
    })),
  ),
  fc.boolean().map((waived) =>
    send(`CloseCase(waived: ${waived})`, (real) => ({
      type: 'CloseCase',
      at: at(real),
      accountabilityNotRequiredReason: waived ? '情节轻微，已当场纠正' : null,
    })),
  ),
  fc
    .constantFrom(...ERASURE_REASONS)
    .map((reason) => send(`EraseComplainantIdentity(${reason})`, (real) => ({ type: 'EraseComplainantIdentity', at: at(real), reason }))),
];

/**
 * Where a sequence starts: nothing yet, or a point along the standard story of the fixtures (the
 * complainant named or, as drawn, anonymous), so that many sequences get as far as closing and
 * reopening. The clock then starts on the eve of the handling deadline.
 */
const STARTS: ReadonlyArray<readonly CaseEvent[]> = [
  [],
  filedCase,
  acceptedCase,
  acknowledgedCase,
  coHandledCase,
  handledCase,
  plannedCase,
  rectifiedCase,
  accountableCase,
  readyToClose,
];
const STORY_NOW = '2026-10-14T09:00:00+08:00';

/**
 * Steps of the usual story weigh more, so that a good share of the sequences reach the closing (and
 * reopening) rather than dying at intake. In the order of `steps`: wait, file, accept, reject, notify,
 * acknowledge, dispute, transfer, request extension, decide extension, supervise, mark deadline,
 * report handling, plan, report rectification, verify, visit, reopen, accountability, close, erase.
 */
const WEIGHTS = [2, 1, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1, 4, 3, 4, 4, 3, 1, 2, 3, 1];
const weighted: Array<fc.Arbitrary<Step>> = steps.flatMap((step, i) => Array.from({ length: WEIGHTS[i] ?? 1 }, () => step));

describe('the case decider under random command sequences (model-based)', () => {
  it('keeps its invariants: refusals change nothing, versions follow on, replay equals the fold, closing passed the gate', () => {
    const stats: Stats = { closed: 0, reopened: 0, accepted: 0, refused: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...STARTS),
        fc.boolean(),
        fc.commands(weighted, { maxCommands: 60, size: 'max' }),
        (start, anonymous, commands) => {
          const history =
            anonymous && start.length > 0 ? [complaintFiled({ complainant: { ref: null, anonymous } }), ...start.slice(1)] : start;
          const real: Real = {
            now: Date.parse(start.length > 0 ? STORY_NOW : FILED_AT),
            events: history.map((event, i) => ({ version: i + 1, event })),
            state: replay(caseDecider, history),
            stats,
          };
          const model: Model = {
            status: real.state.status,
            anonymous: real.state.anonymous,
            notified: new Set(Object.keys(real.state.units)),
          };
          fc.modelRun(() => ({ model, real }), commands);
        },
      ),
      { numRuns: Number(process.env.MBT_RUNS ?? 200) },
    );
    // The runs must reach the end of the story often enough for the closing invariant to mean something.
    expect(stats.closed).toBeGreaterThan(0);
    expect(stats.accepted).toBeGreaterThan(0);
    expect(stats.refused).toBeGreaterThan(0);
  });
});
