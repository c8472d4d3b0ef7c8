import type { UnitKind } from '../../unit/unit.model';
import type { DeductionBasis } from '../appraisal-inputs.model';
import {
  accountabilitySourceOf,
  leadHandlingOutcome,
  type AccountabilityFact,
  type AccountabilitySource,
  type CaseFact,
  type EventRef,
  type RecordedInputEvent,
} from './appraisal-evidence';
import { APPRAISAL_COMPONENT_LABELS, CASE_INDICATORS, SCHEME_INPUTS, type CaseIndicator, type SchemeInput } from './appraisal-scheme.model';
import type { AppraisalSchemeInForce } from './appraisal-scheme.publication';
import type { Instant } from '../../case/case.model';
import {
  caseIndicator,
  handlingEvidence,
  indicatorCase,
  indicatorFigure,
  type IndicatorCase,
  type IndicatorValue,
} from './case-indicators';
import { recordedInputsOf, type SupersededScore } from './recorded-inputs';

/** Everything known about one unit's year, for its evaluation under a scheme. */
export interface UnitAppraisalFacts {
  unitId: string;
  unitKind: UnitKind;
  year: number;
  /** The events of the unit's appraisal-inputs stream for the year. */
  inputs: readonly RecordedInputEvent[];
  /** The cases of the year the unit leads. */
  cases: readonly CaseFact[];
  /**
   * The instant the appraisal is asked for: an open handling deadline whose due day had ended by
   * then is missed (超期). Passed in, never the clock: the same facts and instant, the same score.
   */
  asOf: Instant;
  /** Accountability issued against the unit in the year (Beijing), on cases and on findings of the ledger. */
  accountability: readonly AccountabilityFact[];
}

/** A recorded score (抽样调查, 集中评议, 网上投票) weighted into the composite. */
export interface InputComponent {
  component: SchemeInput;
  source: 'input';
  label: string;
  /** Percent. */
  weight: number;
  /** `missing`: no record yet; the unit is incomplete and unranked until there is one. */
  status: 'recorded' | 'missing';
  score: number | null;
  /** score × weight, exact (e.g. 92.35 × 70% = 64.645); 0 when missing. */
  points: number;
  /** The record in force (the latest) with its event, and the earlier records it corrected. */
  record: {
    score: number;
    sampleSize: number | null;
    note: string | null;
    revision: number;
    event: EventRef;
    /** The records it corrected, oldest first: each event with the score, sample and note it recorded. */
    superseded: SupersededScore[];
  } | null;
}

/** A case-derived indicator, shown even when the scheme does not weight it (`not_scored`). */
export interface IndicatorComponent extends IndicatorValue {
  component: CaseIndicator;
  source: 'cases';
  label: string;
  weight: number;
  status: 'scored' | 'not_scored';
  points: number;
}

export type AppraisalComponent = InputComponent | IndicatorComponent;

export type DeductionItem =
  | (DeductionBasis & { source: 'inspection'; deductionId: string; reason: string; occurredOn: string; points: number; events: EventRef[] })
  | { source: 'overdueCase'; caseId: string; points: number; events: EventRef[] }
  /** A decision on a case or on a finding of the ledger: names the one it was issued on (caseId or findingId). */
  | ({
      source: 'accountability';
      accountabilityId: string;
      forms: readonly string[];
      points: number;
      events: EventRef[];
    } & AccountabilitySource);

/**
 * An inspection deduction withdrawn (撤销扣分): shown beside the items that count, as a corrected score's
 * earlier records are, and counted nowhere. `points` are those it was recorded with; `events` the
 * event that recorded it, then the one that withdrew it.
 */
export type WithdrawnDeductionItem = DeductionBasis & {
  source: 'inspection';
  deductionId: string;
  reason: string;
  occurredOn: string;
  points: number;
  findingId?: string;
  withdrawal: { reason: string };
  events: EventRef[];
};

export interface DeductionComponent {
  deduction: 'inspection' | 'overdueCases' | 'accountability';
  label: string;
  /** Points per case or per accountability; null for inspection findings (each has its own points). */
  pointsEach: number | null;
  points: number;
  items: DeductionItem[];
  /** Inspection only: the deductions withdrawn, in the order withdrawn; neither in `items` nor in `points`. */
  withdrawn?: WithdrawnDeductionItem[];
}

