import type { Channel, Urgency } from '@app/domain';
import { arrivalTimes, type Span } from './arrivals';
import { WHO_BY_CHANNEL } from './case-texts';
import { fill, type CategoryProfile } from './complaint-catalogue';
import { DAY, type OfficeCalendar } from './office-calendar';
import { fakeComplainant, type FakeComplainant } from './people';
import type { Random } from './random';
import type { DemoUnit, UnitCatalogue } from './unit-catalogue';

/**
 * Everything decided about a case before it is filed: the complaint, and its fate. The story
 * (case-story.ts) then plays it out through the API, taking its dates from what the API answers.
 */
export interface CasePlan {
  /** 1-based, in order of receipt. */
  index: number;
  /** Names the case's random stream and its correlation id, e.g. `c00017`. */
  key: string;
  receivedAt: number;
  channel: Channel;
  category: CategoryProfile;
  urgency: Urgency;
  complainedUnit: DemoUnit;
  item: string;
  title: string;
  description: string;
  /** The complainant as the texts name them: 来电人, 网民, … */
  who: string;
  /** null: anonymous (no return visit is possible). */
  complainant: FakeComplainant | null;
  rejected: boolean;
  /** Dispatched to this unit first, which disputes (退单); intake then transfers to `lead`. */
  wrongUnit: DemoUnit | null;
  lead: DemoUnit;
  co: DemoUnit | null;
  lateSignFor: boolean;
  extension: { workingDays: number; granted: boolean } | null;
  /** Working days the lead reports after its handling deadline; 0: in time. */
  overdueWorkingDays: number;
  interimReport: boolean;
  /** A 催办 before the deadline although the case ends in time. */
  yellowCard: boolean;
  /** Whether the complaint holds (反映属实); when it does not, no measures. */
  founded: boolean;
  measures: string[];
  rejectVerificationOnce: boolean;
  unsatisfiedFirstVisit: boolean;
  accountability: boolean;
}

/** Shares of the whole year's cases (the brief's figures); each is an exact quota, see `quota`. */
const RATES = {
  rejected: 0.05,
  disputed: 0.03,
  coHandling: 0.15,
  lateSignFor: 0.04,
  extension: 0.1,
  extensionGranted: 0.85,
  overdue: 0.08,
  unsatisfied: 0.07,
  accountability: 0.05,
  /** Of the cases with measures. */
  verificationRejected: 0.1,
} as const;

const CHANNEL_WEIGHTS: ReadonlyArray<readonly [Channel, number]> = [
  ['hotline', 45],
  ['web', 22],
  ['visit', 12],
  ['letter', 7],
  ['email', 6],
  ['media', 4],
  ['leader_referral', 4],
];

/** Cases received this close to the end may not finish: they get no long story (reopening, overdue…). */
const LONG_STORY_DAYS = 60;

export interface PlanInput {
  count: number;
  span: Span;
  office: OfficeCalendar;
  units: UnitCatalogue;
  /** The categories of the taxonomy in force that the demo has texts for. */
  categories: readonly CategoryProfile[];
  rng: Random;
}

export function planCases({ count, span, office, units, categories, rng }: PlanInput): CasePlan[] {
  const times = arrivalTimes(count, span, office, rng.fork('arrivals'));
  const drafts = times.map((receivedAt, i) => draft(i + 1, receivedAt, categories, units, rng.fork(`case-${key(i + 1)}`)));
  assignFates(drafts, count, span, rng.fork('quotas'));
  return drafts.map(({ candidates: _c, ...plan }) => plan);
}

const key = (index: number) => `c${String(index).padStart(5, '0')}`;

/** A plan with the units its fate may need, before the quotas pick the fates. */
type Draft = CasePlan & { candidates: { co: DemoUnit | null; wrongUnit: DemoUnit | null } };

function draft(index: number, receivedAt: number, categories: readonly CategoryProfile[], units: UnitCatalogue, rng: Random): Draft {
  const category = rng.weighted(categories.map((c) => [c, c.weight] as const));
  const enquiry = category.code === 'enquiry';
  const channel = rng.weighted(CHANNEL_WEIGHTS);
  const urgency = rng.weighted<Urgency>(
    enquiry
      ? [
          ['normal', 95],
          ['urgent', 5],
        ]
      : [
          ['normal', 81],
          ['urgent', 16.6],
          ['emergency', 2.4],
        ],
  );
  const complainedUnit = rng.pick(units.matching(category.complainedUnits));
  const item = rng.pick(category.items);
  const who = WHO_BY_CHANNEL[channel];
  const vars = { unit: complainedUnit.name, item, who, n: rng.int(2, 5) };
  const complaint = rng.pick(category.complaints);
  const complainant = rng.chance(0.1) ? null : fakeComplainant(rng);
  const lead = leadFor(complainedUnit, units, rng);
  const hasMeasures = !enquiry && rng.chance(0.7);
  const measures = hasMeasures
    ? rng
        .shuffle(category.measures)
        .slice(
          0,
          rng.weighted([
            [1, 50],
            [2, 35],
            [3, 15],
          ]),
        )
        .map((m) => fill(m, vars))
    : [];
  return {
    index,
    key: key(index),
    receivedAt,
    channel,
    category,
    urgency,
    complainedUnit,
    item,
    title: fill(complaint.title, vars),
    description: fill(complaint.description, vars),
    who,
    complainant,
    rejected: false,
    wrongUnit: null,
    lead,
    co: null,
    lateSignFor: false,
    extension: null,
    overdueWorkingDays: 0,
    interimReport: !enquiry && urgency !== 'emergency' && rng.chance(0.08),
    yellowCard: urgency !== 'emergency' && rng.chance(0.03),
    // Without measures: mostly unfounded, otherwise put right on the spot; enquiries are answered.
    founded: enquiry || hasMeasures || rng.chance(0.4),
    measures,
    rejectVerificationOnce: false,
    unsatisfiedFirstVisit: false,
    accountability: false,
    candidates: { co: coFor(complainedUnit, lead, category, units, rng), wrongUnit: wrongUnitFor(complainedUnit, lead, units, rng) },
  };
}

