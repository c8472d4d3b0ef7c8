import type { LocalDate, SizeClass } from '@app/domain';
import { DISCIPLINE, INTAKE, unitCaller, type Caller, type CommandResponse, type DemoApi, type DemoApiClient } from './demo-api-client';
import type { OfficeCalendar } from './office-calendar';
import { fakeComplainant } from './people';
import type { Progress } from './progress';
import type { Random } from './random';
import type { StoryTime } from './simulated-time';
import { StaffTime, type TimedStep } from './staff-time';
import type { DemoUnit, UnitCatalogue } from './unit-catalogue';

/** The parts of the ledger configuration in force (GET /api/v1/admin/ledger) the campaign draws from. */
export interface LedgerInForce {
  campaignKinds: Array<{ code: string }>;
  findingCategories: Array<{ code: string; label: string }>;
  measureCategories: Array<{ code: string; label: string }>;
  recheckAfterWorkingDays: number;
}

export function ledgerInForce(http: DemoApiClient): Promise<LedgerInForce> {
  return http.get<LedgerInForce>('/api/v1/admin/ledger', INTAKE);
}

/** What the campaign recorded, for the summary. */
export interface CampaignTally {
  opened: boolean;
  closed: boolean;
  units: number;
  findings: number;
  measures: number;
  verified: number;
  rejected: number;
  rechecked: number;
}

export interface CampaignContext {
  api: DemoApi;
  /** The campaign's own time. */
  time: StoryTime;
  office: OfficeCalendar;
  progress: Progress;
}

/**
 * Working days the campaign needs: a month of consultation, a few weeks of measures, then the
 * 回头看 interval after the last verification, with room to spare. A shorter span has no campaign.
 */
const WORKING_DAYS_BEFORE_RECHECK = 90;
const SIZE_CLASSES: readonly SizeClass[] = ['immediate', 'supervised', 'studied', 'escalated'];

const PROBLEMS: Readonly<Record<string, string>> = {
  cumbersome_approval: '企业反映{unit}办理事项需跑多个科室、重复提交材料，审批环节多、时限长',
  complaint_runaround: '企业反映向{unit}投诉后长时间无回音，问题在部门之间来回推诿',
  policy_not_honoured: '企业反映{unit}承诺的扶持政策兑现慢，前后口径不一致',
  poor_service_attitude: '服务对象反映{unit}个别窗口工作人员态度生硬、一次性告知不到位',
  irregular_enforcement: '企业反映{unit}执法检查多头重复、自由裁量标准不统一',
  market_disorder: '企业反映{unit}辖区中介服务收费不规范、市场秩序有待整顿',
  high_business_cost: '企业反映{unit}涉企收费项目多、办事成本偏高',
};
const MEASURES: Readonly<Record<string, string>> = {
  approval_streamlining: '梳理审批事项清单，合并办理环节，推行“一次告知、一表申请”',
  time_limited_service: '实行限时办结和服务承诺制，逾期事项由分管领导督办',
  policy_delivery: '建立惠企政策兑现台账，逐项明确兑现时限和责任人',
  conduct_and_attitude: '开展窗口作风专项整顿，落实首问负责和一次性告知',
  enforcement_regulation: '统一行政处罚自由裁量基准，推行联合检查、“双随机”抽查',
  market_order: '清理规范中介服务收费，公开收费项目和标准',
  cost_reduction: '清理涉企收费项目，取消不合规收费',
  doorstep_service: '建立领导干部联系企业制度，每月上门走访服务',
};

/**
 * The year's 民主评议 (seed 000), played through the ledger's API by the campaign office (intake),
 * the appraised units and the discipline office: the campaign is opened in January on a handful of
 * departments and towns with its five stages; questionnaires, a 动员会 and a 座谈会 with the enterprise
 * representatives' suggestions, and the participants are recorded; findings are raised against
 * appraised units; the units plan measures (size class, category, a due date on the calendar); most
 * are reported done in time and verified (验收), one is rejected once and redone, one is left past
 * its due date for the scheduler's red card and reported late; every verified measure gets its
 * 回头看 (confirmed) before its re-check date; the campaign closes in the last days of the span.
 * Every step's instant comes from the campaign's own random stream and the calendar, so a seed gives
 * the same events in process as over HTTP.
 */
