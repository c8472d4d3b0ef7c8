import { randomUUID } from 'node:crypto';
import { caseStreamId, type CaseEvent } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { appendVisible, readModelHash } from '../../test/support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { applyEvents } from '../runner/apply-events';
import { ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { inTransaction } from '@app/platform';
import { dashboardProjection } from './dashboard.projection';

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };
const TABLES = ['dashboard_cases', 'dashboard_case_units', 'dashboard_measures', 'dashboard_accountability'];
const ORDER: Record<string, string> = {
  dashboard_case_units: 'notified_version',
  dashboard_measures: 'measure_id',
  dashboard_accountability: 'form',
};

/** An event and the Beijing day it happened on (its metadata's occurredAt, 10:00 that day). */
type Dated = [day: string, event: CaseEvent];

const ev = {
  filed: (caseId: string, receivedAt = '2026-09-24T09:00:00+08:00'): CaseEvent => ({
    type: 'ComplaintFiled',
    data: {
      caseId,
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '审批材料反复退回',
      description: '…',
      complainedUnitId: 'dept-market',
      receivedAt,
      complainant: { ref: 'r-1', anonymous: false },
    },
  }),
  accepted: (): CaseEvent => ({ type: 'ComplaintAccepted', data: { note: null } }),
  rejected: (): CaseEvent => ({ type: 'ComplaintRejected', data: { reason: '不属于受理范围' } }),
  notified: (unitId: string, role: 'lead' | 'co' = 'lead', signForDue = '2026-09-28', handlingDue = '2026-10-15'): CaseEvent => ({
    type: 'UnitNotified',
    data: { unitId, role, responsibleLeader: '张局长', signForDue, handlingDue, ...PROVENANCE },
  }),
  acknowledged: (unitId: string, day: string, acknowledgedAt = `${day}T16:00:00+08:00`): CaseEvent => ({
    type: 'UnitAcknowledged',
    data: { unitId, acknowledgedAt },
  }),
  disputed: (unitId: string): CaseEvent => ({ type: 'DispatchDisputed', data: { unitId, reason: '不属于本单位职责' } }),
  transferred: (fromUnitId: string, toUnitId: string): CaseEvent => ({
    type: 'CaseTransferred',
    data: {
      fromUnitId,
      toUnitId,
      role: 'lead',
      reason: '改派',
      responsibleLeader: '李局长',
      signForDue: '2026-10-09',
      handlingDue: '2026-10-23',
      ...PROVENANCE,
    },
  }),
  extensionRequested: (unitId: string): CaseEvent => ({
    type: 'ExtensionRequested',
    data: { unitId, reason: '需现场核查', workingDays: 5 },
  }),
  extended: (unitId: string, previousDue: string, newDue: string): CaseEvent => ({
    type: 'ExtensionGranted',
    data: { unitId, workingDays: 5, previousDue, newDue, calendarVersion: PROVENANCE.calendarVersion },
  }),
  passed: (deadline: 'sign_for' | 'handling', unitId: string, dueDate: string): CaseEvent => ({
    type: 'DeadlinePassed',
    data: { deadline, unitId, dueDate },
  }),
  supervised: (unitId: string): CaseEvent => ({ type: 'SupervisionIssued', data: { level: 'urge', unitId, note: '请加快办理' } }),
  reported: (unitId: string, day: string, complete = true): CaseEvent => ({
    type: 'HandlingReported',
    data: {
      unitId,
      factsFound: '窗口未一次性告知',
      factsEstablished: complete,
      result: complete ? '已办结' : null,
      reportedAt: `${day}T16:00:00+08:00`,
    },
  }),
  planned: (unitId: string, ...dueDates: string[]): CaseEvent => ({
    type: 'RectificationPlanned',
    data: {
      unitId,
      noRectificationReason: null,
      measures: dueDates.map((dueDate, i) => ({
        measureId: `M${i + 1}`,
        description: '整改',
        responsibleUnitId: unitId,
        responsibleLeader: '张局长',
        dueDate,
      })),
    },
  }),
  measureReported: (measureId: string, unitId: string): CaseEvent => ({
    type: 'RectificationReported',
    data: { measureId, unitId, report: '已完成' },
  }),
  verified: (measureId: string): CaseEvent => ({ type: 'RectificationVerified', data: { measureId, note: null } }),
  verificationRejected: (measureId: string): CaseEvent => ({ type: 'RectificationRejected', data: { measureId, reason: '无签到记录' } }),
  visited: (satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied'): CaseEvent => ({
    type: 'ReturnVisitRecorded',
    data: { satisfaction, note: null },
  }),
  reopened: (leadUnitId: string, handlingDue: string): CaseEvent => ({
    type: 'CaseReopened',
    data: { reason: '回访不满意', round: 2, leadUnitId, handlingDue, ...PROVENANCE },
  }),
  accountability: (unitId: string): CaseEvent => ({
    type: 'AccountabilityIssued',
    data: {
      accountabilityId: randomUUID(),
      target: { kind: 'person', unitId, name: '刘某', position: '窗口工作人员' },
      forms: ['admonishment', 'performance_deduction'],
      basis: { facts: '未一次性告知', rule: '首问负责制第五条' },
    },
  }),
  closed: (): CaseEvent => ({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: null } }),
};

