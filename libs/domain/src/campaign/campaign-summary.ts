/**
 * The figures a campaign's 总结报告 states (seed 000: units appraised, questionnaires issued and
 * returned, meetings, suggestions collected, measures by category and size class, the share done on
 * time, re-checks passed, accountability by form), each worked out from the recorded events and naming them, so a leader can
 * forward the summary and anyone can trace every number back to the log.
 */
import { beijingDateOf } from '../calendar/local-date';
import type { FindingEvent } from '../finding/finding.events';
import { DONE_MEASURE_STATUSES, type MeasureStatus, type SizeClass } from '../rectification/measure.model';
import type { CampaignEvent } from './campaign.events';
import type { ParticipantGroup } from './campaign.model';

/** An event as the summary is handed it: the event and a reference that names it in the log (its event id). */
export interface RecordedEvent<E> {
  ref: string;
  event: E;
}

/** A count and the events it was counted from. */
export interface Figure {
  value: number;
  events: string[];
}

/** A share: its numerator and denominator (each a figure) and the value, null when nothing is counted. */
export interface Share {
  numerator: Figure;
  denominator: Figure;
  value: number | null;
}

export interface CampaignSummary {
  campaignId: string;
  name: string;
  year: number;
  kind: string;
  closed: boolean;
  unitsAppraised: Figure;
  questionnairesIssued: Figure;
  questionnairesReturned: Figure;
  /** Returned / issued (回收率). */
  questionnaireReturnRate: Share;
  meetings: Figure;
  attendance: Figure;
  suggestionsCollected: Figure;
  participants: Partial<Record<ParticipantGroup, Figure>>;
  /** Findings raised in the campaign and not withdrawn (意见建议 / 问题), and by problem category. */
  findings: Figure;
  findingsByCategory: Record<string, Figure>;
  /** Their measures (整改措施), by measure category and by size class. */
  measures: Figure;
  measuresByCategory: Record<string, Figure>;
  measuresBySizeClass: Partial<Record<SizeClass, Figure>>;
  /** Measures that stand done (reported, verified, re-checked) / measures. */
  completed: Share;
  /** Measures whose standing completion was reported by the end of its due day (Beijing) / measures. */
  completedOnTime: Share;
  /**
   * Measures whose 验收 stands: verified, or verified and then confirmed by the 回头看, and not
   * reopened since (each once, named by its standing MeasureVerified). A subset of `completed`.
   */
  verified: Figure;
  /** 回头看 confirmed / re-checks recorded (confirmed or reopened). */
  rechecksPassed: Share;
  reopened: Figure;
  /**
   * 问责 issued on the campaign's findings, withdrawn ones included (the decision stands): decisions,
   * and by form (a decision of two forms counts under each).
   */
  accountability: Figure;
  accountabilityByForm: Record<string, Figure>;
}

/** One measure of the campaign, as its finding's events leave it. */
interface MeasureFacts {
  plannedBy: string;
  category: string | null;
  sizeClass: SizeClass | null;
  dueDate: string;
  status: MeasureStatus;
  /** The completion report that stands (null once rejected or reopened), and when it was made. */
  completion: { ref: string; reportedAt: string } | null;
  /** The 验收 that stands (null until verified, and again once a 回头看 reopens the measure). */
  verification: string | null;
}

/**
 * The summary of the campaign from its own events and those of its findings (one list per
 * finding, each in stream order). A withdrawn finding and its measures count nowhere; 问责 issued
 * on it before it was withdrawn still counts (the decision stands).
 */
