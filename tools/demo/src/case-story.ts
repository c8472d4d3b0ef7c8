import { addDays, type LocalDate, type SupervisionLevel } from '@app/domain';
import type { CasePlan } from './case-plan';
import * as T from './case-texts';
import { fill } from './complaint-catalogue';
import { DemoRequestError, DISCIPLINE, INTAKE, unitCaller, type Caller, type CommandResponse, type DemoApi } from './demo-api-client';
import { beijingDate, beijingInstant, beijingIso, MINUTE, type OfficeCalendar } from './office-calendar';
import { fakeOfficial } from './people';
import type { Progress } from './progress';
import type { Random } from './random';
import type { StoryTime } from './simulated-time';
import { StaffTime, type TimedStep } from './staff-time';

export interface StoryContext {
  api: DemoApi;
  /** This story's own time. */
  time: StoryTime;
  office: OfficeCalendar;
  progress: Progress;
}

/** The parts of `GET /cases/{id}` the story reads: the due dates the API computed. */
interface CaseView {
  units: Array<{ unitId: string; signForDue: LocalDate; handlingDue: LocalDate }>;
}

/** The story stops: a due date fell in a year without calendar data (the case stays open). */
class WaitingForCalendar extends Error {}

/**
 * The life of one case, played through the API by the people of practice: intake files, accepts
 * and dispatches; the unit signs for, handles, rectifies; intake supervises, verifies, visits the
 * complainant, reopens and closes; the discipline office holds people accountable. Each step
 * waits for its moment in simulated time (office hours on working days; emergencies the same day)
 * and takes its dates from the due dates the API computed, so the plan's fate (late sign-for,
 * overdue, extension, …) comes about the way it would in practice: an overdue case gets its
 * DeadlinePassed from the scheduler at midnight, not from the story.
 */
export class CaseStory {
  private caseId = '';
  /** The measures planned so far, with the ids the case gives them (M1, M2, … in order of planning). */
  private readonly measures: Array<{ id: string } & MeasurePlan> = [];
  private readonly when: StaffTime;

  constructor(
    private readonly ctx: StoryContext,
    private readonly plan: CasePlan,
    private readonly rng: Random,
  ) {
    this.when = new StaffTime(ctx.time, ctx.office, rng);
    this.when.sameDay = plan.urgency === 'emergency';
  }

  /** The case id the API gave when the complaint was filed; empty before. */
  get id(): string {
    return this.caseId;
  }

  async run(): Promise<void> {
    try {
      await this.intake();
      if (this.plan.rejected) return;
      const handlingDue = await this.dispatchAndSignFor();
      await this.handle(handlingDue);
      await this.planRectification();
      await this.returnVisits();
      await this.rectify();
      if (this.plan.accountability) await this.holdAccountable();
      await this.close();
    } catch (error) {
      if (!(error instanceof WaitingForCalendar)) throw error;
      this.ctx.progress.waitingForCalendar++;
    }
  }

  /** 登记 soon after receipt, then 受理 or 不予受理 the same or the next working day. */
  private async intake(): Promise<void> {
    const p = this.plan;
    await this.when.at(p.receivedAt + this.rng.int(5, 30) * MINUTE);
    const complainant = p.complainant ? { anonymous: false, ...p.complainant } : { anonymous: true };
    const filed = await this.post(INTAKE, '', {
      channel: p.channel,
      category: p.category.code,
      urgency: p.urgency,
      title: p.title,
      description: p.description,
      complainedUnitId: p.complainedUnit.id,
      receivedAt: beijingIso(p.receivedAt),
      complainant,
    });
    this.caseId = filed.id;
    this.ctx.progress.filed++;

    await this.when.at(this.when.later(20, 150));
    if (p.rejected) {
      await this.post(INTAKE, 'reject', { reason: this.rng.pick(T.REJECTION_REASONS) });
      this.ctx.progress.rejected++;
      return;
    }
    await this.post(INTAKE, 'accept', { note: this.rng.chance(0.3) ? this.rng.pick(T.ACCEPTANCE_NOTES) : null });
  }

