/**
 * A finding for the specs, from the campaign of campaign.fixtures.ts: at the development zone's
 * 座谈会 of 20 October 2026 a construction firm says building permits take too long at the district
 * construction bureau (区城建局). The bureau plans two measures on 30 October: parallel approval
 * within 10 working days (due Friday 13 November) and a one-time list of papers at the window (due
 * Friday 6 November). The ledger here re-checks 20 working days after verification. Test data
 * only: production code never imports this file.
 */
import { chineseDaysYears } from '../calendar/chinese-days-years';
import { WorkingCalendar } from '../calendar/working-calendar';
import { APPRAISED, CAMPAIGN_ID, CONSTRUCTION, TAX } from '../campaign/campaign.fixtures';
import { DEFAULT_LEDGER_CONFIGURATION } from '../rectification/ledger-configuration';
import type { MeasureDeadlinePassed } from '../rectification/measure-deadline';
import type { PlannedMeasure } from '../rectification/measure.model';
import type { RaiseFinding } from './finding.commands';
import type * as Ev from './finding.events';
import type { FindingMeasureFields, MeasureProposal } from './finding.model';

export const calendar = new WorkingCalendar(chineseDaysYears());
export const CALENDAR_2026 = `2026:${chineseDaysYears().find((y) => y.year === 2026)!.source}`;
export const LEDGER = { ...DEFAULT_LEDGER_CONFIGURATION, recheckAfterWorkingDays: 20 };
export { CONSTRUCTION, TAX };

export const FINDING_ID = 'WT-2026-0007';
export const RAISED_AT = '2026-10-20T16:00:00+08:00';
export const PLANNED_AT = '2026-10-30T10:00:00+08:00';
export const LEADER = '王海（区城建局副局长）';

export const raiseFinding = (over: Partial<RaiseFinding> = {}): RaiseFinding => ({
  type: 'RaiseFinding',
  at: '2026-10-21T09:00:00+08:00',
  findingId: FINDING_ID,
  source: { kind: 'campaign', campaignId: CAMPAIGN_ID },
  unitId: CONSTRUCTION,
  category: 'cumbersome_approval',
  description: '建筑施工企业反映：施工许可需跑多个科室，办理时间过长',
  raisedBy: { kind: 'enterprise', ref: 'raiser-7d41c0' },
  raisedAt: RAISED_AT,
  ledger: LEDGER,
  campaign: { exists: true, closed: false, appraisedUnitIds: APPRAISED, year: 2026 },
  ...over,
});

export const findingRaised = (over: Partial<Ev.FindingRaised['data']> = {}): Ev.FindingRaised => {
  const { type: _t, at: _a, ledger: _l, campaign: _c, ...data } = raiseFinding();
  return { type: 'FindingRaised', data: { ...data, ...over } };
};

export const PROPOSALS: MeasureProposal[] = [
  {
    description: '施工许可实行并联审批，压缩办理时限',
    responsibleUnitId: CONSTRUCTION,
    responsibleLeader: LEADER,
    due: { workingDays: 10, from: '2026-10-30' },
    sizeClass: 'supervised',
    category: 'approval_streamlining',
  },
  {
    description: '窗口公示并一次性告知施工许可材料清单',
    responsibleUnitId: CONSTRUCTION,
    responsibleLeader: LEADER,
    due: { date: '2026-11-06' },
    sizeClass: 'immediate',
    category: 'time_limited_service',
  },
];

/** The proposals as recorded: due dates worked out, ids given. */
export const MEASURES: PlannedMeasure<FindingMeasureFields>[] = [
  {
    measureId: 'M1',
    description: PROPOSALS[0].description,
    responsibleUnitId: CONSTRUCTION,
    responsibleLeader: LEADER,
    dueDate: '2026-11-13',
    calendarVersion: CALENDAR_2026,
    sizeClass: 'supervised',
    category: 'approval_streamlining',
  },
  {
    measureId: 'M2',
    description: PROPOSALS[1].description,
    responsibleUnitId: CONSTRUCTION,
    responsibleLeader: LEADER,
    dueDate: '2026-11-06',
    sizeClass: 'immediate',
    category: 'time_limited_service',
  },
];

export const measuresPlanned = (measures = MEASURES): Ev.MeasuresPlanned => ({
  type: 'MeasuresPlanned',
  data: { unitId: CONSTRUCTION, measures },
});
export const completionReported = (measureId: string, reportedAt = '2026-11-12T15:00:00+08:00'): Ev.MeasureCompletionReported => ({
  type: 'MeasureCompletionReported',
  data: { measureId, unitId: CONSTRUCTION, report: '并联审批已上线，办理时限由20个工作日压缩至8个', reportedAt },
});
export const progressReported = (measureId: string, reportedAt = '2026-11-04T15:00:00+08:00'): Ev.MeasureProgressReported => ({
  type: 'MeasureProgressReported',
  data: { measureId, unitId: CONSTRUCTION, progress: '已完成流程梳理，系统改造中', reportedAt },
});
/** Verified on Friday 20 November: the 回头看 is due 20 working days on, Friday 18 December. */
export const VERIFIED_AT = '2026-11-20T10:00:00+08:00';
export const RECHECK_DUE = '2026-12-18';
export const measureVerified = (measureId: string): Ev.MeasureVerified => ({
  type: 'MeasureVerified',
  data: {
    measureId,
    note: '现场抽查5件，均在8个工作日内办结',
    verifiedAt: VERIFIED_AT,
    recheckDue: RECHECK_DUE,
    calendarVersion: CALENDAR_2026,
  },
});
export const measureRejected = (measureId: string): Ev.MeasureRejected => ({
  type: 'MeasureRejected',
  data: { measureId, reason: '并联审批仅覆盖房建项目，市政项目仍串联办理' },
});
export const measureCard = (measureId: string, deadline: 'measure_due' | 'recheck', dueDate: string): MeasureDeadlinePassed => ({
  type: 'MeasureDeadlinePassed',
  data: { measureId, deadline, unitId: CONSTRUCTION, dueDate },
});

export const raisedFinding = [findingRaised()];
export const plannedFinding = [...raisedFinding, measuresPlanned()];
export const verifiedFinding = [...plannedFinding, completionReported('M1'), measureVerified('M1')];
