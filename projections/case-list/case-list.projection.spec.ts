import { randomUUID } from 'node:crypto';
import { caseStreamId, type CaseEvent } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { appendVisible, readModelHash } from '../../test/support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { caseListProjection } from './case-list.projection';

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
  notified: (unitId: string, role: 'lead' | 'co' = 'lead'): CaseEvent => ({
    type: 'UnitNotified',
    data: { unitId, role, responsibleLeader: '张局长', signForDue: '2026-09-28', handlingDue: '2026-10-15', ...PROVENANCE },
  }),
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
  extended: (unitId: string): CaseEvent => ({
    type: 'ExtensionGranted',
    data: { unitId, workingDays: 5, previousDue: '2026-10-23', newDue: '2026-10-30', calendarVersion: PROVENANCE.calendarVersion },
  }),
  passed: (unitId: string): CaseEvent => ({ type: 'DeadlinePassed', data: { deadline: 'handling', unitId, dueDate: '2026-10-30' } }),
  reopened: (leadUnitId: string): CaseEvent => ({
    type: 'CaseReopened',
    data: { reason: '回访不满意', round: 2, leadUnitId, handlingDue: '2026-11-20', ...PROVENANCE },
  }),
  closed: (): CaseEvent => ({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: '情节轻微' } }),
};