/** A unit's appraisal for a year under a scheme: the composite and how every point of it came about. */
export interface UnitAppraisal {
  unitId: string;
  unitKind: UnitKind;
  year: number;
  schemeVersion: string;
  /** `incomplete`: a weighted input is missing; no score, grade, rank or consequence yet. */
  status: 'complete' | 'incomplete';
  /** Weighted inputs not yet recorded. */
  missing: SchemeInput[];
  /** Sum of the components' points, exact. */
  weightedPoints: number;
  /** Sum of the deductions' points. */
  deductedPoints: number;
  /** weightedPoints − deductedPoints rounded half up to two decimals, not below 0; null while incomplete. */
  score: number | null;
  grade: string | null;
  /** Below the scheme's threshold (70 by default): the consequence applies. */
  belowThreshold: boolean;
  consequence: string | null;
  components: AppraisalComponent[];
  deductions: DeductionComponent[];
}

/** A unit's appraisal without its breakdown: what the year's table lists and ranks. */
export type UnitAppraisalSummary = Omit<UnitAppraisal, 'components' | 'deductions'>;

/** A case-derived indicator as its counts give it, without the cases behind them. */
export type IndicatorFigureComponent = Omit<IndicatorComponent, 'cases'>;

/**
 * A deduction with its points and how many items make them (inspection findings, overdue cases,
 * accountability decisions). Only the inspection findings, recorded inputs, are listed here: the
 * overdue cases and accountability are read for the one unit when asked (appraisedCase).
 */
export interface DeductionOutline extends Omit<DeductionComponent, 'items'> {
  count: number;
  items?: DeductionItem[];
}

/**
 * A unit's appraisal from its tallies with every component and deduction: the breakdown of
 * `evaluateUnitAppraisal` with the same figures, but without the cases behind the counts, which a
 * unit may have by the thousand and are listed a page at a time (appraisedCase).
 */
export interface UnitAppraisalOutline extends UnitAppraisalSummary {
  components: Array<InputComponent | IndicatorFigureComponent>;
  deductions: DeductionOutline[];
}

/**
 * One case the unit leads, with what it adds to the breakdown: its place in each indicator whose
 * denominator it is in and, when its lead missed a handling deadline by `asOf`, its overdue-case
 * deduction — each with the events behind it, as `evaluateUnitAppraisal` lists them.
 */
export interface AppraisedCase {
  caseId: string;
  indicators: Array<Omit<IndicatorCase, 'caseId'> & { indicator: CaseIndicator }>;
  overdue: { points: number; events: EventRef[] } | null;
}

/**
 * What a unit's cases and accountability add up to for its year at an instant: per indicator its
 * numerator and denominator, the overdue cases (超期) and the accountability decisions. A read model
 * keeps these as counters (caseTally), so the year's table never reads the cases themselves.
 */
export interface UnitCaseTallies {
  indicators: Readonly<Record<CaseIndicator, { numerator: number; denominator: number }>>;
  overdueCases: number;
  /** Decisions against the unit, on its cases and on findings of the ledger against it. */
  accountability: number;
}

/**
 * Evaluates one unit's year under a scheme. Arithmetic is in whole numbers: each component's points
 * are its score × weight exactly, the composite is their sum minus the deductions, rounded half up
 * to the hundredth once, so the breakdown adds up to the unrounded composite.
 */
export function evaluateUnitAppraisal(facts: UnitAppraisalFacts, inForce: AppraisalSchemeInForce): UnitAppraisal {
  const kindScheme = inForce.scheme.kinds[facts.unitKind];
  const recorded = recordedInputsOf(facts.inputs);
  const inputs = inputComponents(recorded, kindScheme);
  const indicators = CASE_INDICATORS.map((indicator) => indicatorComponent(caseIndicator(indicator, facts.cases, facts.asOf), kindScheme));
  const deductions = deductionsOf(facts, recorded, inForce);
  return { ...composite(facts, inForce, inputs, indicators, deductions), components: [...inputs, ...indicators], deductions };
}

/**
 * The same evaluation from the unit's tallies instead of its cases: the score, grade and rank inputs
 * of `evaluateUnitAppraisal` for the same year, without the breakdown (which names the cases).
 */
export function summariseUnitAppraisal(
  unit: Pick<UnitAppraisalFacts, 'unitId' | 'unitKind' | 'year' | 'inputs'>,
  tallies: UnitCaseTallies,
  inForce: AppraisalSchemeInForce,
): UnitAppraisalSummary {
  const { components, deductions, ...summary } = outlineUnitAppraisal(unit, tallies, inForce);
  return summary;
}