describe('dashboard projection (events in → fact rows out)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function append(caseId: string, ...events: Dated[]): Promise<bigint> {
    const { position } = await appendVisible(
      store,
      caseStreamId(caseId),
      events.map(([day, event]) => ({ ...event, metadata: { occurredAt: `${day}T10:00:00+08:00` } })),
    );
    return position;
  }
  /** Rows as JSON, so dates read as the `YYYY-MM-DD` they are. */
  const rowsOf = async (table: string, caseId: string) =>
    (
      await db.pool.query(`SELECT to_jsonb(t) AS r FROM ${table} t WHERE case_id = $1 ORDER BY ${ORDER[table] ?? 'case_id'}`, [caseId])
    ).rows.map((r) => r.r);
  const caseRow = async (caseId: string) => (await rowsOf('dashboard_cases', caseId))[0];
  const tablesHash = () => readModelHash(db.pool, dashboardProjection);

  it('records what a leader counts through sign-for, extension, handling, rectification, an unsatisfied visit, reopening, accountability and closing', async () => {
    const id = randomUUID();
    await append(
      id,
      ['2026-09-24', ev.filed(id)],
      ['2026-09-24', ev.accepted()],
      ['2026-09-24', ev.notified('dept-market')],
      ['2026-09-24', ev.notified('dept-housing', 'co')],
      ['2026-09-25', ev.acknowledged('dept-market', '2026-09-25')],
      ['2026-09-29', ev.acknowledged('dept-housing', '2026-09-29')],
      ['2026-10-12', ev.extensionRequested('dept-market')],
      ['2026-10-12', ev.extended('dept-market', '2026-10-15', '2026-10-22')],
      ['2026-10-20', ev.reported('dept-market', '2026-10-20')],
      ['2026-10-20', ev.planned('dept-market', '2026-11-06', '2026-11-13')],
      ['2026-11-05', ev.measureReported('M1', 'dept-market')],
      ['2026-11-05', ev.measureReported('M2', 'dept-market')],
      ['2026-11-05', ev.verified('M1')],
      ['2026-11-05', ev.verificationRejected('M2')],
      ['2026-11-06', ev.visited('unsatisfied')],
    );
    await rebuildProjection(db.pool, store, dashboardProjection);
    expect(await caseRow(id)).toMatchObject({
      status: 'in_progress',
      received_on: '2026-09-24',
      accepted_on: '2026-09-24',
      lead_unit_id: 'dept-market',
      handling_due: '2026-10-22',
      lead_completed_on: '2026-10-20',
      handled_on: '2026-10-20',
      visits: 1,
      last_visit: 'unsatisfied',
      reopen_count: 0,
    });
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

    const runner = new ProjectionRunner(db.pool, store, dashboardProjection);
    const live = async (...events: Dated[]) => {
      const position = await append(id, ...events);
      await runner.applyBatch(await store.readAll({ after: position - 1_000_000_000n, filter: { streamPrefixes: ['case-'] } }));
    };
    // 重办: a new round and due date; the earlier complete report no longer counts, the handling does.
    await live(['2026-11-09', ev.reopened('dept-market', '2026-11-20')]);
    expect(await caseRow(id)).toMatchObject({
      round: 2,
      reopen_count: 1,
      handling_due: '2026-11-20',
      lead_completed_on: null,
      handled_on: '2026-10-20',
    });
    await live(
      ['2026-11-10', ev.measureReported('M2', 'dept-market')],
      ['2026-11-10', ev.verified('M2')],
      ['2026-11-16', ev.reported('dept-market', '2026-11-16')],
      ['2026-11-16', ev.visited('satisfied')],
      ['2026-11-16', ev.accountability('dept-market')],
      ['2026-11-17', ev.closed()],
    );
    expect(await caseRow(id)).toMatchObject({
      status: 'closed',
      closed_on: '2026-11-17',
      lead_completed_on: '2026-11-16',
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
    // Leaders read these tables: no complainant, no names, no free text.
    const everything = JSON.stringify(await Promise.all(TABLES.map((t) => rowsOf(t, id))));
    expect(everything).not.toMatch(/r-1|刘某|审批材料|complainant/);
  });

  it('a transfer hands the case and its due date to the new lead and ends the old dispatch; a deadline passing changes no fact', async () => {
    const id = randomUUID();
    await append(
      id,
      ['2026-09-24', ev.filed(id)],
      ['2026-09-24', ev.accepted()],
      ['2026-09-24', ev.notified('dept-market')],
      ['2026-09-29', ev.passed('sign_for', 'dept-market', '2026-09-28')],
      ['2026-10-08', ev.transferred('dept-market', 'dept-approval')],
      ['2026-10-09', ev.acknowledged('dept-approval', '2026-10-09')],
      ['2026-10-12', ev.extended('dept-approval', '2026-10-23', '2026-10-30')],
      ['2026-10-12', ev.notified('dept-housing', 'co', '2026-10-13', '2026-10-23')],
      ['2026-10-13', ev.disputed('dept-housing')],
      ['2026-10-20', ev.supervised('dept-approval')],
      ['2026-10-20', ev.reported('dept-approval', '2026-10-20', false)],
      ['2026-10-31', ev.passed('handling', 'dept-approval', '2026-10-30')],
    );
    await rebuildProjection(db.pool, store, dashboardProjection);
    expect(await caseRow(id)).toMatchObject({
      status: 'in_progress',
      lead_unit_id: 'dept-approval',
      handling_due: '2026-10-30',
      version: 12,
      // an interim report (facts not established) is handling, but does not meet the deadline
      handled_on: '2026-10-20',
      lead_completed_on: null,
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
    await append(
      id,
      ['2026-09-24', ev.filed(id)],
      ['2026-09-24', ev.accepted()],
      ['2026-09-24', ev.notified('dept-market')],
      ['2026-09-25', ev.disputed('dept-market')],
    );
    await rebuildProjection(db.pool, store, dashboardProjection);
    expect(await caseRow(id)).toMatchObject({ lead_unit_id: null, handling_due: null });
    const runner = new ProjectionRunner(db.pool, store, dashboardProjection);
    const position = await append(
      id,
      ['2026-09-28', ev.notified('dept-housing', 'lead', '2026-09-29', '2026-10-16')],
      ['2026-09-28', ev.acknowledged('dept-housing', '2026-09-28')],
    );
    await runner.applyBatch(await store.readAll({ after: position - 1_000_000_000n, filter: { streamPrefixes: ['case-'] } }));
    expect(await caseRow(id)).toMatchObject({ lead_unit_id: 'dept-housing', handling_due: '2026-10-16' });
    expect((await rowsOf('dashboard_case_units', id)).map((u) => [u.unit_id, u.acknowledged_on, u.ended_by])).toEqual([
      ['dept-market', null, 'disputed'],
      ['dept-housing', '2026-09-28', null],
    ]);
  });

  it('a sign-for or report is dated by when it happened in Beijing; one recorded before that field existed by its occurredAt', async () => {
    const id = randomUUID();
    const withoutReportedAt = ev.reported('dept-market', '2026-09-29');
    delete (withoutReportedAt.data as { reportedAt?: string }).reportedAt;
    await append(
      id,
      ['2026-09-24', ev.filed(id)],
      ['2026-09-24', ev.accepted()],
      ['2026-09-24', ev.notified('dept-market')],
      // signed for at 23:30 on the due day in Beijing (15:30 UTC), recorded the next morning
      ['2026-09-29', ev.acknowledged('dept-market', '2026-09-28', '2026-09-28T15:30:00Z')],
      ['2026-09-30', withoutReportedAt],
    );
    await rebuildProjection(db.pool, store, dashboardProjection);
    expect((await rowsOf('dashboard_case_units', id))[0]).toMatchObject({ sign_for_due: '2026-09-28', acknowledged_on: '2026-09-28' });
    expect(await caseRow(id)).toMatchObject({ lead_completed_on: '2026-09-30', handled_on: '2026-09-30' });
  });

  it('a rejected complaint is received and rejected, and reaches no unit', async () => {
    const id = randomUUID();
    // Received just after midnight in Beijing: still the 25th there, the 24th in UTC.
    await append(id, ['2026-09-25', ev.filed(id, '2026-09-24T16:30:00Z')], ['2026-09-25', ev.rejected()]);
    await rebuildProjection(db.pool, store, dashboardProjection);
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
    await append(id, ['2026-09-24', ev.filed(id)]);
    await rebuildProjection(db.pool, store, dashboardProjection);
    await append(
      id,
      ['2026-09-24', ev.accepted()],
      ['2026-09-24', ev.notified('dept-market')],
      ['2026-09-25', ev.acknowledged('dept-market', '2026-09-25')],
      ['2026-10-12', ev.reported('dept-market', '2026-10-12')],
      ['2026-10-12', ev.planned('dept-market', '2026-11-06')],
      ['2026-10-13', ev.visited('satisfied')],
      ['2026-10-13', ev.accountability('dept-market')],
      ['2026-10-14', ev.transferred('dept-market', 'dept-housing')],
    );
    const batch = await store.readAll({ filter: { streamPrefixes: ['case-'] } });
    const runner = new ProjectionRunner(db.pool, store, dashboardProjection);
    await runner.applyBatch(batch);
    const once = await tablesHash();
    expect(await caseRow(id)).toMatchObject({ visits: 1, version: 9 });
    await runner.applyBatch(batch);
    expect(await tablesHash()).toBe(once);
    // Bypassing the checkpoint: the handlers themselves see every event again.
    await inTransaction(db.pool, (client) => applyEvents(client, dashboardProjection, 1, batch));
    expect(await tablesHash()).toBe(once);
    expect(await caseRow(id)).toMatchObject({ visits: 1, reopen_count: 0 });
  });

  it('a rebuild equals the incremental build, table by table', async () => {
    await rebuildProjection(db.pool, store, dashboardProjection); // generation 1, empty
    const runner = new ProjectionRunner(db.pool, store, dashboardProjection);
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      const events: Dated[] = [
        ['2026-09-24', ev.filed(id)],
        ['2026-09-24', ev.accepted()],
        ['2026-09-24', ev.notified('dept-market')],
      ];
      if (i % 2)
        events.push(
          ['2026-09-28', ev.transferred('dept-market', 'dept-housing')],
          ['2026-10-12', ev.extended('dept-housing', '2026-10-23', '2026-10-30')],
        );
      if (i % 3 === 0) {
        events.push(
          ['2026-09-25', ev.acknowledged('dept-market', '2026-09-25')],
          ['2026-10-12', ev.reported('dept-market', '2026-10-12')],
          ['2026-10-12', ev.planned('dept-market', '2026-10-20')],
          ['2026-10-13', ev.visited('unsatisfied')],
          ['2026-10-14', ev.reopened('dept-market', '2026-10-28')],
          ['2026-10-15', ev.accountability('dept-market')],
        );
      }
      const position = await append(id, ...events);
      await runner.applyBatch(await store.readAll({ after: position - 1_000_000_000n, filter: { streamPrefixes: ['case-'] } }));
    }
    const incremental = await tablesHash();
    expect((await db.pool.query('SELECT count(*)::int AS n FROM dashboard_cases')).rows[0].n).toBe(6);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM dashboard_accountability')).rows[0].n).toBe(4);
    const { generation } = await rebuildProjection(db.pool, store, dashboardProjection);
    expect(generation).toBe(2);
    expect(await tablesHash()).toBe(incremental);
  });
});