  /**
   * 交办 to the lead (or first to the wrong unit, which disputes, and intake re-routes), a co-handling
   * unit alongside; both sign for, the co-handling unit reports its part. Returns the lead's
   * handling due date.
   */
  private async dispatchAndSignFor(): Promise<LocalDate> {
    const p = this.plan;
    await this.when.at(this.when.later(10, 60));
    const first = p.wrongUnit ?? p.lead;
    let view = await this.withDueDates(() =>
      this.post(INTAKE, 'notify-unit', { unitId: first.id, role: 'lead', responsibleLeader: first.leader }),
    );
    if (p.wrongUnit) {
      await this.when.at(this.when.later(60, 300));
      await this.post(unitCaller(p.wrongUnit.id), 'dispute-dispatch', { reason: T.disputeReason(p.lead.name) });
      await this.when.at(this.when.later(30, 240));
      const body = {
        fromUnitId: p.wrongUnit.id,
        toUnitId: p.lead.id,
        reason: T.transferReason(p.lead.name),
        responsibleLeader: p.lead.leader,
      };
      view = await this.withDueDates(() => this.post(INTAKE, 'transfer', body));
    }
    const co = p.co;
    if (co) {
      await this.when.at(this.when.later(10, 30));
      view = await this.withDueDates(() => this.post(INTAKE, 'notify-unit', { unitId: co.id, role: 'co', responsibleLeader: co.leader }));
    }
    const lead = dueOf(view, p.lead.id);
    const steps: TimedStep[] = [
      { at: this.signForTime(lead.signForDue, p.lateSignFor), run: () => this.post(unitCaller(p.lead.id), 'acknowledge', {}) },
    ];
    if (co) {
      // The co-handling unit signs for in time and reports its part within days, before its own deadline.
      const due = dueOf(view, co.id);
      const signed = this.signForTime(due.signForDue, false);
      const reportDay = minDate(due.handlingDue, this.when.office.addWorkingDays(beijingDate(signed), this.rng.int(1, 3)));
      const reported = this.when.sameDay ? signed + this.rng.int(30, 90) * MINUTE : this.when.office.officeTime(this.rng, reportDay);
      const report = { factsFound: this.rng.pick(T.CO_HANDLING_FINDINGS), factsEstablished: true, result: T.CO_HANDLING_RESULT };
      steps.push({ at: signed, run: () => this.post(unitCaller(co.id), 'acknowledge', {}) });
      steps.push({ at: reported, run: () => this.post(unitCaller(co.id), 'report-handling', report) });
    }
    await this.when.perform(steps);
    return lead.handlingDue;
  }

  /** In time: the same or the next working day (the sign-for limit); late: a working day or two after it. */
  private signForTime(signForDue: LocalDate, late: boolean): number {
    if (this.when.sameDay) return this.when.now() + this.rng.int(10, 30) * MINUTE;
    if (late) return this.when.office.officeTime(this.rng, this.when.office.addWorkingDays(signForDue, this.rng.int(1, 2)));
    const t = this.when.later(20, 240);
    return beijingDate(t) <= signForDue ? t : this.when.onDay(signForDue);
  }

