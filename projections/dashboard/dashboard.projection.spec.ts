import { randomUUID } from 'node:crypto';
import { findingStreamId, type HandlingRound } from '@app/domain';
import { findingRaised, measureCard, measuresPlanned } from '@app/domain/finding/finding.fixtures';
import type { EventEnvelope } from '@app/event-store';
import * as ev from '../../test/support/case-events';
import { asWrittenBefore, withMetadata, type TestEvent } from '../../test/support/event-log';
import { dashboardFromFacts } from '../../test/support/dashboard-facts-reference';
import { recountDashboard } from '../../test/support/dashboard-recount';
import { useProjectionTest, type ProjectionTest } from '../../test/support/projection-kit';
import { dashboardProjection } from './dashboard.projection';
import { DashboardReader } from './dashboard.reader';

const TABLES = ['dashboard_cases', 'dashboard_case_units', 'dashboard_measures', 'dashboard_accountability'];
const ORDER: Record<string, string> = {
  dashboard_case_units: 'notified_version',
  dashboard_measures: 'measure_id',
  dashboard_accountability: 'form',
};

/** An event and the Beijing day it happened on (its metadata's occurredAt, 10:00 that day). */
type Dated = [day: string, event: TestEvent];

/** Filed, accepted and dispatched (交办) to dept-market on 24 September, where most stories here start. */
const dispatchedOn24Sep = (caseId: string): Dated[] => ev.filedAndDispatched(caseId, 'dept-market').map((event) => ['2026-09-24', event]);

/** Due dates of a lead the case is transferred (改派) to on 8 Oct. */
const TRANSFERRED_8_OCT = { signForDue: '2026-10-09', handlingDue: '2026-10-23' };
/** Measures (整改措施) M1, M2, … of `unitId`, due on these dates. */
const measuresDue = (unitId: string, ...dueDates: string[]) =>
  dueDates.map((dueDate, i) => ({
    measureId: `M${i + 1}`,
    description: '整改',
    responsibleUnitId: unitId,
    responsibleLeader: '张局长',
    dueDate,
  }));
/** A named official of `unitId` admonished, with a performance deduction. */
const officialAccountable = (unitId: string) =>
  ev.accountabilityIssued({
    accountabilityId: randomUUID(),
    target: { kind: 'person', unitId, name: '刘某', position: '窗口工作人员' },
    forms: ['admonishment', 'performance_deduction'],
    basis: { facts: '未一次性告知', rule: '首问负责制第五条' },
  });

