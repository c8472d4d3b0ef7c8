import { randomUUID } from 'node:crypto';
import { caseStreamId, type CaseEvent, type SupervisionLevel, type UnitRole } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { appendVisible, project as projectReadModel, readModelHash } from '../../test/support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { applyEvents } from '../runner/apply-events';
import { ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { inTransaction } from '@app/platform';
import { overdueProjection } from './overdue.projection';

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };
const ev = {
  filed: (caseId: string): CaseEvent => ({
    type: 'ComplaintFiled',
    data: {
      caseId,
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '审批材料反复退回',
      description: '…',
      complainedUnitId: 'dept-market',
      receivedAt: '2026-09-24T09:00:00+08:00',
      complainant: { ref: 'r-1', anonymous: false },
    },
  }),
  accepted: (): CaseEvent => ({ type: 'ComplaintAccepted', data: { note: null } }),
  rejected: (): CaseEvent => ({ type: 'ComplaintRejected', data: { reason: '不属于受理范围' } }),
  notified: (unitId: string, role: UnitRole = 'lead', signForDue = '2026-09-28', handlingDue = '2026-10-15'): CaseEvent => ({
    type: 'UnitNotified',
    data: { unitId, role, responsibleLeader: '张局长', signForDue, handlingDue, ...PROVENANCE },
  }),
  acknowledged: (unitId: string): CaseEvent => ({
    type: 'UnitAcknowledged',
    data: { unitId, acknowledgedAt: '2026-09-25T10:00:00+08:00' },
  }),
  disputed: (unitId: string): CaseEvent => ({ type: 'DispatchDisputed', data: { unitId, reason: '不属本单位职责' } }),
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
  extended: (unitId: string, previousDue: string, newDue: string, workingDays: number): CaseEvent => ({
    type: 'ExtensionGranted',
    data: { unitId, workingDays, previousDue, newDue, calendarVersion: PROVENANCE.calendarVersion },
  }),
  supervised: (unitId: string, level: SupervisionLevel): CaseEvent => ({
    type: 'SupervisionIssued',
    data: { level, unitId, note: '请加快办理' },
  }),
  passed: (deadline: 'sign_for' | 'handling', unitId: string, dueDate: string): CaseEvent => ({
    type: 'DeadlinePassed',
    data: { deadline, unitId, dueDate },
  }),
  reported: (unitId: string, complete: boolean): CaseEvent => ({
    type: 'HandlingReported',
    data: {
      unitId,
      factsFound: '窗口未一次性告知',
      factsEstablished: complete,
      result: complete ? '已办结' : null,
      reportedAt: '2026-10-12T10:00:00+08:00',
    },
  }),
  reopened: (leadUnitId: string, handlingDue: string): CaseEvent => ({
    type: 'CaseReopened',
    data: { reason: '回访不满意', round: 2, leadUnitId, handlingDue, ...PROVENANCE },
  }),
  closed: (): CaseEvent => ({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: '情节轻微' } }),
};

