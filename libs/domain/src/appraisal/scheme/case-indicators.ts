import type { Instant } from '../../case/case.model';
import { dayMeets, deadlineOutcome, roundsLateness, roundsMet, type RoundsLateness } from '../../case/deadline-outcome';
import { leadRounds, type CaseFact, type EventRef } from './appraisal-evidence';
import { CASE_INDICATORS, type CaseIndicator } from './appraisal-scheme.model';

/** A case in an indicator's denominator, whether it is in the numerator, and the events that say so. */
export interface IndicatorCase {
  caseId: string;
  inNumerator: boolean;
  events: EventRef[];
}

/** A case-derived rate of one unit, with its numerator and denominator spelled out. */
export interface IndicatorValue {
  indicator: CaseIndicator;
  numerator: number;
  denominator: number;
  /** numerator / denominator as a percentage to two decimals; null when there is no case to count. */
  ratePercent: number | null;
  /**
   * Out of 100: the rate, or for the reopen rate (lower is better) 100 − the rate. With no case to
   * count there is nothing to fault: 100.
   */
  score: number;
  /** What the numerator and the denominator count, in words (rates always state both). */
  definition: { numerator: string; denominator: string };
  cases: IndicatorCase[];
}

interface Rule {
  numerator: string;
  denominator: string;
  inDenominator(c: CaseFact): boolean;
  /** Never a matter of the instant asked: a read model counts it when the case's events are recorded. */
  inNumerator(c: CaseFact): boolean;
  /** The events behind the case's place in the denominator and, if there, the numerator. */
  events(c: CaseFact, inNumerator: boolean, asOf: Instant): EventRef[];
  lowerIsBetter?: boolean;
}

const ALL_LED = 'cases of the year the unit leads (主办)';

/** Whether the lead signed for the case by the end of its sign-for due date (Beijing). */
export function acknowledgedOnTime(c: CaseFact): boolean {
  return c.acknowledged !== null && dayMeets(c.signForDue, c.acknowledged.on);
}

/**
 * A closed case whose lead met the handling deadline of every round (the deadline rule of libs/domain):
 * `leadHandlingOutcome(c, asOf) === 'met'`, which no `asOf` changes.
 */
export function completedOnTime(c: CaseFact): boolean {
  return c.closed !== null && roundsMet(leadRounds(c));
}

/** The events a case's handling outcome rests on: each round's due date and act, and for a late one only it. */
export function handlingEvidence(c: CaseFact, asOf: Instant, only: 'missed' | 'all'): EventRef[] {
  return leadRounds(c)
    .filter((r) => only === 'all' || deadlineOutcome(r, asOf) === 'missed')
    .flatMap((r) => [r.dueBy, ...(r.doneBy ? [r.doneBy] : [])]);
}

const RULES: Readonly<Record<CaseIndicator, Rule>> = {
  responseRate: {
    numerator: 'signed for (签收) by the sign-for due date',
    denominator: ALL_LED,
    inDenominator: () => true,
    inNumerator: acknowledgedOnTime,
    events: (c) => [c.leadEvent, ...(c.acknowledged ? [c.acknowledged.event] : [])],
  },
  onTimeCompletionRate: {
    numerator: 'closed, the complete handling report of every round on or before its due date (Beijing)',
    denominator: 'closed cases the unit leads',
    inDenominator: (c) => c.closed !== null,
    inNumerator: completedOnTime,
    events: (c, _, asOf) => [c.closed!, ...handlingEvidence(c, asOf, 'all')],
  },
  completionRate: {
    numerator: 'closed (办结)',
    denominator: ALL_LED,
    inDenominator: () => true,
    inNumerator: (c) => c.closed !== null,
    events: (c) => [c.leadEvent, ...(c.closed ? [c.closed] : [])],
  },
  satisfactionRate: {
    numerator: 'satisfied or basically satisfied at the latest return visit (满意、基本满意)',
    denominator: 'cases the unit leads with a return visit (回访) in the current round',
    inDenominator: (c) => c.returnVisit !== null,
    inNumerator: (c) => c.returnVisit !== null && c.returnVisit.satisfaction !== 'unsatisfied',
    events: (c) => [c.returnVisit!.event],
  },
  reopenRate: {
    numerator: 'reopened at least once (重办)',
    denominator: ALL_LED,
    inDenominator: () => true,
    inNumerator: (c) => c.reopenings.length > 0,
    events: (c) => [c.leadEvent, ...c.reopenings],
    lowerIsBetter: true,
  },
};

/** One case-derived indicator of a unit from the cases it leads. */
export function caseIndicator(indicator: CaseIndicator, facts: readonly CaseFact[], asOf: Instant): IndicatorValue {
  const cases = facts.map((c) => indicatorCase(indicator, c, asOf)).filter((c): c is IndicatorCase => c !== null);
  return { ...indicatorFigure(indicator, cases.filter((c) => c.inNumerator).length, cases.length), cases };
}

/** One case's place in an indicator with the events behind it; null when it is not in the denominator. */
export function indicatorCase(indicator: CaseIndicator, c: CaseFact, asOf: Instant): IndicatorCase | null {
  const rule = RULES[indicator];
  if (!rule.inDenominator(c)) return null;
  const inNumerator = rule.inNumerator(c);
  return { caseId: c.caseId, inNumerator, events: rule.events(c, inNumerator, asOf) };
}

/** An indicator from its counts alone: the rate and score the cases behind the counts would give. */
export function indicatorFigure(indicator: CaseIndicator, numerator: number, denominator: number): Omit<IndicatorValue, 'cases'> {
  const rule = RULES[indicator];
  const rateHundredths = denominator === 0 ? null : percentHundredths(numerator, denominator);
  const scoreHundredths = rateHundredths === null ? 10_000 : rule.lowerIsBetter ? 10_000 - rateHundredths : rateHundredths;
  return {
    indicator,
    numerator,
    denominator,
    ratePercent: rateHundredths === null ? null : rateHundredths / 100,
    score: scoreHundredths / 100,
    definition: { numerator: rule.numerator, denominator: rule.denominator },
  };
}

/**
 * What one case adds to its lead's year, whatever the instant the appraisal is asked at: its place in
 * each indicator, and how its handling deadline misses (an overdue case, 超期, at `asOf` when its act
 * came late or an open round's due day ended by then: `missedAt`). A read model adds these up per
 * unit and year as the case's events arrive, so a year's table reads a few rows per unit; the
 * evaluation of one unit counts the same from its cases.
 */
export interface CaseTally {
  indicators: Record<CaseIndicator, { inDenominator: boolean; inNumerator: boolean }>;
  overdue: RoundsLateness;
}

export function caseTally(c: CaseFact): CaseTally {
  const indicators = Object.fromEntries(
    CASE_INDICATORS.map((indicator) => {
      const rule = RULES[indicator];
      const inDenominator = rule.inDenominator(c);
      return [indicator, { inDenominator, inNumerator: inDenominator && rule.inNumerator(c) }];
    }),
  ) as CaseTally['indicators'];
  return { indicators, overdue: roundsLateness(leadRounds(c)) };
}

/** numerator / denominator × 100, in hundredths of a percent, rounded half up in whole numbers. */
function percentHundredths(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator * 10_000 + denominator) / (2 * denominator));
}