/** The evaluation from the unit's tallies with its components and deductions, the cases behind the counts left out. */
export function outlineUnitAppraisal(
  unit: Pick<UnitAppraisalFacts, 'unitId' | 'unitKind' | 'year' | 'inputs'>,
  tallies: UnitCaseTallies,
  inForce: AppraisalSchemeInForce,
): UnitAppraisalOutline {
  const kindScheme = inForce.scheme.kinds[unit.unitKind];
  const recorded = recordedInputsOf(unit.inputs);
  const inputs = inputComponents(recorded, kindScheme);
  const indicators = CASE_INDICATORS.map((indicator) => {
    const { numerator, denominator } = tallies.indicators[indicator];
    return indicatorComponent(indicatorFigure(indicator, numerator, denominator), kindScheme);
  });
  const { perOverdueCase, perAccountability } = inForce.scheme.caseDeductions;
  const inspection = inspectionItems(recorded.deductions);
  const withdrawn = withdrawnItems(recorded.withdrawnDeductions);
  // Every case and decision costs the same points: n × the points each, in hundredths as totalPoints adds them.
  const deductions: DeductionOutline[] = [
    {
      ...DEDUCTIONS.inspection,
      pointsEach: null,
      points: totalPoints(inspection.map((i) => i.points)),
      count: inspection.length,
      items: inspection,
      withdrawn,
    },
    {
      ...DEDUCTIONS.overdueCases,
      pointsEach: perOverdueCase,
      points: (tallies.overdueCases * hundredths(perOverdueCase)) / 100,
      count: tallies.overdueCases,
    },
    {
      ...DEDUCTIONS.accountability,
      pointsEach: perAccountability,
      points: (tallies.accountability * hundredths(perAccountability)) / 100,
      count: tallies.accountability,
    },
  ];
  return { ...composite(unit, inForce, inputs, indicators, deductions), components: [...inputs, ...indicators], deductions };
}

/** One case the unit leads as its breakdown lists it at `asOf` (the cases of `evaluateUnitAppraisal`, one at a time). */
export function appraisedCase(c: CaseFact, asOf: Instant, inForce: AppraisalSchemeInForce): AppraisedCase {
  const indicators: AppraisedCase['indicators'] = [];
  for (const indicator of CASE_INDICATORS) {
    const place = indicatorCase(indicator, c, asOf);
    if (place !== null) indicators.push({ indicator, inNumerator: place.inNumerator, events: place.events });
  }
  const overdue = overdueItem(c, asOf, inForce.scheme.caseDeductions.perOverdueCase);
  return { caseId: c.caseId, indicators, overdue: overdue && { points: overdue.points, events: overdue.events } };
}

/** An accountability decision as a deduction item, naming the case or the finding it was issued on. */
export function accountabilityItem(a: AccountabilityFact, inForce: AppraisalSchemeInForce): DeductionItem {
  return {
    source: 'accountability',
    accountabilityId: a.accountabilityId,
    ...accountabilitySourceOf(a),
    forms: a.forms,
    points: inForce.scheme.caseDeductions.perAccountability,
    events: [a.event],
  };
}

type KindScheme = AppraisalSchemeInForce['scheme']['kinds'][UnitKind];

function inputComponents(recorded: ReturnType<typeof recordedInputsOf>, kindScheme: KindScheme): InputComponent[] {
  return SCHEME_INPUTS.filter((input) => kindScheme.inputs[input] > 0).map((input) => {
    const weight = kindScheme.inputs[input];
    const score = recorded.state[input];
    const evidence = recorded.scores[input];
    if (!score || !evidence) {
      return {
        component: input,
        source: 'input',
        label: APPRAISAL_COMPONENT_LABELS[input],
        weight,
        status: 'missing',
        score: null,
        points: 0,
        record: null,
      };
    }
    return {
      component: input,
      source: 'input',
      label: APPRAISAL_COMPONENT_LABELS[input],
      weight,
      status: 'recorded',
      score: score.score,
      points: weighted(score.score, weight) / MICRO,
      record: { ...score, event: evidence.event, superseded: evidence.superseded },
    };
  });
}

function indicatorComponent<Value extends Omit<IndicatorValue, 'cases'>>(
  value: Value,
  kindScheme: KindScheme,
): Value & Omit<IndicatorComponent, keyof IndicatorValue> {
  const weight = kindScheme.indicators[value.indicator];
  return {
    ...value,
    component: value.indicator,
    source: 'cases',
    label: APPRAISAL_COMPONENT_LABELS[value.indicator],
    weight,
    status: weight > 0 ? 'scored' : 'not_scored',
    points: weight > 0 ? weighted(value.score, weight) / MICRO : 0,
  };
}