  /**
   * The lead unit's handling: perhaps an extension, an interim report, a yellow card; the complete
   * report in time, or after the deadline with red card, 催办, 督办 and 挂牌督办 as the days pass.
   */
  private async handle(due: LocalDate): Promise<void> {
    const p = this.plan;
    const office = this.when.office;
    const lead = unitCaller(p.lead.id);
    let handlingDue = due;
    if (p.extension) handlingDue = await this.extension(handlingDue);

    const today = this.when.today();
    const steps: TimedStep[] = [];
    let reportAt: number;
    if (this.when.sameDay) {
      reportAt = this.when.now() + this.rng.int(60, 180) * MINUTE;
    } else if (p.overdueWorkingDays > 0) {
      const day = office.addWorkingDays(handlingDue, p.overdueWorkingDays);
      reportAt = beijingInstant(day, 14 * 60 + this.rng.int(0, 200)); // after the morning's supervision
      const supervise = (after: number, level: SupervisionLevel, note: string, caller: Caller) =>
        steps.push({
          at: office.morningTime(this.rng, office.addWorkingDays(handlingDue, after)),
          run: () => this.post(caller, 'supervise', { unitId: p.lead.id, level, note }),
        });
      supervise(1, 'urge', T.SUPERVISION_NOTES.overdue, INTAKE);
      if (p.overdueWorkingDays >= 4) supervise(3, 'supervise', T.SUPERVISION_NOTES.supervise, INTAKE);
      if (p.overdueWorkingDays >= 7) supervise(6, 'listed', T.SUPERVISION_NOTES.listed, DISCIPLINE);
    } else if (p.extension && !p.extension.granted) {
      reportAt = this.when.onDay(handlingDue);
    } else {
      const window = office.workingDaysBetween(today, handlingDue);
      const day = window === 0 ? today : office.addWorkingDays(today, Math.max(1, Math.ceil(window * (0.35 + 0.65 * this.rng.next()))));
      reportAt = this.when.onDay(day);
    }
    const reportDay = beijingDate(reportAt);
    const yellowDay = office.subtractWorkingDays(handlingDue, 1);
    if ((p.overdueWorkingDays > 0 || p.yellowCard) && !this.when.sameDay && yellowDay > today && yellowDay < reportDay) {
      steps.push({
        at: office.morningTime(this.rng, yellowDay),
        run: () => this.post(INTAKE, 'supervise', { unitId: p.lead.id, level: 'urge', note: T.SUPERVISION_NOTES.yellowCard }),
      });
    }
    if (p.interimReport && office.workingDaysBetween(today, reportDay) >= 2) {
      const interimDay = office.subtractWorkingDays(reportDay, this.rng.int(1, 2));
      steps.push({
        at: office.officeTime(this.rng, interimDay),
        run: () => this.post(lead, 'report-handling', { factsFound: T.INTERIM_FINDINGS, factsEstablished: false, result: null }),
      });
    }
    const findings = p.founded ? p.category.findings.founded : p.category.findings.unfounded;
    const report = {
      factsFound: this.text(this.rng.pick(findings)),
      factsEstablished: true,
      result: this.text(this.rng.pick(p.category.results)),
    };
    steps.push({ at: reportAt, run: () => this.post(lead, 'report-handling', report) });
    await this.when.perform(steps);
    this.when.sameDay = false;
  }

  /** 延期: asked two or three working days before the deadline, decided by intake within the day. */
  private async extension(due: LocalDate): Promise<LocalDate> {
    const { extension, lead } = this.plan;
    const office = this.when.office;
    const today = this.when.today();
    const askOn = maxDate(today, office.subtractWorkingDays(due, this.rng.int(2, 3)));
    if (askOn >= due) return due; // signed for too late to ask in time: the unit just hurries
    await this.when.at(this.when.onDay(askOn));
    await this.post(unitCaller(lead.id), 'request-extension', {
      reason: this.rng.pick(T.EXTENSION_REASONS),
      workingDays: extension!.workingDays,
    });
    const decision = this.when.later(60, 420);
    await this.when.at(beijingDate(decision) <= due ? decision : this.when.onDay(due));
    const body = { unitId: lead.id, approve: extension!.granted, reason: extension!.granted ? T.EXTENSION_GRANTED : T.EXTENSION_DENIED };
    const view = await this.withDueDates(() => this.post(INTAKE, 'decide-extension', body));
    return extension!.granted ? dueOf(view, lead.id).handlingDue : due;
  }

  /** 整改: 1–3 measures with responsible unit, leader and due date, or the reason none are needed. */
  private async planRectification(): Promise<void> {
    const p = this.plan;
    await this.when.at(this.when.later(20, 240));
    if (p.measures.length === 0) {
      const reasons = p.category.noRectification;
      const reason = this.text(this.rng.pick(p.founded ? reasons.correctedOnTheSpot : reasons.unfounded));
      await this.post(unitCaller(p.lead.id), 'plan-rectification', { measures: [], noRectificationReason: reason });
      return;
    }
    await this.planMeasures(p.measures.map((description) => this.measure(description)));
  }

  /**
   * Plans measures. Their due dates are deadlines too (a measure not reported done by then gets its
   * red card, MeasureDeadlinePassed): the story's time learns them, as it learns the units'.
   */
  private async planMeasures(measures: MeasurePlan[]): Promise<void> {
    await this.post(unitCaller(this.plan.lead.id), 'plan-rectification', { measures });
    this.measures.push(...measures.map((m, i) => ({ id: `M${this.measures.length + i + 1}`, ...m })));
    this.ctx.time.dueOn(measures.map((m) => m.dueDate));
  }

