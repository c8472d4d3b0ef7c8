import { randomUUID } from 'node:crypto';
import { caseStreamId } from '@app/domain';
import { complaintFiled } from '@app/domain/case/case.fixtures';
import * as ev from '../../../../test/support/case-events';
import { appraisalProjection } from '@app/projections/appraisal/appraisal.projection';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import { caseListProjection } from '@app/projections/case-list/case-list.projection';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import { project, useProjectionTest } from '../../../../test/support/projection-kit';
import { AFTER_LATE, BEFORE_LATE, seedMarketYear, STILL_BEFORE } from './appraisal-year.fixtures';
import { RankedYears } from './ranked-years';
import { judgedPage, titledCases, UnitBreakdowns } from './unit-breakdowns';

/**
 * A unit's breakdown is answered from parts made once per version of the year. Whatever is held,
 * its first page of cases must be what judging the unit's cases afresh at that instant gives — the
 * same until the clock passes the instant an open handling deadline becomes late, then that case
 * overdue — and its parts together must be exactly the JSON of the view.
 */
describe('a unit’s breakdown, held per version of the year', () => {
  const db = useProjectionTest(appraisalProjection);
  const reader = () => new AppraisalReader(db.pool);
  const caseList = () => new CaseListReader(db.pool);
  const breakdownsOf = () => new UnitBreakdowns(reader(), caseList());
  /** The case list, which the breakdown names its cases' titles from, brought up to the log. */
  const listCases = () => project(db.pool, db.store, caseListProjection);

  beforeEach(async () => {
    await seedMarketYear(db, '区市场监督管理局 "总局"');
    await listCases();
  });

  /** The breakdown as GetUnitAppraisalHandler finds it at `instant`, and its cases judged afresh there. */
  async function breakdownAt(years: RankedYears, breakdowns: UnitBreakdowns, instant: string) {
    const asOf = new Date(instant);
    const { version, ranked } = await years.versioned(2026, asOf);
    const breakdown = await breakdowns.at(2026, 'dept-market', version, asOf);
    const afresh = judgedPage(await titledCases(reader(), caseList(), 2026, 'dept-market'), asOf, ranked.inForce);
    return { breakdown, asOf, ranked, cases: breakdown.judgedCases(asOf, ranked.inForce), afresh };
  }

  it('judges its first page of cases once per version: the same until a deadline passes, then the case is overdue', async () => {
    const [years, breakdowns] = [new RankedYears(reader()), breakdownsOf()];
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
    const { breakdown, asOf, ranked } = await breakdownAt(new RankedYears(reader()), breakdownsOf(), AFTER_LATE);
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

  it('names each case by the title it was filed under, and asks again while the case list does not hold it yet', async () => {
    const years = new RankedYears(reader());
    const breakdowns = breakdownsOf();
    const filedTitle = complaintFiled().data.title;
    const first = await breakdownAt(years, breakdowns, BEFORE_LATE);
    expect(first.cases.items.map((c) => c.title)).toEqual([filedTitle]);
    expect(Object.keys(first.cases.items[0])).toEqual(['caseId', 'title', 'indicators', 'overdue']);

    // A second case led by the unit, in the appraisal before the case list has it.
    const id = randomUUID();
    await db.append(caseStreamId(id), ...ev.filedWithLead(id, 'dept-market'));
    await db.project();
    const lagging = await breakdownAt(years, breakdowns, BEFORE_LATE);
    expect(lagging.cases.items.find((c) => c.caseId === id)?.title).toBe('');
    // Not kept with the empty title for the version: once the list holds the case, the same version names it.
    await listCases();
    const caughtUp = await breakdownAt(years, breakdowns, BEFORE_LATE);
    expect(caughtUp.cases.items.map((c) => c.title)).toEqual([filedTitle, filedTitle]);
    expect(caughtUp.cases).toEqual(caughtUp.afresh);
  });
});