describe('dashboard projection (events in → fact rows out)', () => {
  const db = useProjectionTest(dashboardProjection);
  const dated = ([day, event]: Dated) => withMetadata(event, { occurredAt: `${day}T10:00:00+08:00` });
  const append = (caseId: string, ...events: Dated[]) => db.appendToCase(caseId, ...events.map(dated));
  /**
   * A finding of the ledger (问题) raised against `unitId` on 20 October, its measures planned and one
   * carded red (none of which the dashboard counts), then an official of `unitId` held to account on it on `day`.
   */
  const findingHeldToAccount = (findingId: string, unitId: string, day: string) =>
    db.append(
      findingStreamId(findingId),
      ...(
        [
          ['2026-10-20', findingRaised({ findingId, unitId })],
          ['2026-10-30', measuresPlanned()],
          ['2026-11-07', measureCard('M2', 'measure_due', '2026-11-06')],
          [day, officialAccountable(unitId)],
        ] as Dated[]
      ).map(dated),
    );
  /** Rows as JSON, so dates read as the `YYYY-MM-DD` they are. */
  const rowsOf = async (table: string, caseId: string) =>
    (
      await db.pool.query(`SELECT to_jsonb(t) AS r FROM ${table} t WHERE case_id = $1 ORDER BY ${ORDER[table] ?? 'case_id'}`, [caseId])
    ).rows.map((r) => r.r);
  const caseRow = async (caseId: string) => (await rowsOf('dashboard_cases', caseId))[0];
  /** The lead's handling deadline of each round as [round, unit, due date, complete report's instant]. */
  const roundsOf = async (caseId: string) =>
    ((await caseRow(caseId)).handling_rounds as HandlingRound[]).map((r) => [r.round, r.unitId, r.due, r.doneAt]);

  it('records what a leader counts through sign-for, extension, handling, rectification, an unsatisfied visit, reopening, accountability and closing', async () => {
    const id = randomUUID();
    await append(
      id,
      // A title and a complainant reference the last assertion looks for in the leaders' tables.
      ['2026-09-24', ev.complaintFiled({ caseId: id, title: '审批材料反复退回', complainant: { ref: 'r-1', anonymous: false } })],
      ['2026-09-24', ev.complaintAccepted()],
      ['2026-09-24', ev.unitNotified('dept-market')],
      ['2026-09-24', ev.unitNotified('dept-housing', { role: 'co' })],
      ['2026-09-25', ev.unitAcknowledged('dept-market', '2026-09-25T16:00:00+08:00')],
      ['2026-09-29', ev.unitAcknowledged('dept-housing', '2026-09-29T16:00:00+08:00')],
      ['2026-10-12', ev.extensionRequested('dept-market')],
      ['2026-10-12', ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-15', newDue: '2026-10-22' })],
      ['2026-10-20', ev.handlingReported('dept-market', { reportedAt: '2026-10-20T16:00:00+08:00' })],
      ['2026-10-20', ev.rectificationPlanned(measuresDue('dept-market', '2026-11-06', '2026-11-13'), 'dept-market')],
      ['2026-11-05', ev.rectificationReported('M1', 'dept-market')],
      ['2026-11-05', ev.rectificationReported('M2', 'dept-market')],
      ['2026-11-05', ev.rectificationVerified('M1')],
      ['2026-11-05', ev.rectificationRejected('M2')],
      ['2026-11-06', ev.returnVisitRecorded('unsatisfied')],
    );
    await db.rebuild();
    expect(await caseRow(id)).toMatchObject({
      status: 'in_progress',
      received_on: '2026-09-24',
      accepted_on: '2026-09-24',
      lead_unit_id: 'dept-market',
      handling_due: '2026-10-22',
      handled_on: '2026-10-20',
      visits: 1,
      last_visit: 'unsatisfied',
      reopen_count: 0,
    });
    // Reported on the extended due date itself: met, so never missed.
    expect(await roundsOf(id)).toEqual([[1, 'dept-market', '2026-10-22', '2026-10-20T16:00:00+08:00']]);
    expect(await caseRow(id)).toMatchObject({ handling_missed_from: null, open_late_from: null });
    expect(await rowsOf('dashboard_measures', id)).toEqual([
      expect.objectContaining({
        measure_id: 'M1',
        status: 'verified',
        verified_on: '2026-11-05',
        due_date: '2026-11-06',
        responsible_unit_id: 'dept-market',
      }),
      expect.objectContaining({
        measure_id: 'M2',
        status: 'rejected',
        reported_on: '2026-11-05',
        verified_on: null,
        due_date: '2026-11-13',
      }),
    ]);

    const live = async (...events: Dated[]) => {
      await append(id, ...events);
      await db.project();
    };
    // 重办: a new round and due date, open until its own complete report; the first round stays as it was.
    await live(['2026-11-09', ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-20' })]);
    expect(await caseRow(id)).toMatchObject({
      round: 2,
      reopen_count: 1,
      handling_due: '2026-11-20',
      handled_on: '2026-10-20',
      open_late_from: '2026-11-20T16:00:00+00:00',
    });
    expect(await roundsOf(id)).toEqual([
      [1, 'dept-market', '2026-10-22', '2026-10-20T16:00:00+08:00'],
      [2, 'dept-market', '2026-11-20', null],
    ]);
    await live(
      ['2026-11-10', ev.rectificationReported('M2', 'dept-market')],
      ['2026-11-10', ev.rectificationVerified('M2')],
      ['2026-11-16', ev.handlingReported('dept-market', { reportedAt: '2026-11-16T16:00:00+08:00' })],
      ['2026-11-16', ev.returnVisitRecorded('satisfied')],
      ['2026-11-16', officialAccountable('dept-market')],
      ['2026-11-17', ev.caseClosed()],
    );
    expect(await caseRow(id)).toMatchObject({
      status: 'closed',
      closed_on: '2026-11-17',
      handling_missed_from: null,
      open_late_from: null,
      handling_due: '2026-11-20',
      visits: 2,
      last_visit: 'satisfied',
      last_visit_on: '2026-11-16',
    });
    expect(await rowsOf('dashboard_case_units', id)).toEqual([
      expect.objectContaining({
        unit_id: 'dept-market',
        role: 'lead',
        sign_for_due: '2026-09-28',
        acknowledged_on: '2026-09-25',
        ended_on: null,
      }),
      expect.objectContaining({
        unit_id: 'dept-housing',
        role: 'co',
        notified_on: '2026-09-24',
        sign_for_due: '2026-09-28',
        acknowledged_on: '2026-09-29',
        ended_on: null,
      }),
    ]);
    expect((await rowsOf('dashboard_measures', id)).map((m) => [m.measure_id, m.status, m.verified_on])).toEqual([
      ['M1', 'verified', '2026-11-05'],
      ['M2', 'verified', '2026-11-10'],
    ]);
    expect((await rowsOf('dashboard_accountability', id)).map((a) => [a.form, a.target_kind, a.target_unit_id, a.issued_on])).toEqual([
      ['admonishment', 'person', 'dept-market', '2026-11-16'],
      ['performance_deduction', 'person', 'dept-market', '2026-11-16'],
    ]);
    // 回头看: the discipline office reopens the closed case: in progress again, judged on round 3.
    await live(['2026-11-27', ev.caseReopened({ leadUnitId: 'dept-market', round: 3, handlingDue: '2026-12-11', lookBack: true })]);
    expect(await caseRow(id)).toMatchObject({
      status: 'in_progress',
      closed_on: null,
      round: 3,
      reopen_count: 2,
      handling_due: '2026-12-11',
    });
    // Leaders read these tables: no complainant, no names, no free text.
    const everything = JSON.stringify(await Promise.all(TABLES.map((t) => rowsOf(t, id))));
    expect(everything).not.toMatch(/r-1|刘某|审批材料|complainant/);
  });

  it('accountability issued on a finding of the ledger counts for its target unit on the day it was issued, unless the figures are narrowed to a category or channel of cases', async () => {
    await findingHeldToAccount('MP-2026-011', 'dept-housing', '2026-11-16');
    await db.rebuild();
    expect((await db.pool.query('SELECT to_jsonb(f) AS r FROM dashboard_finding_accountability f')).rows.map((r) => r.r)).toEqual([
      {
        finding_id: 'MP-2026-011',
        accountability_id: expect.any(String),
        forms: ['admonishment', 'performance_deduction'],
        target_kind: 'person',
        target_unit_id: 'dept-housing',
        issued_on: '2026-11-16',
      },
    ]);
    // Nothing else of the finding is a fact of the dashboard: its measures are the ledger's.
    expect((await db.pool.query('SELECT count(*)::int AS n FROM dashboard_measures')).rows[0].n).toBe(0);
    const asOf = new Date('2026-12-01T00:00:00Z');
    const figures = async (scope: Partial<Parameters<DashboardReader['figures']>[0]>, interval: 'month' | null = null) =>
      (
        await new DashboardReader(db.pool).figures(
          { from: '2026-11-01', to: '2026-11-30', unitId: null, category: null, channel: null, ...scope },
          interval,
          asOf,
        )
      ).map((b) => [b.label, b.figures.received, b.figures.accountability.issued, b.figures.accountability.byForm.admonishment]);
    expect(await figures({})).toEqual([['2026-11-01', 0, 1, 1]]);
    expect(await figures({ unitId: 'dept-housing' })).toEqual([['2026-11-01', 0, 1, 1]]);
    expect(await figures({ unitId: 'dept-market' })).toEqual([['2026-11-01', 0, 0, 0]]);
    expect(await figures({ from: '2026-11-17' })).toEqual([['2026-11-17', 0, 0, 0]]);
    expect(await figures({ from: '2026-10-01', to: '2026-12-31' }, 'month')).toEqual([
      ['2026-10', 0, 0, 0],
      ['2026-11', 0, 1, 1],
      ['2026-12', 0, 0, 0],
    ]);
    expect(await figures({ category: 'cumbersome_approval' })).toEqual([['2026-11-01', 0, 0, 0]]);
    expect(await figures({ channel: 'hotline' })).toEqual([['2026-11-01', 0, 0, 0]]);
  });

  it('a transfer hands the case and its due date to the new lead and ends the old dispatch; a deadline passing changes no fact', async () => {
    const id = randomUUID();
    await append(
      id,
      ...dispatchedOn24Sep(id),
      ['2026-09-29', ev.deadlinePassed('sign_for', '2026-09-28', 'dept-market')],
      ['2026-10-08', ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval', ...TRANSFERRED_8_OCT })],
      ['2026-10-09', ev.unitAcknowledged('dept-approval', '2026-10-09T16:00:00+08:00')],
      ['2026-10-12', ev.extensionGranted({ unitId: 'dept-approval', previousDue: '2026-10-23', newDue: '2026-10-30' })],
      ['2026-10-12', ev.unitNotified('dept-housing', { role: 'co', signForDue: '2026-10-13', handlingDue: '2026-10-23' })],
      ['2026-10-13', ev.dispatchDisputed('dept-housing')],
      ['2026-10-20', ev.supervisionIssued('dept-approval')],
      ['2026-10-20', ev.interimReport('dept-approval', { reportedAt: '2026-10-20T16:00:00+08:00' })],
      ['2026-10-31', ev.deadlinePassed('handling', '2026-10-30', 'dept-approval')],
    );
    await db.rebuild();
    expect(await caseRow(id)).toMatchObject({
      status: 'in_progress',
      lead_unit_id: 'dept-approval',
      handling_due: '2026-10-30',
      version: 12,
      // an interim report (facts not established) is handling, but does not meet the deadline
      handled_on: '2026-10-20',
      // DeadlinePassed changes no fact: the open deadline is late from the end of 30 Oct in Beijing.
      open_late_from: '2026-10-30T16:00:00+00:00',
      handling_missed_from: '2026-10-30T16:00:00+00:00',
    });
    expect(
      (await rowsOf('dashboard_case_units', id)).map((u) => [
        u.unit_id,
        u.notified_on,
        u.sign_for_due,
        u.acknowledged_on,
        u.ended_on,
        u.ended_by,
      ]),
    ).toEqual([
      ['dept-market', '2026-09-24', '2026-09-28', null, '2026-10-08', 'transferred'],
      ['dept-approval', '2026-10-08', '2026-10-09', '2026-10-09', null, null],
      ['dept-housing', '2026-10-12', '2026-10-13', null, '2026-10-13', 'disputed'],
    ]);
  });

  it('a lead that disputes the dispatch leaves the case without a lead until it is dispatched again', async () => {
    const id = randomUUID();
    await append(id, ...dispatchedOn24Sep(id), ['2026-09-25', ev.dispatchDisputed('dept-market')]);
    await db.rebuild();
    expect(await caseRow(id)).toMatchObject({ lead_unit_id: null, handling_due: null });
    await append(
      id,
      ['2026-09-28', ev.unitNotified('dept-housing', { role: 'lead', signForDue: '2026-09-29', handlingDue: '2026-10-16' })],
      ['2026-09-28', ev.unitAcknowledged('dept-housing', '2026-09-28T16:00:00+08:00')],
    );
    await db.project();
    expect(await caseRow(id)).toMatchObject({ lead_unit_id: 'dept-housing', handling_due: '2026-10-16' });
    expect((await rowsOf('dashboard_case_units', id)).map((u) => [u.unit_id, u.acknowledged_on, u.ended_by])).toEqual([
      ['dept-market', null, 'disputed'],
      ['dept-housing', '2026-09-28', null],
    ]);
  });

  it('a sign-for or report is dated by when it happened in Beijing; one recorded before that field existed by its occurredAt', async () => {
    const id = randomUUID();
    await append(
      id,
      ...dispatchedOn24Sep(id),
      // signed for at 23:30 on the due day in Beijing (15:30 UTC), recorded the next morning
      ['2026-09-29', ev.unitAcknowledged('dept-market', '2026-09-28T15:30:00Z')],
      ['2026-09-30', asWrittenBefore('reportedAt', ev.handlingReported('dept-market'))],
    );
    await db.rebuild();
    expect((await rowsOf('dashboard_case_units', id))[0]).toMatchObject({ sign_for_due: '2026-09-28', acknowledged_on: '2026-09-28' });
    expect(await caseRow(id)).toMatchObject({ handled_on: '2026-09-30' });
    expect(await roundsOf(id)).toEqual([[1, 'dept-market', '2026-10-15', '2026-09-30T10:00:00+08:00']]);
  });

  it('a rejected complaint is received and rejected, and reaches no unit', async () => {
    const id = randomUUID();
    // Received just after midnight in Beijing: still the 25th there, the 24th in UTC.
    await append(
      id,
      ['2026-09-25', ev.complaintFiled({ caseId: id, receivedAt: '2026-09-24T16:30:00Z' })],
      ['2026-09-25', ev.complaintRejected()],
    );
    await db.rebuild();
    expect(await caseRow(id)).toMatchObject({
      status: 'rejected',
      received_on: '2026-09-25',
      rejected_on: '2026-09-25',
      accepted_on: null,
      lead_unit_id: null,
    });
    expect(await rowsOf('dashboard_case_units', id)).toEqual([]);
  });

  it('handlers applied twice to the same events change nothing (the version guard), nor does a batch given twice (the checkpoint)', async () => {
    const id = randomUUID();
    await append(id, ['2026-09-24', ev.complaintFiled({ caseId: id })]);
    await db.rebuild();
    await append(
      id,
      ['2026-09-24', ev.complaintAccepted()],
      ['2026-09-24', ev.unitNotified('dept-market')],
      ['2026-09-25', ev.unitAcknowledged('dept-market', '2026-09-25T16:00:00+08:00')],
      ['2026-10-12', ev.handlingReported('dept-market', { reportedAt: '2026-10-12T16:00:00+08:00' })],
      ['2026-10-12', ev.rectificationPlanned(measuresDue('dept-market', '2026-11-06'), 'dept-market')],
      ['2026-10-13', ev.returnVisitRecorded('satisfied')],
      ['2026-10-13', officialAccountable('dept-market')],
      ['2026-10-14', ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing', ...TRANSFERRED_8_OCT })],
    );
    await findingHeldToAccount('MP-1', 'dept-market', '2026-11-16');
    const batch = await db.followedLog();
    const runner = db.runner();
    await runner.applyBatch(batch);
    const once = await db.hash();
    expect(await caseRow(id)).toMatchObject({ visits: 1, version: 9 });
    await runner.applyBatch(batch);
    expect(await db.hash()).toBe(once);
    // Bypassing the checkpoint: the handlers themselves see every event again.
    await db.applyThroughHandlers(batch);
    expect(await db.hash()).toBe(once);
    expect(await caseRow(id)).toMatchObject({ visits: 1, reopen_count: 0 });
    const [{ figures }] = await new DashboardReader(db.pool).figures(
      { from: '2026-09-01', to: '2026-11-30', unitId: 'dept-market', category: null, channel: null },
      null,
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(figures.accountability.issued).toBe(2); // one on the case, one on the finding
  });

  it('the counts kept event by event equal the counts made again from the fact rows, and answer what the fact rows answer', async () => {
    await db.rebuild();
    const stories: Dated[][] = [
      [
        ['2026-09-25', ev.unitAcknowledged('dept-market', '2026-09-25T16:00:00+08:00')],
        ['2026-10-12', ev.handlingReported('dept-market', { reportedAt: '2026-10-12T16:00:00+08:00' })],
        ['2026-10-12', ev.rectificationPlanned(measuresDue('dept-market', '2026-10-20', '2026-11-30'), 'dept-market')],
        ['2026-10-19', ev.rectificationReported('M1')],
        ['2026-10-20', ev.rectificationVerified('M1')],
        ['2026-10-21', ev.rectificationReported('M2')],
        ['2026-10-22', ev.rectificationRejected('M2')],
        ['2026-10-23', ev.returnVisitRecorded('satisfied')],
        ['2026-10-24', officialAccountable('dept-market')],
        ['2026-10-25', ev.caseClosed()],
      ],
      [
        ['2026-09-28', ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing', ...TRANSFERRED_8_OCT })],
        ['2026-10-12', ev.extensionGranted({ unitId: 'dept-housing', previousDue: '2026-10-23', newDue: '2026-12-30' })],
      ],
      [['2026-09-30', ev.dispatchDisputed('dept-market')]],
      [
        ['2026-10-20', ev.handlingReported('dept-market', { reportedAt: '2026-10-20T16:00:00+08:00' })],
        ['2026-10-21', ev.returnVisitRecorded('unsatisfied')],
        ['2026-10-22', ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-12-28' })],
      ],
      [],
    ];
    for (const story of stories) {
      const id = randomUUID();
      await append(id, ...dispatchedOn24Sep(id));
      await db.project();
      if (story.length === 0) continue;
      await append(id, ...story);
      await db.project();
    }
    // Decisions on findings of the ledger: one in a month read from its month row, one at the edge of
    // a period read from day rows, against a unit that is asked for and one that is not.
    await findingHeldToAccount('MP-1', 'dept-housing', '2026-11-16');
    await findingHeldToAccount('MP-2', 'dept-market', '2026-09-12');
    await db.project();
    const asked = async (figures = (...args: Parameters<DashboardReader['figures']>) => new DashboardReader(db.pool).figures(...args)) => {
      const answers = [];
      for (const asOf of ['2026-10-16T00:00:00Z', '2026-11-25T00:00:00Z', '2027-01-05T00:00:00Z'].map((t) => new Date(t)))
        for (const unitId of [null, 'dept-housing'])
          // A summary from month rows, a trend by month from day rows at its first edge, one by week from day rows.
          for (const [from, interval] of [
            ['2026-09-01', null],
            ['2026-09-10', 'month'],
            ['2026-09-01', 'week'],
          ] as const)
            answers.push(await figures({ from, to: '2026-12-31', unitId, category: null, channel: null }, interval, asOf));
      return answers;
    };
    // Rows every counter of which is 0 (a unit's count moved away) are the same as none.
    const counts = async () => ({
      counts: (await db.pool.query('SELECT to_jsonb(c) AS r FROM dashboard_counts c')).rows
        .map((r) => r.r)
        .filter((r) => Object.values(r).some((v) => typeof v === 'number' && v !== 0))
        .map((r) => JSON.stringify(r))
        .sort(),
      pending: (await db.pool.query('SELECT to_jsonb(p) AS r FROM dashboard_pending p WHERE n <> 0')).rows
        .map((r) => JSON.stringify(r.r))
        .sort(),
    });
    const [kept, answered] = [await counts(), await asked()];
    // The figures as they were aggregated from the fact rows before there were counters.
    expect(answered).toEqual(await asked((...args) => dashboardFromFacts(db.pool, ...args)));
    await recountDashboard(db.pool);
    expect(await counts()).toEqual(kept);
    expect(await asked()).toEqual(answered);
    // The stories reach the figures that depend on the instant asked.
    const [early, late] = [answered[0][0].figures, answered[12][0].figures];
    expect([early.overdueNow, late.overdueNow]).toEqual([1, 3]);
    expect(early.rectification).toEqual({ planned: 2, verified: 1, overdue: 0 });
    expect(late.rectification).toEqual({ planned: 2, verified: 1, overdue: 1 });
  }, 120_000);

  it('a rebuild equals the incremental build, table by table, and so does the log applied in batches of 1, 3, 7 or all', async () => {
    await db.rebuild(); // generation 1, empty
    // Received earlier in the month (its day's counts apart, its month's with the others'), then
    // transferred away and back: dept-housing's counts move and move back, within a batch or across batches.
    const id = randomUUID();
    await append(
      id,
      ['2026-09-10', ev.complaintFiled({ caseId: id, receivedAt: '2026-09-10T09:00:00+08:00' })],
      ...dispatchedOn24Sep(id).slice(1),
      ['2026-09-28', ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing', ...TRANSFERRED_8_OCT })],
      ['2026-09-29', ev.caseTransferred({ fromUnitId: 'dept-housing', toUnitId: 'dept-market', ...TRANSFERRED_8_OCT })],
      ['2026-09-30', ev.unitAcknowledged('dept-market', '2026-09-30T16:00:00+08:00')],
    );
    await db.project();
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      const events = dispatchedOn24Sep(id);
      if (i % 2)
        events.push(
          ['2026-09-28', ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing', ...TRANSFERRED_8_OCT })],
          ['2026-10-12', ev.extensionGranted({ unitId: 'dept-housing', previousDue: '2026-10-23', newDue: '2026-10-30' })],
        );
      if (i % 3 === 0) {
        events.push(
          ['2026-09-25', ev.unitAcknowledged('dept-market', '2026-09-25T16:00:00+08:00')],
          ['2026-10-12', ev.handlingReported('dept-market', { reportedAt: '2026-10-12T16:00:00+08:00' })],
          ['2026-10-12', ev.rectificationPlanned(measuresDue('dept-market', '2026-10-20'), 'dept-market')],
          ['2026-10-13', ev.returnVisitRecorded('unsatisfied')],
          ['2026-10-14', ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-10-28' })],
          ['2026-10-15', officialAccountable('dept-market')],
        );
      }
      await append(id, ...events);
      await db.project();
    }
    // Decisions on findings of the ledger, a batch each and two in one batch, one of them on a case's day.
    await findingHeldToAccount('MP-1', 'dept-market', '2026-10-15');
    await db.project();
    await findingHeldToAccount('MP-2', 'dept-housing', '2026-10-16');
    await db.append(findingStreamId('MP-2'), dated(['2026-10-17', officialAccountable('dept-housing')]));
    await db.project();
    const incremental = await db.hash();
    expect((await db.pool.query('SELECT count(*)::int AS n FROM dashboard_finding_accountability')).rows[0].n).toBe(3);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM dashboard_cases')).rows[0].n).toBe(7);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM dashboard_accountability')).rows[0].n).toBe(4);
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(incremental);
    const log = await db.followedLog();
    for (const size of [1, 3, 7, log.length]) expect([size, await hashAppliedInBatches(db, log, size)]).toEqual([size, incremental]);
  });
});

/** The read model's hash once emptied and then given `log` in batches of `size` events, as a runner with that batch size would. */
async function hashAppliedInBatches(db: ProjectionTest, log: readonly EventEnvelope[], size: number): Promise<string> {
  for (const table of dashboardProjection.tables) await db.pool.query(`DELETE FROM ${table.name}`);
  for (let i = 0; i < log.length; i += size) await db.applyThroughHandlers(log.slice(i, i + size));
  return db.hash();
}