  private measure(description: string): MeasurePlan {
    const p = this.plan;
    const unit = p.co && this.rng.chance(0.3) ? p.co : p.lead;
    return {
      description,
      responsibleUnitId: unit.id,
      responsibleLeader: unit.leader,
      dueDate: addDays(this.when.today(), this.rng.int(15, 45)),
    };
  }

  /** 回访 a few working days after the answer; an unsatisfied complainant gets the case handled again (重办). */
  private async returnVisits(): Promise<void> {
    const p = this.plan;
    if (!p.complainant) return; // an anonymous complainant cannot be visited
    await this.visit(p.unsatisfiedFirstVisit ? 'unsatisfied' : this.satisfied());
    if (!p.unsatisfiedFirstVisit) return;

    await this.when.at(this.when.later(60, 480));
    const due = dueOf(await this.withDueDates(() => this.post(INTAKE, 'reopen', { reason: T.REOPEN_REASON })), p.lead.id).handlingDue;
    const window = this.when.office.workingDaysBetween(this.when.today(), due);
    await this.when.at(this.when.inWorkingDays(Math.min(window, this.rng.int(2, 6))));
    await this.post(unitCaller(p.lead.id), 'report-handling', {
      factsFound: T.SECOND_ROUND.findings,
      factsEstablished: true,
      result: T.SECOND_ROUND.result,
    });
    // Rectification is decided afresh in every round: an extra measure, or the reason none is needed.
    if (this.measures.length > 0 && this.rng.chance(0.5)) {
      await this.when.at(this.when.later(30, 240));
      await this.planMeasures([this.measure(T.SECOND_ROUND.extraMeasure)]);
    } else {
      await this.post(unitCaller(p.lead.id), 'plan-rectification', {
        measures: [],
        noRectificationReason: T.SECOND_ROUND.noFurtherRectification,
      });
    }
    await this.visit(this.satisfied());
  }

  private satisfied(): 'satisfied' | 'basically_satisfied' {
    return this.rng.chance(0.78) ? 'satisfied' : 'basically_satisfied';
  }

  private async visit(satisfaction: keyof typeof T.VISIT_NOTES): Promise<void> {
    await this.when.at(this.when.inWorkingDays(this.rng.int(1, 3)));
    await this.post(INTAKE, 'record-return-visit', { satisfaction, note: this.rng.pick(T.VISIT_NOTES[satisfaction]) });
  }

  /** Each measure reported done by its unit before (about) its due date and verified (验收); one may be rejected once. */
  private async rectify(): Promise<void> {
    const office = this.when.office;
    for (const [i, m] of this.measures.entries()) {
      const reporter = unitCaller(m.responsibleUnitId);
      const verifier = () => (this.rng.chance(0.75) ? INTAKE : DISCIPLINE);
      // Some days of work, done by the due date where it is still ahead.
      const done = minDate(
        office.workingDayOnOrAfter(addDays(this.when.today(), this.rng.int(3, 20))),
        office.workingDayOnOrAfter(m.dueDate),
      );
      await this.when.at(this.when.onDay(done > this.when.today() ? done : office.nextWorkingDay(this.when.today())));
      await this.post(reporter, 'report-rectification', { measureId: m.id, report: T.rectificationReport(m.description) });
      if (i === 0 && this.plan.rejectVerificationOnce) {
        await this.when.at(this.when.inWorkingDays(this.rng.int(1, 4)));
        await this.post(verifier(), 'verify-rectification', { measureId: m.id, approve: false, note: T.VERIFICATION_REJECTED });
        await this.when.at(this.when.inWorkingDays(this.rng.int(3, 8)));
        await this.post(reporter, 'report-rectification', { measureId: m.id, report: T.rectificationReportAgain(m.description) });
      }
      await this.when.at(this.when.inWorkingDays(this.rng.int(1, 4)));
      await this.post(verifier(), 'verify-rectification', {
        measureId: m.id,
        approve: true,
        note: this.rng.chance(0.6) ? this.rng.pick(T.VERIFICATION_NOTES) : null,
      });
    }
  }

