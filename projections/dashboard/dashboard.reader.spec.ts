import { randomUUID } from 'node:crypto';
import { dayMeets, lateFrom, openRoundLateFrom, roundsMissedFrom, type HandlingRound } from '@app/domain';
import { recountDashboard } from '../../test/support/dashboard-recount';
import { useEventStoreDatabase } from '../../test/support/event-log';
import { rebuildProjection } from '../runner/rebuild';
import type { DashboardScope } from './dashboard-figures';
import { dashboardProjection } from './dashboard.projection';
import { DashboardReader } from './dashboard.reader';

/**
 * The rate definitions on hand-made fact rows (README.md in this folder): each test writes the few
 * rows a rule is about and reads the figures the API would answer, today being 20 November 2026.
 */
describe('dashboard figures: what each count and rate is made of', () => {
  const TODAY = '2026-11-20';
  /** 10:00 on 20 November in Beijing: what the figures are asked at. */
  const AS_OF = new Date('2026-11-20T02:00:00Z');
  const NOVEMBER: DashboardScope = { from: '2026-11-01', to: '2026-11-30', unitId: null, category: null, channel: null };
  const db = useEventStoreDatabase({ per: 'file' });
  // Fresh, empty tables for each test (a rebuild of an empty log).
  beforeEach(async () => void (await rebuildProjection(db.pool, db.store, dashboardProjection)));
  /** The reader over the counts the hand-made fact rows make, as the projection would have kept them. */
  const recounted = async () => {
    await recountDashboard(db.pool);
    return new DashboardReader(db.pool);
  };

  async function insert(table: string, row: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(row);
    await db.pool.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
  }
  /**
   * A case received on 2 November, dispatched to dept-market, due 12 November; `facts` override.
   * `lead_completed_on`: the Beijing day of the lead's complete report in its one round, unless
   * `rounds` gives the rounds; the deadline rule's instants are stored as the projection stores them.
   */
  async function aCase(facts: Record<string, unknown> & { lead_completed_on?: string; rounds?: HandlingRound[] } = {}): Promise<string> {
    const caseId = randomUUID();
    const { lead_completed_on: reportedOn, rounds: given, ...columns } = facts;
    const row: Record<string, unknown> = {
      case_id: caseId,
      version: 1,
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      complained_unit_id: 'dept-market',
      received_on: '2026-11-02',
      status: 'in_progress',
      accepted_on: '2026-11-02',
      lead_unit_id: 'dept-market',
      handling_due: '2026-11-12',
      ...columns,
    };
    const oneRound = (due: string): HandlingRound => ({
      round: 1,
      unitId: row.lead_unit_id as string,
      due,
      dueBy: 3,
      doneAt: reportedOn ? `${reportedOn}T10:00:00+08:00` : null,
      doneBy: reportedOn ? 5 : null,
    });
    const rounds = given ?? (row.lead_unit_id && row.handling_due ? [oneRound(row.handling_due as string)] : []);
    await insert('dashboard_cases', {
      ...row,
      handling_rounds: JSON.stringify(rounds),
      handling_missed_from: roundsMissedFrom(rounds),
      open_late_from: openRoundLateFrom(rounds),
    });
    return caseId;
  }
  const summary = async (scope: Partial<DashboardScope> = {}) =>
    (await (await recounted()).figures({ ...NOVEMBER, ...scope }, null, AS_OF))[0].figures;

  it('on-time completion: one closed on time, one closed late, one still open and not yet due → 1/2', async () => {
    await aCase({ status: 'closed', lead_completed_on: '2026-11-10', closed_on: '2026-11-16' }); // reported by the 12th: on time
    await aCase({ status: 'closed', lead_completed_on: '2026-11-13', closed_on: '2026-11-14' }); // a day late
    await aCase({ handling_due: '2026-11-25' }); // open, still has time: not judged yet
    expect((await summary()).onTimeCompletionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it('on-time completion: a case past its due date counts against until it closes; one reported on the due day itself is on time', async () => {
    await aCase({ handling_due: '2026-11-19' }); // due yesterday, nothing reported: overdue now
    // Reported in time, measures still open: not closed, but its deadline was met, so it is not judged
    // yet (it used to count against: "due date ended" was the test, not the deadline rule).
    await aCase({ handling_due: '2026-11-19', lead_completed_on: '2026-11-18' });
    await aCase({ status: 'closed', handling_due: '2026-11-19', lead_completed_on: '2026-11-19', closed_on: '2026-11-19' });
    await aCase({ handling_due: TODAY }); // due today: the day has not ended
    const figures = await summary();
    expect(figures.onTimeCompletionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(figures.overdueNow).toBe(1);
  });

  it('on-time completion: a case late in its first round stays late after reopening, however its second round went', async () => {
    // Before issue 10 the dashboard judged only the last round: reopening made this case on time.
    const round = (n: number, due: string, doneAt: string): HandlingRound => ({
      round: n,
      unitId: 'dept-market',
      due,
      dueBy: n,
      doneAt,
      doneBy: n,
    });
    await aCase({
      status: 'closed',
      closed_on: '2026-11-18',
      rounds: [round(1, '2026-11-05', '2026-11-06T10:00:00+08:00'), round(2, '2026-11-19', '2026-11-16T10:00:00+08:00')],
    });
    await aCase({ status: 'closed', lead_completed_on: '2026-11-10', closed_on: '2026-11-11' });
    expect((await summary()).onTimeCompletionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it('response: signed for by the sign-for due date, over dispatches whose outcome is known', async () => {
    const caseId = await aCase();
    const dispatch = (v: number, unit: string, row: Record<string, unknown>) =>
      insert('dashboard_case_units', {
        case_id: caseId,
        notified_version: v,
        unit_id: unit,
        role: 'co',
        notified_on: '2026-11-02',
        sign_for_due: '2026-11-03',
        ...row,
        // as the projection stores them, by the deadline rule
        signed_in_time: row.acknowledged_on ? dayMeets((row.sign_for_due as string) ?? '2026-11-03', row.acknowledged_on as string) : null,
        sign_for_late_from: lateFrom((row.sign_for_due as string) ?? '2026-11-03'),
      });
    await dispatch(3, 'dept-market', { role: 'lead', acknowledged_on: '2026-11-03' }); // on the due day: on time
    await dispatch(4, 'dept-housing', { acknowledged_on: '2026-11-04' }); // a day late
    await dispatch(5, 'dept-approval', {}); // never signed for, due date long gone
    await dispatch(6, 'win-tax-01', { ended_on: '2026-11-03', ended_by: 'disputed' }); // 退单 in time: left out
    await dispatch(7, 'town-yangluo', { ended_on: '2026-11-05', ended_by: 'transferred' }); // moved away after missing it
    await dispatch(8, 'dept-retired', { notified_on: TODAY, sign_for_due: '2026-11-23' }); // still has time: left out
    expect((await summary()).responseRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
  });

  it('counts by status add up; completion rate is closed over accepted', async () => {
    await aCase({ status: 'filed', accepted_on: null, lead_unit_id: null, handling_due: null });
    await aCase({ status: 'rejected', accepted_on: null, rejected_on: '2026-11-02', lead_unit_id: null, handling_due: null });
    await aCase({ status: 'accepted', lead_unit_id: null, handling_due: null }); // accepted, not yet dispatched
    await aCase(); // in progress, overdue
    await aCase({ status: 'closed', lead_completed_on: '2026-11-10', closed_on: '2026-11-11' });
    const figures = await summary();
    expect(figures).toMatchObject({
      received: 5,
      awaitingAcceptance: 1,
      rejected: 1,
      accepted: 3,
      inProgress: 2,
      closed: 1,
      overdueNow: 1,
    });
    expect(figures.completionRate).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
  });

  it('satisfaction counts the last return visit of each visited case; reopen rate is reopened over handled cases', async () => {
    await aCase({ visits: 2, last_visit: 'satisfied', reopen_count: 1, handled_on: '2026-11-05' }); // unsatisfied first, reopened, then satisfied
    await aCase({ visits: 1, last_visit: 'basically_satisfied', handled_on: '2026-11-05' });
    await aCase({ visits: 1, last_visit: 'unsatisfied', reopen_count: 1, handled_on: '2026-11-05' }); // reopened, not yet visited again
    await aCase({ handled_on: '2026-11-05' }); // handled, anonymous: never visited
    await aCase(); // not handled yet
    const figures = await summary();
    expect(figures.satisfactionRate).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
    expect(figures.reopenRate).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
  });

  it('rectification measures planned / verified / overdue, and accountability by form with each decision counted once', async () => {
    const caseId = await aCase();
    const measure = (id: string, row: Record<string, unknown>) =>
      insert('dashboard_measures', {
        case_id: caseId,
        measure_id: id,
        responsible_unit_id: 'dept-market',
        planned_on: '2026-11-05',
        due_date: '2026-11-15',
        status: 'planned',
        ...row,
      });
    await measure('M1', { status: 'verified', reported_on: '2026-11-10', verified_on: '2026-11-11' });
    await measure('M2', {}); // due the 15th, not done: overdue
    await measure('M3', { status: 'rejected', reported_on: '2026-11-10' }); // sent back and now past due: overdue
    await measure('M4', { status: 'reported', reported_on: '2026-11-14' }); // done, awaiting verification
    await measure('M5', { due_date: '2026-11-30' });
    const form = (accountabilityId: string, f: string, kind = 'person') =>
      insert('dashboard_accountability', {
        case_id: caseId,
        accountability_id: accountabilityId,
        form: f,
        target_kind: kind,
        target_unit_id: 'dept-market',
        issued_on: '2026-11-16',
      });
    await form('A1', 'admonishment');
    await form('A1', 'performance_deduction');
    await form('A2', 'circulated_notice', 'organisation');
    const figures = await summary();
    expect(figures.rectification).toEqual({ planned: 5, verified: 1, overdue: 2 });
    expect(figures.accountability.issued).toBe(2);
    expect(figures.accountability.byForm).toMatchObject({ admonishment: 1, performance_deduction: 1, circulated_notice: 1, dismissal: 0 });
  });

  it('the period takes cases received from its first to its last day inclusive; filters narrow it; a unit answers for what is its own', async () => {
    await aCase({ received_on: '2026-10-31' });
    await aCase({ received_on: '2026-11-01', channel: 'web' });
    const housingCase = await aCase({ received_on: '2026-11-30', lead_unit_id: 'dept-housing', category: 'enquiry' });
    await aCase({ received_on: '2026-12-01' });
    expect((await summary()).received).toBe(2);
    expect((await summary({ channel: 'web' })).received).toBe(1);
    expect((await summary({ category: 'enquiry' })).received).toBe(1);
    // dept-market is co-handling the housing case: its dispatch and its measure count for it, the case does not.
    await insert('dashboard_case_units', {
      case_id: housingCase,
      notified_version: 4,
      unit_id: 'dept-market',
      role: 'co',
      notified_on: '2026-11-30',
      sign_for_due: '2026-12-01',
      acknowledged_on: '2026-11-30',
      signed_in_time: true,
      sign_for_late_from: lateFrom('2026-12-01'),
    });
    await insert('dashboard_measures', {
      case_id: housingCase,
      measure_id: 'M1',
      responsible_unit_id: 'dept-market',
      planned_on: '2026-11-30',
      due_date: '2026-12-10',
      status: 'planned',
    });
    const market = await summary({ unitId: 'dept-market' });
    expect(market).toMatchObject({
      received: 1,
      responseRate: { numerator: 1, denominator: 1, value: 1 },
      rectification: { planned: 1, verified: 0, overdue: 0 },
    });
    expect((await summary({ unitId: 'dept-housing' })).received).toBe(1);
    expect((await summary({ unitId: 'dept-housing' })).responseRate.denominator).toBe(0);
  });

  it('the version says until when it holds: up to the next pending instant the figures are those of the instant asked about', async () => {
    await aCase({ handling_due: '2026-11-25' }); // overdue from the end of the 25th (Beijing)
    await aCase({ handling_due: '2026-11-27', lead_unit_id: 'dept-housing' });
    await aCase({ status: 'closed', lead_completed_on: '2026-11-10', closed_on: '2026-11-16' });
    const reader = await recounted();
    const figures = async (asOf: Date) => (await reader.figures(NOVEMBER, null, asOf))[0].figures;
    let asOf: Date | null = AS_OF;
    const overdueAt: number[] = [];
    while (asOf !== null) {
      const { version, changesAt } = await reader.figuresVersion(asOf);
      if (changesAt === null) break;
      const justBefore = new Date(changesAt - 1);
      expect((await reader.figuresVersion(justBefore)).version).toBe(version);
      expect(await figures(justBefore)).toEqual(await figures(asOf));
      expect((await reader.figuresVersion(new Date(changesAt))).version).not.toBe(version);
      asOf = new Date(changesAt);
      overdueAt.push((await figures(asOf)).overdueNow);
    }
    // Each deadline's instant is one the version names: the figures change there.
    expect(overdueAt).toContain(1);
    expect(overdueAt).toContain(2);
  });

  it('a rate with nothing behind it is null, never 0 or 100%', async () => {
    const figures = await summary();
    expect(figures.received).toBe(0);
    for (const r of [
      figures.responseRate,
      figures.onTimeCompletionRate,
      figures.completionRate,
      figures.satisfactionRate,
      figures.reopenRate,
    ]) {
      expect(r).toEqual({ numerator: 0, denominator: 0, value: null });
    }
  });

  it('trend: buckets by ISO week from Monday, clipped to the period, empty ones included, adding up to the summary', async () => {
    await aCase({ received_on: '2026-11-01' }); // a Sunday: the week of Monday 26 October
    await aCase({ received_on: '2026-11-02', status: 'closed', lead_completed_on: '2026-11-10', closed_on: '2026-11-10' }); // Monday
    await aCase({ received_on: '2026-11-08' }); // Sunday, same week as the 2nd
    await aCase({ received_on: '2026-11-30' }); // Monday of the last week
    const weeks = await (await recounted()).figures(NOVEMBER, 'week', AS_OF);
    expect(weeks.map((w) => [w.label, w.from, w.to, w.figures.received])).toEqual([
      ['2026-W44', '2026-11-01', '2026-11-01', 1],
      ['2026-W45', '2026-11-02', '2026-11-08', 2],
      ['2026-W46', '2026-11-09', '2026-11-15', 0],
      ['2026-W47', '2026-11-16', '2026-11-22', 0],
      ['2026-W48', '2026-11-23', '2026-11-29', 0],
      ['2026-W49', '2026-11-30', '2026-11-30', 1],
    ]);
    expect(weeks[1].figures.onTimeCompletionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(weeks[2].figures.onTimeCompletionRate.value).toBeNull();
    const total = await summary();
    expect(weeks.reduce((sum, w) => sum + w.figures.received, 0)).toBe(total.received);
    expect(weeks.reduce((sum, w) => sum + w.figures.overdueNow, 0)).toBe(total.overdueNow);

    const months = await (await recounted()).figures({ ...NOVEMBER, from: '2026-10-15', to: '2027-01-10' }, 'month', AS_OF);
    expect(months.map((m) => [m.label, m.from, m.to, m.figures.received])).toEqual([
      ['2026-10', '2026-10-15', '2026-10-31', 0],
      ['2026-11', '2026-11-01', '2026-11-30', 4],
      ['2026-12', '2026-12-01', '2026-12-31', 0],
      ['2027-01', '2027-01-01', '2027-01-10', 0],
    ]);
    const days = await (await recounted()).figures({ ...NOVEMBER, to: '2026-11-02' }, 'day', AS_OF);
    expect(days.map((d) => [d.label, d.from, d.to, d.figures.received])).toEqual([
      ['2026-11-01', '2026-11-01', '2026-11-01', 1],
      ['2026-11-02', '2026-11-02', '2026-11-02', 1],
    ]);
  });
  it('breakdown: each unit’s or category’s row is the summary filtered to it, kinds add their units up, and the rows add up to the summary', async () => {
    await aCase({ status: 'closed', lead_completed_on: '2026-11-10', closed_on: '2026-11-16' }); // market, on time
    await aCase({ handling_due: '2026-11-19', category: 'enquiry' }); // market, overdue now
    await aCase({ handling_due: '2026-11-25', lead_unit_id: 'dept-housing' }); // housing, still has time (pending not reached)
    await aCase({ status: 'closed', lead_completed_on: '2026-11-13', closed_on: '2026-11-14', lead_unit_id: 'town-yangluo' }); // late
    await aCase({ status: 'rejected', accepted_on: null, rejected_on: '2026-11-02', lead_unit_id: null, handling_due: null });
    const reader = await recounted();
    const whole = (await reader.figures(NOVEMBER, null, AS_OF))[0].figures;

    const units = await reader.breakdown(NOVEMBER, 'unit', AS_OF);
    expect(units.map((r) => r.key)).toEqual(['dept-housing', 'dept-market', 'town-yangluo', null]);
    for (const row of units.filter((r) => r.key !== null))
      expect(row.figures).toEqual((await reader.figures({ ...NOVEMBER, unitId: row.key }, null, AS_OF))[0].figures);
    expect(units[3].figures).toMatchObject({ received: 1, rejected: 1, accepted: 0, overdueNow: 0 });
    const counts = (figures: typeof whole) => [
      figures.received,
      figures.closed,
      figures.overdueNow,
      figures.onTimeCompletionRate.denominator,
    ];
    expect(units.map((r) => counts(r.figures)).reduce((a, b) => a.map((n, i) => n + b[i]))).toEqual(counts(whole));

    const categories = await reader.breakdown(NOVEMBER, 'category', AS_OF);
    expect(categories.map((r) => r.key)).toEqual(['cumbersome_approval', 'enquiry']);
    expect(categories[1].figures).toEqual(await summary({ category: 'enquiry' }));

    // Units grouped: the departments' rates are their summed numerators over their summed denominators.
    const kinds = await reader.breakdown(NOVEMBER, 'unit', AS_OF, (key) =>
      key === null ? null : key.startsWith('dept-') ? 'department' : 'town',
    );
    expect(kinds.map((r) => r.key)).toEqual(['department', 'town', null]);
    expect(kinds[0].figures).toMatchObject({
      received: 3,
      closed: 1,
      overdueNow: 1,
      onTimeCompletionRate: { numerator: 1, denominator: 2 },
    });
    expect(kinds[1].figures.onTimeCompletionRate).toEqual({ numerator: 0, denominator: 1, value: 0 });

    // A unit's scope: its own row only.
    expect((await reader.breakdown({ ...NOVEMBER, unitId: 'dept-market' }, 'unit', AS_OF)).map((r) => r.key)).toEqual(['dept-market']);
  });
});