/** The composite, grade and consequence from the components and the deductions' points. */
function composite(
  unit: Pick<UnitAppraisalFacts, 'unitId' | 'unitKind' | 'year'>,
  inForce: AppraisalSchemeInForce,
  inputs: readonly InputComponent[],
  indicators: readonly IndicatorFigureComponent[],
  deductions: ReadonlyArray<{ points: number }>,
): UnitAppraisalSummary {
  const weightedMicro = [...inputs, ...indicators].reduce((sum, c) => sum + Math.round(c.points * MICRO), 0);
  const deductedHundredths = deductions.reduce((sum, d) => sum + hundredths(d.points), 0);
  const missing = inputs.filter((c) => c.status === 'missing').map((c) => c.component);
  const complete = missing.length === 0;
  // Rounded once, half up, at the end: rounding each component would let a unit of 89.99 in every
  // input reach 90.00 and the next grade.
  const compositeHundredths = Math.floor((weightedMicro - deductedHundredths * 10_000 + 5_000) / 10_000);
  const score = complete ? Math.max(0, compositeHundredths) / 100 : null;
  const { grades, consequence } = inForce.scheme;
  const belowThreshold = score !== null && score < consequence.below;
  return {
    unitId: unit.unitId,
    unitKind: unit.unitKind,
    year: unit.year,
    schemeVersion: inForce.version,
    status: complete ? 'complete' : 'incomplete',
    missing,
    weightedPoints: weightedMicro / MICRO,
    deductedPoints: deductedHundredths / 100,
    score,
    grade: score === null ? null : (grades.find((band) => score >= band.minScore) ?? grades[grades.length - 1]).grade,
    belowThreshold,
    consequence: belowThreshold ? consequence.measure : null,
  };
}

const DEDUCTIONS = {
  inspection: { deduction: 'inspection', label: '日常督查扣分' },
  overdueCases: { deduction: 'overdueCases', label: '超期案件扣分' },
  accountability: { deduction: 'accountability', label: '问责扣分' },
} as const;

function deductionsOf(
  facts: UnitAppraisalFacts,
  recorded: ReturnType<typeof recordedInputsOf>,
  inForce: AppraisalSchemeInForce,
): DeductionComponent[] {
  const { perOverdueCase, perAccountability } = inForce.scheme.caseDeductions;
  const findings = inspectionItems(recorded.deductions);
  const overdueItems = facts.cases
    .map((c) => overdueItem(c, facts.asOf, perOverdueCase))
    .filter((item): item is DeductionItem => item !== null);
  const accountabilityItems = facts.accountability.map((a) => accountabilityItem(a, inForce));
  const total = (items: DeductionItem[]) => totalPoints(items.map((item) => item.points));
  return [
    {
      ...DEDUCTIONS.inspection,
      pointsEach: null,
      points: total(findings),
      items: findings,
      withdrawn: withdrawnItems(recorded.withdrawnDeductions),
    },
    { ...DEDUCTIONS.overdueCases, pointsEach: perOverdueCase, points: total(overdueItems), items: overdueItems },
    { ...DEDUCTIONS.accountability, pointsEach: perAccountability, points: total(accountabilityItems), items: accountabilityItems },
  ];
}

function inspectionItems(inspection: ReturnType<typeof recordedInputsOf>['deductions']): DeductionItem[] {
  return inspection.map(({ event, ...d }) => ({ source: 'inspection', ...d, events: [event] }));
}

/** The deductions withdrawn, each with the event that recorded it and the one that withdrew it. */
function withdrawnItems(withdrawn: ReturnType<typeof recordedInputsOf>['withdrawnDeductions']): WithdrawnDeductionItem[] {
  return withdrawn.map(({ event, withdrawalEvent, ...d }) => ({ source: 'inspection', ...d, events: [event, withdrawalEvent] }));
}

/** 超期: the lead missed the handling deadline of some round, by the recorded due dates and reports; null if not. */
function overdueItem(c: CaseFact, asOf: Instant, perOverdueCase: number): DeductionItem | null {
  if (leadHandlingOutcome(c, asOf) !== 'missed') return null;
  return { source: 'overdueCase', caseId: c.caseId, points: perOverdueCase, events: handlingEvidence(c, asOf, 'missed') };
}

/** A deduction's points: the sum of its items', in hundredths. */
function totalPoints(points: readonly number[]): number {
  return points.reduce((sum, p) => sum + hundredths(p), 0) / 100;
}

/** Millionths of a point: a score and a weight with two decimals each multiply exactly in them. */
const MICRO = 1_000_000;

/** score × weight%, exactly, in millionths of a point. */
function weighted(score: number, weightPercent: number): number {
  return hundredths(score) * hundredths(weightPercent);
}

function hundredths(value: number): number {
  return Math.round(value * 100);
}