  /** 问责 by the discipline office: the official or unit at fault, forms by gravity, facts and rule. */
  private async holdAccountable(): Promise<void> {
    const p = this.plan;
    await this.when.at(this.when.inWorkingDays(this.rng.int(1, 5)));
    const [unit, fault] =
      p.overdueWorkingDays > 0
        ? [p.lead, T.ACCOUNTABILITY_FAULTS.overdue]
        : [
            p.complainedUnit,
            T.ACCOUNTABILITY_FAULTS[p.category.code as keyof typeof T.ACCOUNTABILITY_FAULTS] ?? T.ACCOUNTABILITY_FAULTS.other,
          ];
    const againstPerson = this.rng.chance(0.7);
    const sanction = againstPerson
      ? this.rng.weighted(T.PERSON_ACCOUNTABILITY.map((s, i) => [s, [40, 30, 15, 15][i]] as const))
      : this.rng.weighted(T.ORGANISATION_ACCOUNTABILITY.map((s, i) => [s, [60, 40][i]] as const));
    const target = againstPerson
      ? { kind: 'person', unitId: unit.id, ...fakeOfficial(this.rng, unit.kind) }
      : { kind: 'organisation', unitId: unit.id };
    const basis = { facts: T.accountabilityFacts(p.title, unit.name, fault), rule: sanction.rule };
    await this.post(DISCIPLINE, 'issue-accountability', { target, forms: sanction.forms, basis });
  }

  /** 办结 through the 四不放过 gate; without accountability, the reason none is required. */
  private async close(): Promise<void> {
    const p = this.plan;
    await this.when.at(this.when.inWorkingDays(this.rng.int(1, 3)));
    const reason = p.accountability
      ? null
      : p.category.code === 'enquiry'
        ? T.CLOSE_REASONS.enquiry
        : p.founded
          ? this.rng.pick(T.CLOSE_REASONS.rectified)
          : T.CLOSE_REASONS.unfounded;
    await this.post(INTAKE, 'close', { accountabilityNotRequiredReason: reason });
    this.ctx.progress.closed++;
  }

  // ---- API ----

  private async post(caller: Caller, command: string, body: unknown): Promise<CommandResponse> {
    const path = command === '' ? '/api/v1/cases' : `/api/v1/cases/${this.caseId}/${command}`;
    const response = await this.ctx.api.post(path, body, caller, { at: this.when.now(), correlation: this.plan.key });
    this.ctx.progress.caseEventAppended(response.position);
    return response;
  }

  private view(): Promise<CaseView> {
    return this.ctx.api.get<CaseView>(`/api/v1/cases/${this.caseId}`, INTAKE);
  }

  /**
   * A command that sets a due date, then the case as it stands, whose due dates the story's time
   * learns (a step after one waits for the scheduler's midnight). The command is refused while the
   * year a due date falls in has no calendar data (late December, before next year's 国务院 notice
   * is published): the case then waits, open.
   */
  private async withDueDates(send: () => Promise<CommandResponse>): Promise<CaseView> {
    try {
      await send();
    } catch (error) {
      if (error instanceof DemoRequestError && error.code === 'CALENDAR_YEAR_MISSING') throw new WaitingForCalendar();
      throw error;
    }
    const view = await this.view();
    this.ctx.time.dueOn(view.units.flatMap((u) => [u.signForDue, u.handlingDue]));
    return view;
  }

  private text(template: string): string {
    const p = this.plan;
    return fill(template, { unit: p.complainedUnit.name, item: p.item, who: p.who });
  }
}

/** A measure as the story plans it (the body of plan-rectification). */
interface MeasurePlan {
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  dueDate: LocalDate;
}

function dueOf(view: CaseView, unitId: string): { signForDue: LocalDate; handlingDue: LocalDate } {
  const unit = view.units.find((u) => u.unitId === unitId);
  if (!unit) throw new Error(`The case view does not show unit ${unitId}`);
  return unit;
}

const minDate = (a: LocalDate, b: LocalDate) => (a < b ? a : b);
const maxDate = (a: LocalDate, b: LocalDate) => (a > b ? a : b);