describe('case-list projection (events in → rows out) and the projection runner', () => {
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

  async function append(caseId: string, ...events: CaseEvent[]): Promise<bigint> {
    const { position } = await appendVisible(store, caseStreamId(caseId), events);
    return position;
  }
  const rows = async () => (await db.pool.query('SELECT * FROM case_list ORDER BY case_id')).rows;
  const row = async (caseId: string) => (await db.pool.query('SELECT * FROM case_list WHERE case_id = $1', [caseId])).rows[0];
  const tableHash = () => readModelHash(db.pool, caseListProjection);

  it('follows a case through transfer, extension, deadline, reopening and closing', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.accepted(), ev.notified('dept-market'), ev.notified('dept-housing', 'co'));
    await rebuildProjection(db.pool, store, caseListProjection);
    expect(await row(id)).toMatchObject({
      status: 'in_progress',
      lead_unit_id: 'dept-market',
      unit_ids: ['dept-market', 'dept-housing'],
      version: 4,
      category: 'cumbersome_approval',
    });

    const runner = new ProjectionRunner(db.pool, store, caseListProjection);
    const live = async (...events: CaseEvent[]) => {
      await append(id, ...events);
      const {
        rows: [cp],
      } = await db.pool.query(`SELECT position::text FROM projection_checkpoints WHERE name = 'case-list'`);
      await runner.applyBatch(await store.readAll({ after: BigInt(cp.position), filter: { streamPrefixes: ['case-'] } }));
    };
    await live(ev.transferred('dept-market', 'dept-approval'), ev.extended('dept-approval'));
    expect(await row(id)).toMatchObject({ lead_unit_id: 'dept-approval', unit_ids: ['dept-housing', 'dept-approval'], extended: true });
    expect((await row(id)).handling_due.toISOString?.() ?? (await row(id)).handling_due).toBeDefined();
    await live(ev.passed('dept-approval'));
    expect(await row(id)).toMatchObject({ overdue: true });
    await live(ev.reopened('dept-approval'));
    expect(await row(id)).toMatchObject({ overdue: false, round: 2, status: 'in_progress' });
    await live(ev.closed());
    expect(await row(id)).toMatchObject({ status: 'closed', version: 9 });
    expect((await row(id)).closed_at).toBeInstanceOf(Date);
    // Units and dashboards read this table: nothing of the complainant is in it.
    expect(Object.keys(await row(id))).not.toEqual(expect.arrayContaining([expect.stringMatching(/complainant|phone|name/)]));
  });

  it('a rejected complaint is listed as rejected', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.rejected());
    await rebuildProjection(db.pool, store, caseListProjection);
    expect(await row(id)).toMatchObject({ status: 'rejected', lead_unit_id: null });
  });

  it('a batch applied twice changes nothing (the checkpoint and the version guard)', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id));
    await rebuildProjection(db.pool, store, caseListProjection);
    await append(id, ev.accepted(), ev.notified('dept-market'));
    const batch = await store.readAll({ filter: { streamPrefixes: ['case-'] } });
    const runner = new ProjectionRunner(db.pool, store, caseListProjection);
    await runner.applyBatch(batch);
    const once = await tableHash();
    await runner.applyBatch(batch);
    expect(await tableHash()).toBe(once);
    const {
      rows: [cp],
    } = await db.pool.query(`SELECT events_applied FROM projection_checkpoints WHERE name = 'case-list'`);
    expect(Number(cp.events_applied)).toBe(3);
  });

  it('a rebuild equals the incremental build, and swaps generations atomically', async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await rebuildProjection(db.pool, store, caseListProjection); // generation 1, empty
    const runner = new ProjectionRunner(db.pool, store, caseListProjection);
    for (const [i, id] of ids.entries()) {
      const events = [ev.filed(id), ev.accepted(), ev.notified('dept-market')];
      if (i % 2) events.push(ev.transferred('dept-market', 'dept-housing'), ev.extended('dept-housing'));
      if (i % 3 === 0) events.push(ev.closed());
      const position = await append(id, ...events);
      await runner.applyBatch(await store.readAll({ after: position - 1_000_000_000n, filter: { streamPrefixes: ['case-'] } }));
    }
    const incremental = await tableHash();
    expect(await rows()).toHaveLength(6);
    const { generation } = await rebuildProjection(db.pool, store, caseListProjection);
    expect(generation).toBe(2);
    expect(await tableHash()).toBe(incremental);
    const { rows: tables } = await db.pool.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'case_list__g%'`);
    expect(tables.map((t) => t.tablename)).toEqual(['case_list__g2']);
  });

  it('two runners at once: one leads, the table is the same as one runner makes', async () => {
    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (const id of ids) await append(id, ev.filed(id), ev.accepted(), ev.notified('dept-market'));
    const leading: string[] = [];
    const logger = { log: (m: string) => m.endsWith('leading') && leading.push(m), warn: () => undefined, error: () => undefined };
    const runners = [0, 1].map(() => new ProjectionRunner(db.pool, store, caseListProjection, { leaderRetryMs: 100, logger }));
    runners.forEach((r) => r.start());
    for (let i = 0; i < 200 && (await db.pool.query(`SELECT to_regclass('case_list') AS t`)).rows[0].t === null; i++)
      await new Promise((r) => setTimeout(r, 25));
    const more = randomUUID();
    await append(more, ev.filed(more), ev.rejected());
    for (let i = 0; i < 200 && (await rows()).length < 6; i++) await new Promise((r) => setTimeout(r, 25));
    expect(leading).toHaveLength(1); // the other waits its turn
    await Promise.all(runners.map((r) => r.stop()));
    expect(await rows()).toHaveLength(6);
    expect(await row(more)).toMatchObject({ status: 'rejected' });
    const {
      rows: [cp],
    } = await db.pool.query(`SELECT events_applied, generation FROM projection_checkpoints WHERE name = 'case-list'`);
    expect({ applied: Number(cp.events_applied), generation: cp.generation }).toEqual({ applied: 17, generation: 1 });
  });

  it('a new version is rebuilt on start into fresh tables while the old ones keep answering', async () => {
    const id = randomUUID();
    await append(id, ev.filed(id), ev.accepted());
    await rebuildProjection(db.pool, store, caseListProjection);
    const v2 = { ...caseListProjection, version: 2 };
    const runner = new ProjectionRunner(db.pool, store, v2, { leaderRetryMs: 100 });
    runner.start();
    for (let i = 0; i < 200; i++) {
      expect(await row(id)).toMatchObject({ status: 'accepted' }); // answered throughout
      const {
        rows: [cp],
      } = await db.pool.query(`SELECT version, generation FROM projection_checkpoints WHERE name = 'case-list'`);
      if (cp.version === 2) {
        expect(cp.generation).toBe(2);
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await runner.stop();
    const {
      rows: [cp],
    } = await db.pool.query(`SELECT version FROM projection_checkpoints WHERE name = 'case-list'`);
    expect(cp.version).toBe(2);
  });
});
