import fc from 'fast-check';
import { missedAt } from '../../case/deadline-outcome';
import type { CaseFact } from './appraisal-evidence';
import { CASE_INDICATORS, DEFAULT_APPRAISAL_SCHEME, type AppraisalScheme } from './appraisal-scheme.model';
import { appraisalSchemeInForce } from './appraisal-scheme.publication';
import {
  accountabilityFact,
  acknowledgedOn,
  caseFact,
  closedEvent,
  findingAccountabilityFact,
  handlingRound,
  inputStream,
  ref,
  visit,
} from './appraisal-scheme.fixtures';
import { caseTally } from './case-indicators';
import { appraisedCase, evaluateUnitAppraisal, outlineUnitAppraisal, summariseUnitAppraisal, type UnitCaseTallies } from './unit-appraisal';

/**
 * The year's table scores each unit from counters a read model keeps (each case's tally, added up
 * as its events arrive), the breakdown from the cases themselves: for any cases, inputs and instant
 * asked, the two give the same score, grade, points and consequence.
 */

/** What a read model's counters hold for these cases at `asOf`: the sums of their tallies. */
function tallied(cases: readonly CaseFact[], accountability: number, asOf: string): UnitCaseTallies {
  const indicators = Object.fromEntries(CASE_INDICATORS.map((i) => [i, { numerator: 0, denominator: 0 }])) as UnitCaseTallies['indicators'];
  let overdueCases = 0;
  for (const c of cases) {
    const tally = caseTally(c);
    for (const i of CASE_INDICATORS) {
      indicators[i].denominator += Number(tally.indicators[i].inDenominator);
      indicators[i].numerator += Number(tally.indicators[i].inNumerator);
    }
    if (missedAt(tally.overdue, asOf)) overdueCases++;
  }
  return { indicators, overdueCases, accountability };
}

const UNIT = 'dept-market';

function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _omitted, ...rest } = value;
  return rest;
}
const reportedAt = fc.constantFrom(null, '2026-10-12T08:00:00.000Z', '2026-10-15T15:59:59.999Z', '2026-10-20T08:00:00.000Z');
const caseOf = (i: number) =>
  fc
    .record({
      acknowledged: fc.constantFrom(null, '2026-09-27', '2026-09-28', '2026-09-30'),
      rounds: fc.array(fc.tuple(reportedAt, fc.constantFrom(UNIT, 'dept-other')), { minLength: 0, maxLength: 3 }),
      closed: fc.boolean(),
      visit: fc.constantFrom(null, 'satisfied', 'basically_satisfied', 'unsatisfied') as fc.Arbitrary<
        null | 'satisfied' | 'basically_satisfied' | 'unsatisfied'
      >,
      reopened: fc.boolean(),
    })
    .map((s): CaseFact => {
      const id = `case-${i}`;
      return caseFact(id, UNIT, {
        acknowledged: s.acknowledged ? acknowledgedOn(id, s.acknowledged) : null,
        handlingRounds: s.rounds.map(([doneAt, unitId], r) => ({
          ...handlingRound(id, unitId, doneAt, r + 1),
          due: ['2026-10-15', '2026-11-03', '2026-12-01'][r],
        })),
        closed: s.closed ? closedEvent(id) : null,
        returnVisit: s.visit ? visit(id, s.visit) : null,
        reopenings: s.reopened ? [ref(`case-${id}`, 12)] : [],
      });
    });
const cases = fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => caseOf(i))));
/** Asked before, between and long after the due dates and acts above. */
const asOf = fc.constantFrom(
  '2026-10-10T00:00:00.000Z',
  '2026-10-15T16:00:00.000Z',
  '2026-11-20T00:00:00.000Z',
  '2027-03-01T00:00:00.000Z',
);
const inputs = fc
  .record({
    survey: fc.option(fc.integer({ min: 6000, max: 10000 })),
    evaluation: fc.option(fc.integer({ min: 6000, max: 10000 })),
    // A deduction recorded in error and withdrawn (撤销扣分), or none: it counts in neither.
    withdrawn: fc.boolean(),
  })
  .map(({ survey, evaluation, withdrawn }) => {
    const stream = inputStream(UNIT).lapse('DC-1', 3);
    if (withdrawn) stream.lapse('DC-2', 1000).withdraw('DC-2');
    if (survey !== null) stream.survey(survey / 100);
    if (evaluation !== null) stream.evaluation(evaluation / 100);
    return stream.records;
  });

