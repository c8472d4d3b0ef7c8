import { randomUUID } from 'node:crypto';
import { caseStreamId, type CaseEvent } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { appendVisible, project as projectReadModel, readModelHash } from '../../test/support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { applyEvents } from '../runner/apply-events';
import { ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { inTransaction } from '@app/platform';
import { rectificationsProjection } from './rectifications.projection';

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };
const measure = (measureId: string, responsibleUnitId = 'dept-market', dueDate = '2026-11-06') => ({
  measureId,
  description: `整改措施${measureId}`,
  responsibleUnitId,
  responsibleLeader: '张局长',
  dueDate,
});
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
  notified: (): CaseEvent => ({
    type: 'UnitNotified',
    data: {
      unitId: 'dept-market',
      role: 'lead',
      responsibleLeader: '张局长',
      signForDue: '2026-09-28',
      handlingDue: '2026-10-15',
      ...PROVENANCE,
    },
  }),
  planned: (...measures: ReturnType<typeof measure>[]): CaseEvent => ({
    type: 'RectificationPlanned',
    data: { unitId: 'dept-market', measures, noRectificationReason: null },
  }),
  noneNeeded: (): CaseEvent => ({
    type: 'RectificationPlanned',
    data: { unitId: 'dept-market', measures: [], noRectificationReason: '已当场纠正' },
  }),
  reported: (measureId: string): CaseEvent => ({
    type: 'RectificationReported',
    data: { measureId, unitId: 'dept-market', report: '已完成' },
  }),
  verified: (measureId: string): CaseEvent => ({ type: 'RectificationVerified', data: { measureId, note: '现场查看属实' } }),
  rejected: (measureId: string): CaseEvent => ({ type: 'RectificationRejected', data: { measureId, reason: '无签到记录' } }),
  reopened: (): CaseEvent => ({
    type: 'CaseReopened',
    data: { reason: '验收不通过，重办', round: 2, leadUnitId: 'dept-market', handlingDue: '2026-11-20', ...PROVENANCE },
  }),
};

describe('rectifications projection (events in → measures out)', () => {
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
    await projectReadModel(db.pool, store, rectificationsProjection);
  }
  const measures = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT measure_id, description, responsible_unit_id, responsible_leader, lead_unit_id, due_date::text AS due, status, times_reported, times_rejected
           FROM rectification_measures WHERE case_id = $1 ORDER BY measure_id`,
        [caseId],
      )
    ).rows;
  const statuses = async (caseId: string) =>
    Object.fromEntries((await measures(caseId)).map((m) => [m.measure_id, `${m.status} r${m.times_reported} x${m.times_rejected}`]));
  const tableHash = () => readModelHash(db.pool, rectificationsProjection);

  it('each planned measure (整改措施) is tracked with its responsible unit and leader, due date and the lead unit that planned it', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.notified(), ev.planned(measure('M1'), measure('M2', 'dept-housing', '2026-11-13')));
    const none = randomUUID();
    await append(none, ev.filed(none), ev.notified(), ev.noneNeeded());
    await project();
    expect(await measures(id)).toEqual([
      {
        measure_id: 'M1',
        description: '整改措施M1',
        responsible_unit_id: 'dept-market',
        responsible_leader: '张局长',
        lead_unit_id: 'dept-market',
        due: '2026-11-06',
        status: 'planned',
        times_reported: 0,
        times_rejected: 0,
      },
      {
        measure_id: 'M2',
        description: '整改措施M2',
        responsible_unit_id: 'dept-housing',
        responsible_leader: '张局长',
        lead_unit_id: 'dept-market',
        due: '2026-11-13',
        status: 'planned',
        times_reported: 0,
        times_rejected: 0,
      },
    ]);
    expect(await measures(none)).toEqual([]); // "no rectification needed" is not a measure
  });

  it('a measure reported, rejected at verification (验收不通过), reported again and verified: the status follows and the history is counted', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.notified(), ev.planned(measure('M1'), measure('M2')));
    await project();
    await append(id, ev.reported('M1'), ev.reported('M2'), ev.verified('M1'), ev.rejected('M2'));
    await project();
    expect(await statuses(id)).toEqual({ M1: 'verified r1 x0', M2: 'rejected r1 x1' });
    await append(id, ev.reported('M2'));
    await project();
    expect(await statuses(id)).toEqual({ M1: 'verified r1 x0', M2: 'reported r2 x1' });
    await append(id, ev.verified('M2'));
    await project();
    expect(await statuses(id)).toEqual({ M1: 'verified r1 x0', M2: 'verified r2 x1' });
  });

  it('a reopening (重办) keeps the measures, and measures planned in the new round join them', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.notified(), ev.planned(measure('M1')), ev.reported('M1'), ev.rejected('M1'), ev.reopened());
    await project();
    expect(await statuses(id)).toEqual({ M1: 'rejected r1 x1' });
    await append(id, ev.planned(measure('M2', 'dept-market', '2026-12-04')), ev.reported('M1'));
    await project();
    expect(await statuses(id)).toEqual({ M1: 'reported r2 x1', M2: 'planned r0 x0' });
  });

  it('a batch applied twice changes nothing, through the checkpoint and through the handlers themselves', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.notified());
    await project();
    await append(
      id,
      ev.planned(measure('M1'), measure('M2')),
      ev.reported('M1'),
      ev.rejected('M1'),
      ev.reported('M1'),
      ev.reported('M2'),
      ev.verified('M2'),
    );
    const batch = await store.readAll({ filter: { streamPrefixes: ['case-'] } });
    const runner = new ProjectionRunner(db.pool, store, rectificationsProjection);
    await runner.applyBatch(batch);
    const once = await tableHash();
    await runner.applyBatch(batch);
    expect(await tableHash()).toBe(once);
    // The same events again straight through the handlers, as after a batch that failed to commit its checkpoint.
    await inTransaction(db.pool, async (client) => {
      const {
        rows: [cp],
      } = await client.query(`SELECT generation FROM projection_checkpoints WHERE name = 'rectifications'`);
      await applyEvents(client, rectificationsProjection, cp.generation, batch);
    });
    expect(await tableHash()).toBe(once);
    expect(await statuses(id)).toEqual({ M1: 'reported r2 x1', M2: 'verified r1 x0' });
  });

  it('a rebuild equals the incremental build', async () => {
    await project(); // generation 1, empty
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      await append(id, ev.filed(id), ev.notified(), ev.planned(measure('M1'), measure('M2', 'dept-housing')));
      await project();
      await append(id, ev.reported('M1'), i % 2 ? ev.rejected('M1') : ev.verified('M1'));
      await project();
      if (i % 2) await append(id, ev.reopened(), ev.reported('M1'), ev.planned(measure('M3')));
      await project();
    }
    const incremental = await tableHash();
    const { generation } = await rebuildProjection(db.pool, store, rectificationsProjection);
    expect(generation).toBe(2);
    expect(await tableHash()).toBe(incremental);
  });
});