export class CampaignStory {
  readonly tally: CampaignTally = {
    opened: false,
    closed: false,
    units: 0,
    findings: 0,
    measures: 0,
    verified: 0,
    rejected: 0,
    rechecked: 0,
  };
  private campaignId = '';
  private readonly when: StaffTime;
  /** Each stream's version after the campaign's last command on it: the campaign's and its findings' events. */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly ctx: CampaignContext,
    private readonly units: UnitCatalogue,
    private readonly ledger: LedgerInForce,
    private readonly year: number,
    /** Working days of the span before its last day (appraisalDays). */
    private readonly days: readonly LocalDate[],
    private readonly rng: Random,
  ) {
    this.when = new StaffTime(ctx.time, ctx.office, rng);
  }

  /** Events in the campaign's and its findings' streams, as far as its commands have seen them. */
  get events(): number {
    return [...this.versions.values()].reduce((sum, v) => sum + v, 0);
  }

  async run(): Promise<void> {
    const days = this.days;
    const kind = this.ledger.campaignKinds.find((k) => k.code === 'democratic_appraisal') ?? this.ledger.campaignKinds[0];
    if (days.length < WORKING_DAYS_BEFORE_RECHECK + this.ledger.recheckAfterWorkingDays || !kind) return;
    const departments = this.units.units.filter((u) => u.kind === 'department');
    const towns = this.units.units.filter((u) => u.kind === 'town');
    const organiser = this.units.get('dept-zfb') ?? departments[0] ?? this.units.units[0];
    const appraised = [...this.rng.shuffle(departments.filter((u) => u !== organiser)).slice(0, 4), ...this.rng.shuffle(towns).slice(0, 2)];
    if (appraised.length < 2) return;
    const last = days.length - 1;
    const day = (i: number) => days[Math.min(i, last)];

    await this.when.at(this.when.onDay(day(4)));
    const opened = await this.post(INTAKE, '/api/v1/campaigns', {
      name: `${this.year}年度民主评议政务环境活动`,
      year: this.year,
      organiserUnitId: organiser.id,
      kind: kind.code,
      appraisedUnitIds: appraised.map((u) => u.id),
      phases: [
        { phase: 'mobilise', startsOn: day(4), endsOn: day(14) },
        { phase: 'self_inspection', startsOn: day(10), endsOn: day(30) },
        { phase: 'consultation', startsOn: day(15), endsOn: day(40) },
        { phase: 'supervised_rectification', startsOn: day(30), endsOn: day(last - 60) },
        { phase: 'look_back', startsOn: day(last - 60), endsOn: day(last - 2) },
      ],
    });
    this.campaignId = opened.id;
    this.tally.opened = true;
    this.tally.units = appraised.length;

    await this.consult(day);
    const measures = await this.raiseFindings(appraised, day);
    await this.when.perform([
      ...measures.flatMap((m) => this.rectify(m)),
      { at: this.when.office.officeTime(this.rng, day(last - 1)), run: () => this.close() },
    ]);
  }

  /** 动员会, questionnaires issued and returned, the 座谈会 with the enterprises, the participants. */
  private async consult(day: (i: number) => LocalDate): Promise<void> {
    const issued = this.rng.int(40, 60) * 10;
    const activity = (index: number, kind: string, body: (on: LocalDate) => object): TimedStep => {
      const on = day(index);
      const path = `/api/v1/campaigns/${this.campaignId}/activities/${kind}`;
      return { at: this.when.office.officeTime(this.rng, on), run: () => this.post(INTAKE, path, body(on)) };
    };
    const meeting = (kind: string, title: string, attendance: number, suggestionsCollected: number) => (heldOn: LocalDate) => ({
      kind,
      title,
      heldOn,
      attendance,
      suggestionsCollected,
    });
    const participants = (group: string, count: number) => (recordedOn: LocalDate) => ({ group, count, recordedOn });
    await this.when.perform([
      activity(6, 'meetings', meeting('mobilisation', '民主评议政务环境活动动员大会', this.rng.int(80, 150), 0)),
      activity(16, 'questionnaires', (recordedOn) => ({ issued, returned: 0, recordedOn })),
      activity(20, 'meetings', meeting('symposium', '企业代表座谈会', this.rng.int(15, 25), this.rng.int(20, 45))),
      activity(21, 'participants', participants('cppcc_member', this.rng.int(20, 40))),
      activity(21, 'participants', participants('enterprise', this.rng.int(15, 30))),
      activity(28, 'questionnaires', (recordedOn) => ({
        issued: 0,
        returned: Math.round(issued * (0.9 + this.rng.next() * 0.08)),
        recordedOn,
      })),
    ]);
  }

  /** Three or four findings against appraised units, each unit planning one or two measures a few days later. */
  private async raiseFindings(appraised: readonly DemoUnit[], day: (i: number) => LocalDate): Promise<PlannedMeasure[]> {
    const against = this.rng.shuffle(appraised).slice(0, this.rng.int(3, 4));
    const measures: PlannedMeasure[] = [];
    for (const [k, unit] of against.entries()) {
      await this.when.at(this.when.onDay(day(30 + k)));
      const category = this.rng.pick(this.ledger.findingCategories);
      const raisedBy = this.raiser();
      const finding = await this.post(INTAKE, '/api/v1/findings', {
        source: { kind: 'campaign', campaignId: this.campaignId },
        unitId: unit.id,
        category: category.code,
        description: (PROBLEMS[category.code] ?? `${category.label}：{unit}`).replace('{unit}', unit.name),
        raisedBy,
      });
      this.tally.findings++;

      await this.when.at(this.when.inWorkingDays(this.rng.int(2, 5)));
      const plans = Array.from({ length: this.rng.int(1, 2) }, () => {
        const measureCategory = this.rng.pick(this.ledger.measureCategories);
        return {
          description: MEASURES[measureCategory.code] ?? `${measureCategory.label}整改`,
          responsibleUnitId: unit.id,
          responsibleLeader: unit.leader,
          due: { date: this.when.office.addWorkingDays(this.when.today(), this.rng.int(15, 30)) },
          sizeClass: this.rng.weighted(SIZE_CLASSES.map((s, i) => [s, [45, 30, 15, 10][i]] as const)),
          category: measureCategory.code,
        };
      });
      await this.post(unitCaller(unit.id), `/api/v1/findings/${finding.id}/measures`, { measures: plans });
      this.ctx.time.dueOn(plans.map((p) => p.due.date));
      this.tally.measures += plans.length;
      for (const [i, p] of plans.entries()) {
        const fate: Fate = measures.length === 0 ? 'overdue' : measures.length === 1 ? 'rejected_once' : 'in_time';
        measures.push({ findingId: finding.id, measureId: `M${i + 1}`, unit, dueDate: p.due.date, fate });
      }
    }
    return measures;
  }

  /** Who raised a finding: an enterprise at the 座谈会, a CPPCC member (a made-up person, sealed by the API), or the office itself. */
  private raiser(): { kind: string; name: string; phone?: string } {
    const person = fakeComplainant(this.rng);
    const kind = this.rng.weighted([
      ['enterprise', 50],
      ['member', 30],
      ['office', 20],
    ] as const);
    if (kind === 'member') return { kind, name: person.name, phone: person.phone };
    if (kind === 'enterprise') return { kind, name: person.enterprise ?? '测试华创科技有限公司' };
    return { kind, name: '区民主评议办公室' };
  }

  /**
   * One measure's steps, their instants fixed now: progress, completion (before the due date, or
   * after it for the one left overdue), 验收 (one rejected once and redone), and the 回头看 confirmed
   * some working days before the re-check date verification sets.
   */
  private rectify(m: PlannedMeasure): TimedStep[] {
    const office = this.when.office;
    const unit = unitCaller(m.unit.id);
    const path = (action: string) => `/api/v1/findings/${m.findingId}/measures/${m.measureId}/${action}`;
    const verifier = (): Caller => (this.rng.chance(0.7) ? INTAKE : DISCIPLINE);
    const steps: TimedStep[] = [];
    const step = (on: LocalDate, run: () => Promise<unknown>) => {
      steps.push({ at: office.officeTime(this.rng, on), run });
      return on;
    };
    let on =
      m.fate === 'overdue'
        ? office.addWorkingDays(m.dueDate, this.rng.int(2, 4))
        : office.subtractWorkingDays(m.dueDate, this.rng.int(2, 8));
    if (this.rng.chance(0.6)) {
      step(office.subtractWorkingDays(on, this.rng.int(3, 6)), () =>
        this.post(unit, path('progress'), { progress: '已制定整改方案，正在逐项推进' }),
      );
    }
    on = step(on, () => this.post(unit, path('completion'), { report: '整改措施已落实到位，相关制度已印发执行' }));
    if (m.fate === 'rejected_once') {
      on = step(office.addWorkingDays(on, 1), async () => {
        await this.post(verifier(), path('reject'), { reason: '整改材料不全，未见制度文件和落实记录，请补充后重新报送' });
        this.tally.rejected++;
      });
      on = step(office.workingDayOnOrAfter(office.addWorkingDays(on, 1)), () =>
        this.post(unit, path('completion'), { report: '已补充制度文件和落实记录，整改到位' }),
      );
    }
    const verifiedOn = step(office.addWorkingDays(on, this.rng.int(1, 4)), async () => {
      await this.post(verifier(), path('verify'), { note: this.rng.chance(0.5) ? '经实地核查，整改到位' : null });
      this.tally.verified++;
    });
    const recheckDue = office.addWorkingDays(verifiedOn, this.ledger.recheckAfterWorkingDays);
    step(office.subtractWorkingDays(recheckDue, this.rng.int(2, 10)), async () => {
      await this.post(DISCIPLINE, path('recheck'), { confirmed: true, note: '回头看：整改成效巩固，未见反弹' });
      this.tally.rechecked++;
    });
    return steps;
  }

  private async close(): Promise<void> {
    await this.post(INTAKE, `/api/v1/campaigns/${this.campaignId}/close`, { note: '评议活动各阶段工作已完成' });
    this.tally.closed = true;
  }

  /**
   * A command at the campaign's instant, tied together by one correlation id. The deadline scheduler
   * must have seen a finding's events (they hold measure deadlines); it never reads a campaign's.
   */
  private async post(caller: Caller, path: string, body: unknown): Promise<CommandResponse> {
    const response = await this.ctx.api.post(path, body, caller, { at: this.when.now(), correlation: `campaign-${this.year}` });
    if (path.startsWith('/api/v1/findings')) this.ctx.progress.caseEventAppended(response.position);
    this.versions.set(response.id, response.version);
    return response;
  }
}

type Fate = 'in_time' | 'rejected_once' | 'overdue';

interface PlannedMeasure {
  findingId: string;
  measureId: string;
  unit: DemoUnit;
  dueDate: LocalDate;
  fate: Fate;
}