describe('overdue projection (events in → open deadlines out)', () => {
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

  async function append(caseId: string, ...events: CaseEvent[]): Promise<void> {
    await appendVisible(store, caseStreamId(caseId), events);
  }
  /** Builds the read model the first time, then applies what the log has beyond the checkpoint, as the live runner does. */
  async function project(): Promise<void> {
    await projectReadModel(db.pool, store, overdueProjection);
  }
  const deadlines = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT unit_id, kind, unit_role, open, due_date::text AS due, round, deadline_passed, supervision_count, supervision_level,
                extension_times, extension_working_days, due_before_extension::text AS due_before_extension
           FROM overdue_deadlines WHERE case_id = $1 ORDER BY unit_id, kind`,
        [caseId],
      )
    ).rows;
  const deadline = async (caseId: string, unitId: string, kind: string) =>
    (await deadlines(caseId)).find((d) => d.unit_id === unitId && d.kind === kind);
  /** The open deadlines of a case as `unit/kind@due`. */
  const openOf = async (caseId: string) => (await deadlines(caseId)).filter((d) => d.open).map((d) => `${d.unit_id}/${d.kind}@${d.due}`);
  const tableHash = () => readModelHash(db.pool, overdueProjection);

  it('a notified unit owes a sign-for and a handling deadline: signing for meets the first, a complete report the second', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.accepted(), ev.notified('dept-market'), ev.notified('dept-housing', 'co'));
    await project();
    expect(await openOf(id)).toEqual([
      'dept-housing/handling@2026-10-15',
      'dept-housing/sign_for@2026-09-28',
      'dept-market/handling@2026-10-15',
      'dept-market/sign_for@2026-09-28',
    ]);
    expect(await deadline(id, 'dept-housing', 'handling')).toMatchObject({
      unit_role: 'co',
      round: 1,
      supervision_count: 0,
      extension_times: 0,
    });

    await append(
      id,
      ev.acknowledged('dept-market'),
      ev.acknowledged('dept-housing'),
      ev.reported('dept-market', false),
      ev.reported('dept-housing', false),
    );
    await project();
    // An interim report (facts not yet established) meets a co-handling unit's deadline, not the lead's.
    expect(await openOf(id)).toEqual(['dept-market/handling@2026-10-15']);

    await append(id, ev.reported('dept-market', true));
    await project();
    expect(await openOf(id)).toEqual([]);
  });

  it('a transfer (改派) withdraws the old unit’s deadlines and sets the new unit’s; a dispute (退单) withdraws the unit’s', async () => {
    const id = randomUUID();
    await append(
      id,
      ev.filed(id),
      ev.accepted(),
      ev.notified('dept-market'),
      ev.supervised('dept-market', 'urge'),
      ev.notified('dept-housing', 'co'),
    );
    await project();
    await append(id, ev.transferred('dept-market', 'dept-approval'), ev.disputed('dept-housing'));
    await project();
    expect(await openOf(id)).toEqual(['dept-approval/handling@2026-10-23', 'dept-approval/sign_for@2026-10-09']);
    // The new unit's deadline is its own: the urging of the previous unit is not carried over.
    expect(await deadline(id, 'dept-approval', 'handling')).toMatchObject({
      unit_role: 'lead',
      supervision_count: 0,
      supervision_level: null,
    });

    await append(id, ev.notified('dept-housing', 'co', '2026-10-12', '2026-10-23'));
    await project();
    expect(await openOf(id)).toContain('dept-housing/sign_for@2026-10-12'); // re-routed to it after the dispute
  });

  it('an extension (延期) moves the handling due date, keeping the due date before it and the working days granted', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.accepted(), ev.notified('dept-market'), ev.acknowledged('dept-market'));
    await append(id, ev.extended('dept-market', '2026-10-15', '2026-10-22', 5), ev.extended('dept-market', '2026-10-22', '2026-10-27', 3));
    await project();
    expect(await openOf(id)).toEqual(['dept-market/handling@2026-10-27']);
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({
      extension_times: 2,
      extension_working_days: 8,
      due_before_extension: '2026-10-15',
    });
  });

  it('supervision shows the highest level issued (催办 < 督办 < 挂牌督办) and how often, on each open deadline of the unit', async () => {
    const id = randomUUID();
    await append(
      id,
      ev.filed(id),
      ev.accepted(),
      ev.notified('dept-market'),
      ev.notified('dept-housing', 'co'),
      ev.acknowledged('dept-market'),
    );
    await append(
      id,
      ev.supervised('dept-market', 'urge'),
      ev.supervised('dept-market', 'listed'),
      ev.supervised('dept-market', 'supervise'),
    );
    await project();
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ supervision_count: 3, supervision_level: 'listed' });
    expect(await deadline(id, 'dept-market', 'sign_for')).toMatchObject({ open: false, supervision_count: 0 }); // met before the urging
    expect(await deadline(id, 'dept-housing', 'handling')).toMatchObject({ supervision_count: 0, supervision_level: null });
  });

  it('the scheduler’s DeadlinePassed marks the deadline; an extension granted after it passed sets a fresh one', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.accepted(), ev.notified('dept-market'), ev.passed('sign_for', 'dept-market', '2026-09-28'));
    await project();
    expect(await deadline(id, 'dept-market', 'sign_for')).toMatchObject({ open: true, deadline_passed: true });
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ deadline_passed: false });

    // Asked for in time, decided the day after the due date passed.
    await append(id, ev.acknowledged('dept-market'), ev.passed('handling', 'dept-market', '2026-10-15'));
    await project();
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ deadline_passed: true, due: '2026-10-15' });
    await append(id, ev.extended('dept-market', '2026-10-15', '2026-10-22', 5));
    await project();
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ open: true, deadline_passed: false, due: '2026-10-22' });
  });

  it('a reopening (重办) opens the lead’s handling deadline again: new due date, next round, no supervision carried over', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.accepted(), ev.notified('dept-market'), ev.notified('dept-housing', 'co'));
    await append(id, ev.acknowledged('dept-market'), ev.acknowledged('dept-housing'), ev.supervised('dept-market', 'supervise'));
    await append(
      id,
      ev.extended('dept-market', '2026-10-15', '2026-10-22', 5),
      ev.reported('dept-housing', true),
      ev.reported('dept-market', true),
    );
    await project();
    expect(await openOf(id)).toEqual([]);

    await append(id, ev.reopened('dept-market', '2026-11-20'));
    await project();
    expect(await openOf(id)).toEqual(['dept-market/handling@2026-11-20']); // the co-handling unit's report stands
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({
      round: 2,
      deadline_passed: false,
      supervision_count: 0,
      supervision_level: null,
      extension_times: 0,
      due_before_extension: null,
    });
    expect((await db.pool.query('SELECT round FROM overdue_cases WHERE case_id = $1', [id])).rows[0].round).toBe(2);
  });

  it('a closed or rejected case is off the list, even with a deadline still unmet', async () => {
    const closed = randomUUID();
    // The co-handling unit never signed for it; closing does not wait for co-handling units.
    await append(closed, ev.filed(closed), ev.accepted(), ev.notified('dept-market'), ev.notified('dept-housing', 'co'));
    await append(closed, ev.acknowledged('dept-market'), ev.reported('dept-market', true), ev.closed());
    const rejected = randomUUID();
    await append(rejected, ev.filed(rejected), ev.rejected());
    await project();
    expect(await openOf(closed)).toEqual([]);
    expect(await deadline(closed, 'dept-housing', 'sign_for')).toMatchObject({ open: false });
    expect(await deadlines(rejected)).toEqual([]);
  });

  it('a batch applied twice changes nothing, through the checkpoint and through the handlers themselves', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id));
    await project();
    await append(id, ev.accepted(), ev.notified('dept-market'), ev.notified('dept-housing', 'co'), ev.supervised('dept-market', 'urge'));
    await append(
      id,
      ev.acknowledged('dept-market'),
      ev.extended('dept-market', '2026-10-15', '2026-10-22', 5),
      ev.supervised('dept-housing', 'supervise'),
    );
    const batch = await store.readAll({ filter: { streamPrefixes: ['case-'] } });
    const runner = new ProjectionRunner(db.pool, store, overdueProjection);
    await runner.applyBatch(batch);
    const once = await tableHash();
    await runner.applyBatch(batch);
    expect(await tableHash()).toBe(once);
    // The last events again straight through the handlers, as after a batch that failed to commit its checkpoint.
    await inTransaction(db.pool, async (client) => {
      const {
        rows: [cp],
      } = await client.query(`SELECT generation FROM projection_checkpoints WHERE name = 'overdue'`);
      await applyEvents(client, overdueProjection, cp.generation, batch.slice(-3));
    });
    expect(await tableHash()).toBe(once);
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({
      supervision_count: 1,
      extension_times: 1,
      extension_working_days: 5,
    });
    expect(await deadline(id, 'dept-housing', 'handling')).toMatchObject({ supervision_count: 1, supervision_level: 'supervise' });
  });

  it('a rebuild equals the incremental build', async () => {
    await project(); // generation 1, empty
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      await append(id, ev.filed(id), ev.accepted(), ev.notified('dept-market'), ev.notified('dept-housing', 'co'));
      await project();
      if (i % 2)
        await append(
          id,
          ev.transferred('dept-market', 'dept-approval'),
          ev.supervised('dept-approval', 'urge'),
          ev.acknowledged('dept-approval'),
        );
      else
        await append(
          id,
          ev.passed('sign_for', 'dept-market', '2026-09-28'),
          ev.acknowledged('dept-market'),
          ev.extended('dept-market', '2026-10-15', '2026-10-22', 5),
        );
      await project();
      if (i % 3 === 0)
        await append(
          id,
          ev.reported('dept-market', true),
          ev.reopened('dept-market', '2026-11-20'),
          ev.supervised('dept-market', 'listed'),
        );
      if (i === 5) await append(id, ev.reported('dept-approval', true), ev.closed());
      await project();
    }
    const incremental = await tableHash();
    const { generation } = await rebuildProjection(db.pool, store, overdueProjection);
    expect(generation).toBe(2);
    expect(await tableHash()).toBe(incremental);
  });
});