export function summariseCampaign(
  campaign: readonly RecordedEvent<CampaignEvent>[],
  findings: ReadonlyArray<readonly RecordedEvent<FindingEvent>[]>,
): CampaignSummary {
  const opened = campaign.find((r) => r.event.type === 'CampaignOpened');
  if (!opened || opened.event.type !== 'CampaignOpened') throw new Error('a campaign summary needs the campaign opened');
  const { campaignId, name, year, kind, appraisedUnitIds } = opened.event.data;
  const tally = new Tally();

  for (const { ref, event } of campaign) {
    if (event.type === 'QuestionnairesRecorded') {
      tally.add('questionnairesIssued', event.data.issued, ref);
      tally.add('questionnairesReturned', event.data.returned, ref);
    } else if (event.type === 'MeetingHeld') {
      tally.add('meetings', 1, ref);
      tally.add('attendance', event.data.attendance, ref);
      tally.add('suggestionsCollected', event.data.suggestionsCollected, ref);
    } else if (event.type === 'ParticipantsRecorded') {
      tally.add(`participants:${event.data.group}`, event.data.count, ref);
    }
  }

  const rechecks = new Tally();
  for (const stream of findings) {
    const raised = stream.find((r) => r.event.type === 'FindingRaised');
    if (!raised || raised.event.type !== 'FindingRaised') continue;
    // A decision stands once issued: counted even on a finding withdrawn since, as everywhere accountability is counted.
    for (const { ref, event } of stream) {
      if (event.type !== 'AccountabilityIssued') continue;
      tally.add('accountability', 1, ref);
      for (const form of new Set(event.data.forms)) tally.add(`accountabilityForm:${form}`, 1, ref);
    }
    // A finding raised in error, and its measures, count nowhere else.
    if (stream.some((r) => r.event.type === 'FindingWithdrawn')) continue;
    tally.add('findings', 1, raised.ref);
    tally.add(`findingCategory:${raised.event.data.category}`, 1, raised.ref);
    for (const [, m] of measuresOf(stream, rechecks)) {
      tally.add('measures', 1, m.plannedBy);
      if (m.category) tally.add(`measureCategory:${m.category}`, 1, m.plannedBy);
      if (m.sizeClass) tally.add(`sizeClass:${m.sizeClass}`, 1, m.plannedBy);
      if (DONE_MEASURE_STATUSES.includes(m.status) && m.completion) {
        tally.add('completed', 1, m.completion.ref);
        if (beijingDateOf(m.completion.reportedAt) <= m.dueDate) tally.add('completedOnTime', 1, m.completion.ref);
      }
      if (m.verification) tally.add('verified', 1, m.verification);
    }
  }

  const measures = tally.figure('measures');
  return {
    campaignId,
    name,
    year,
    kind,
    closed: campaign.some((r) => r.event.type === 'CampaignClosed'),
    unitsAppraised: { value: appraisedUnitIds.length, events: [opened.ref] },
    questionnairesIssued: tally.figure('questionnairesIssued'),
    questionnairesReturned: tally.figure('questionnairesReturned'),
    questionnaireReturnRate: share(tally.figure('questionnairesReturned'), tally.figure('questionnairesIssued')),
    meetings: tally.figure('meetings'),
    attendance: tally.figure('attendance'),
    suggestionsCollected: tally.figure('suggestionsCollected'),
    participants: tally.byPrefix('participants:') as Partial<Record<ParticipantGroup, Figure>>,
    findings: tally.figure('findings'),
    findingsByCategory: tally.byPrefix('findingCategory:'),
    measures,
    measuresByCategory: tally.byPrefix('measureCategory:'),
    measuresBySizeClass: tally.byPrefix('sizeClass:') as Partial<Record<SizeClass, Figure>>,
    completed: share(tally.figure('completed'), measures),
    completedOnTime: share(tally.figure('completedOnTime'), measures),
    verified: tally.figure('verified'),
    rechecksPassed: share(rechecks.figure('passed'), rechecks.figure('recorded')),
    reopened: rechecks.figure('reopened'),
    accountability: tally.figure('accountability'),
    accountabilityByForm: tally.byPrefix('accountabilityForm:'),
  };
}

/** A finding's measures as its events leave them; the re-checks recorded are tallied into `rechecks`. */
function measuresOf(stream: readonly RecordedEvent<FindingEvent>[], rechecks: Tally): Map<string, MeasureFacts> {
  const measures = new Map<string, MeasureFacts>();
  const change = (measureId: string, to: Partial<MeasureFacts>) => {
    const m = measures.get(measureId);
    if (m) measures.set(measureId, { ...m, ...to });
  };
  for (const { ref, event } of stream) {
    switch (event.type) {
      case 'MeasuresPlanned':
        for (const m of event.data.measures) {
          if (measures.has(m.measureId)) continue;
          measures.set(m.measureId, {
            plannedBy: ref,
            category: m.category ?? null,
            sizeClass: m.sizeClass ?? null,
            dueDate: m.dueDate,
            status: 'planned',
            completion: null,
            verification: null,
          });
        }
        break;
      case 'MeasureProgressReported':
        change(event.data.measureId, { status: 'in_progress' });
        break;
      case 'MeasureCompletionReported':
        change(event.data.measureId, { status: 'reported', completion: { ref, reportedAt: event.data.reportedAt } });
        break;
      case 'MeasureRejected':
        change(event.data.measureId, { status: 'rejected', completion: null, verification: null });
        break;
      case 'MeasureVerified':
        change(event.data.measureId, { status: 'verified', verification: ref });
        break;
      case 'MeasureRecheckConfirmed':
        change(event.data.measureId, { status: 'rechecked' });
        rechecks.add('recorded', 1, ref);
        rechecks.add('passed', 1, ref);
        break;
      case 'MeasureReopened':
        // Owed again by a new due date: its earlier completion and its 验收 no longer stand.
        change(event.data.measureId, { status: 'reopened', completion: null, verification: null, dueDate: event.data.dueDate });
        rechecks.add('recorded', 1, ref);
        rechecks.add('reopened', 1, ref);
        break;
      default:
        break;
    }
  }
  return measures;
}

function share(numerator: Figure, denominator: Figure): Share {
  return { numerator, denominator, value: denominator.value === 0 ? null : numerator.value / denominator.value };
}

/** Counts by key, each with the events counted (an event named once however much it adds). */
class Tally {
  private readonly figures = new Map<string, { value: number; events: Set<string> }>();

  add(key: string, amount: number, ref: string): void {
    const figure = this.figures.get(key) ?? { value: 0, events: new Set<string>() };
    figure.value += amount;
    figure.events.add(ref);
    this.figures.set(key, figure);
  }

  figure(key: string): Figure {
    const figure = this.figures.get(key);
    return figure ? { value: figure.value, events: [...figure.events] } : { value: 0, events: [] };
  }

  /** The figures under `prefix`, keyed by what follows it, in key order. */
  byPrefix(prefix: string): Record<string, Figure> {
    const keys = [...this.figures.keys()].filter((k) => k.startsWith(prefix)).sort();
    return Object.fromEntries(keys.map((k) => [k.slice(prefix.length), this.figure(k)]));
  }
}