/** Usually the complained unit; a window's case mostly goes to its department, an office's sometimes. */
function leadFor(unit: DemoUnit, units: UnitCatalogue, rng: Random): DemoUnit {
  const parent = units.parentOf(unit);
  if (!parent) return unit;
  return rng.chance(unit.kind === 'window' ? 0.7 : 0.35) ? parent : unit;
}

/** The window assists its department; otherwise another unit concerned with this kind of problem. */
function coFor(complained: DemoUnit, lead: DemoUnit, category: CategoryProfile, units: UnitCatalogue, rng: Random): DemoUnit | null {
  if (complained.id !== lead.id) return complained;
  const others = units.matching(category.complainedUnits).filter((u) => u.id !== lead.id);
  return others.length > 0 ? rng.pick(others) : null;
}

/** A department or town the case plausibly but wrongly goes to first. */
function wrongUnitFor(complained: DemoUnit, lead: DemoUnit, units: UnitCatalogue, rng: Random): DemoUnit | null {
  const others = units.units.filter((u) => u.kind !== 'window' && u.id !== lead.id && u.id !== complained.id);
  return others.length > 0 ? rng.pick(others) : null;
}

/**
 * The fates are quotas, not coin flips: a 5% share of 40 cases is 2 cases, never 0 or 6, so even
 * a small run shows every kind of story and a big one has the stated mix. Which cases get a fate
 * is random (seeded); fates needing a long life go only to cases received early enough.
 */
function assignFates(drafts: Draft[], n: number, span: Span, rng: Random): void {
  const long = (d: Draft) => d.receivedAt <= span.end - LONG_STORY_DAYS * DAY;
  const emergency = (d: Draft) => d.urgency === 'emergency';
  const enquiry = (d: Draft) => d.category.code === 'enquiry';

  for (const d of quota(drafts, RATES.rejected, n, rng)) d.rejected = true;
  const accepted = drafts.filter((d) => !d.rejected);
  for (const d of quota(
    accepted.filter((d) => !emergency(d) && d.candidates.wrongUnit),
    RATES.disputed,
    n,
    rng,
  ))
    d.wrongUnit = d.candidates.wrongUnit;
  for (const d of quota(
    accepted.filter((d) => !enquiry(d) && !d.wrongUnit && d.candidates.co),
    RATES.coHandling,
    n,
    rng,
  ))
    d.co = d.candidates.co;
  for (const d of quota(
    accepted.filter((d) => !emergency(d)),
    RATES.lateSignFor,
    n,
    rng,
  ))
    d.lateSignFor = true;

  const extended = quota(
    accepted.filter((d) => long(d) && !emergency(d) && !enquiry(d)),
    RATES.extension,
    n,
    rng,
  );
  extended.forEach(
    (d, i) =>
      (d.extension = {
        workingDays: rng.weighted([
          [5, 40],
          [10, 45],
          [15, 15],
        ]),
        granted: i < Math.round(extended.length * RATES.extensionGranted),
      }),
  );
  const overduePool = accepted.filter((d) => long(d) && !emergency(d) && !d.extension);
  for (const d of quota(overduePool, RATES.overdue, n, rng)) {
    d.overdueWorkingDays = rng.weighted([
      [1, 25],
      [2, 20],
      [3, 15],
      [4, 10],
      [5, 8],
      [6, 6],
      [7, 6],
      [8, 4],
      [10, 3],
      [12, 3],
    ]);
  }
  for (const d of quota(
    accepted.filter((d) => long(d) && d.complainant),
    RATES.unsatisfied,
    n,
    rng,
  ))
    d.unsatisfiedFirstVisit = true;
  const withMeasures = accepted.filter((d) => long(d) && d.measures.length > 0);
  for (const d of quota(withMeasures, RATES.verificationRejected, withMeasures.length, rng)) d.rejectVerificationOnce = true;
  // Accountability follows fault: overdue cases and misconduct are likelier to end in it.
  const weight = (d: Draft) =>
    d.overdueWorkingDays > 0 ? 4 : ['irregular_enforcement', 'poor_service_attitude'].includes(d.category.code) ? 2 : 1;
  for (const d of quota(
    accepted.filter((d) => long(d) && !enquiry(d) && d.founded),
    RATES.accountability,
    n,
    rng,
    weight,
  ))
    d.accountability = true;
}

/**
 * `round(rate × n)` members of `pool` (at least one when n ≥ 20), drawn without replacement with
 * probability proportional to `weight` (Efraimidis–Spirakis keys).
 */
function quota<T>(pool: readonly T[], rate: number, n: number, rng: Random, weight: (item: T) => number = () => 1): T[] {
  let k = Math.round(rate * n);
  if (k === 0 && n >= 20) k = 1;
  const keyed = pool.map((item) => ({ item, key: Math.pow(rng.next(), 1 / weight(item)) }));
  return keyed
    .sort((a, b) => b.key - a.key)
    .slice(0, Math.min(k, pool.length))
    .map((k) => k.item);
}