/** Every case indicator weighed and both case deductions, so each count moves the score. */
const CASES_WEIGHED: AppraisalScheme = {
  ...DEFAULT_APPRAISAL_SCHEME,
  kinds: {
    ...DEFAULT_APPRAISAL_SCHEME.kinds,
    department: {
      inputs: { survey: 40, concentratedEvaluation: 10, onlineVote: 0 },
      indicators: { responseRate: 10, onTimeCompletionRate: 15, completionRate: 10, satisfactionRate: 5, reopenRate: 10 },
    },
  },
  caseDeductions: { perOverdueCase: 0.35, perAccountability: 1.5 },
};

describe('a unit’s appraisal from its tallies equals its evaluation from its cases', () => {
  it.each([
    ['the default scheme', appraisalSchemeInForce(2026, null)],
    ['a scheme weighing every case figure', appraisalSchemeInForce(2026, { year: 2026, revision: 1, scheme: CASES_WEIGHED })],
  ])('under %s', (_, inForce) => {
    fc.assert(
      fc.property(cases, inputs, fc.integer({ min: 0, max: 3 }), asOf, (led, recorded, accountabilityCount, at) => {
        // Decisions on cases and on findings of the ledger alike: each one counts.
        const accountability = Array.from({ length: accountabilityCount }, (_, i) =>
          i % 2 ? findingAccountabilityFact(`A-${i}`, `MP-${i}`, UNIT) : accountabilityFact(`A-${i}`, `case-${i}`, UNIT),
        );
        const facts = { unitId: UNIT, unitKind: 'department' as const, year: 2026, inputs: recorded, cases: led, accountability, asOf: at };
        const { components, deductions, ...full } = evaluateUnitAppraisal(facts, inForce);
        expect(summariseUnitAppraisal(facts, tallied(led, accountabilityCount, at), inForce)).toEqual(full);
        // The counts behind the scores agree too, indicator by indicator.
        const counted = tallied(led, accountabilityCount, at);
        for (const c of components)
          if (c.source === 'cases') expect(counted.indicators[c.component]).toEqual({ numerator: c.numerator, denominator: c.denominator });
        expect(counted.overdueCases).toBe(deductions.find((d) => d.deduction === 'overdueCases')!.items.length);

        // The outline (what a breakdown answers from the tallies) is the evaluation without the
        // cases and decisions behind the counts; the cases one at a time give those lists back.
        const outline = outlineUnitAppraisal(facts, counted, inForce);
        expect(outline).toEqual({
          ...full,
          components: components.map((c) => (c.source === 'cases' ? without(c, 'cases') : c)),
          deductions: deductions.map((d) => ({
            ...without(d, 'items'),
            count: d.items.length,
            ...(d.deduction === 'inspection' ? { items: d.items } : {}),
          })),
        });
        const listed = led.map((c) => appraisedCase(c, at, inForce));
        for (const c of components) {
          if (c.source !== 'cases') continue;
          const places = listed.flatMap(({ caseId, indicators }) =>
            indicators.filter((i) => i.indicator === c.component).map(({ inNumerator, events }) => ({ caseId, inNumerator, events })),
          );
          expect(places).toEqual(c.cases);
        }
        const overdue = listed.flatMap(({ caseId, overdue }) => (overdue ? [{ source: 'overdueCase', caseId, ...overdue }] : []));
        expect(overdue).toEqual(deductions.find((d) => d.deduction === 'overdueCases')!.items);
      }),
      { numRuns: 150 },
    );
  });
});
