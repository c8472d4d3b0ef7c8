import { appraisalProjection } from '@app/projections/appraisal/appraisal.projection';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import { useProjectionTest } from '../../../../test/support/projection-kit';
import { AFTER_LATE, BEFORE_LATE, seedMarketYear, STILL_BEFORE } from './appraisal-year.fixtures';
import { RankedYears } from './ranked-years';
import { judgedPage, UnitBreakdowns } from './unit-breakdowns';

/**
 * A unit's breakdown is answered from parts made once per version of the year. Whatever is held,
 * its first page of cases must be what judging the unit's cases afresh at that instant gives — the
 * same until the clock passes the instant an open handling deadline becomes late, then that case
 * overdue — and its parts together must be exactly the JSON of the view.
 */
describe('a unit’s breakdown, held per version of the year', () => {
  const db = useProjectionTest(appraisalProjection);
  const reader = () => new AppraisalReader(db.pool);

  beforeEach(() => seedMarketYear(db, '区市场监督管理局 "总局"'));

  /** The breakdown as GetUnitAppraisalHandler finds it at `instant`, and its cases judged afresh there. */
  async function breakdownAt(years: RankedYears, breakdowns: UnitBreakdowns, instant: string) {
    const asOf = new Date(instant);
    const { version, ranked } = await years.versioned(2026, asOf);
    const breakdown = await breakdowns.at(2026, 'dept-market', version, asOf);
    const afresh = judgedPage(await reader().cases(2026, 'dept-market'), asOf, ranked.inForce);
    return { breakdown, asOf, ranked, cases: breakdown.judgedCases(asOf, ranked.inForce), afresh };
  }

  it('judges its first page of cases once per version: the same until a deadline passes, then the case is overdue', async () => {
    const [years, breakdowns] = [new RankedYears(reader()), new UnitBreakdowns(reader())];
    const before = await breakdownAt(years, breakdowns, BEFORE_LATE);
    expect(before.cases).toEqual(before.afresh);
    expect(before.cases.items).toHaveLength(1);
    expect(before.cases.items[0].overdue).toBeNull();
    // The same version: the page judged before, not judged again.
    const still = await breakdownAt(years, breakdowns, STILL_BEFORE);
    expect(still.cases).toBe(before.cases);
    expect(still.cases).toEqual(still.afresh);

    const after = await breakdownAt(years, breakdowns, AFTER_LATE);
    expect(after.cases).toEqual(after.afresh);
    expect(after.cases.items[0].overdue).toMatchObject({ points: 0.5 });
    // Asked again for an instant before the deadline, the case is not overdue yet.
    expect((await breakdownAt(years, breakdowns, STILL_BEFORE)).cases.items[0].overdue).toBeNull();
  });

  it('sends exactly the JSON of its view in UTF-8: the head, then the cases as its last member', async () => {
    const { breakdown, asOf, ranked } = await breakdownAt(new RankedYears(reader()), new UnitBreakdowns(reader()), AFTER_LATE);
    const unit = ranked.units.get('dept-market')!;
    const head = { ...unit, scheme: ranked.scheme };
    const parts = [breakdown.openHead(ranked.inForce, () => head), breakdown.closingCases(asOf, ranked.inForce)];
    const view = { ...head, cases: breakdown.judgedCases(asOf, ranked.inForce) };
    expect(Buffer.concat(parts).equals(Buffer.from(JSON.stringify(view), 'utf8'))).toBe(true);
    expect(JSON.parse(Buffer.concat(parts).toString('utf8'))).toMatchObject({
      name: '区市场监督管理局 "总局"',
      cases: { items: [{ overdue: { points: 0.5 } }] },
    });
    // Made once: a later request of the version is answered the same bytes.
    expect(breakdown.closingCases(new Date(), ranked.inForce)).toBe(parts[1]);
  });
});
