import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type EventEnvelope } from '@app/event-store';
import { appendVisible, readModelHash } from '../../test/support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { applyEvents } from '../runner/apply-events';
import { ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { auditProjection } from './audit.projection';

interface Fact {
  type: string;
  data: object;
  metadata?: Partial<EventEnvelope['metadata']>;
}

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };
const fact = {
  filed: (caseId: string): Fact => ({
    type: 'ComplaintFiled',
    data: {
      caseId,
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '审批材料反复退回，"窗口"推诿',
      description: '第一行\n第二行',
      complainedUnitId: 'dept-market',
      receivedAt: '2026-09-24T09:00:00+08:00',
      complainant: { ref: 'ref-1', anonymous: false },
    },
  }),
  notified: (unitId: string): Fact => ({
    type: 'UnitNotified',
    data: { unitId, role: 'lead', responsibleLeader: '张局长', signForDue: '2026-09-28', handlingDue: '2026-10-15', ...PROVENANCE },
  }),
  transferred: (fromUnitId: string, toUnitId: string): Fact => ({
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
  acknowledgedBy: (unitId: string): Fact => ({
    type: 'UnitAcknowledged',
    data: { unitId },
    metadata: { actorId: `${unitId}-handler`, role: 'unit', unitId },
  }),
  planned: (unitId: string, measureUnit: string): Fact => ({
    type: 'RectificationPlanned',
    data: {
      unitId,
      measures: [
        {
          measureId: 'M1',
          description: '压缩审批材料',
          responsibleUnitId: measureUnit,
          responsibleLeader: '王科长',
          dueDate: '2026-11-30',
        },
      ],
      noRectificationReason: null,
    },
  }),
  accountability: (unitId: string): Fact => ({
    type: 'AccountabilityIssued',
    data: {
      accountabilityId: 'A1',
      target: { kind: 'person', unitId, name: '赵某', position: '科长' },
      forms: ['admonishment'],
      basis: { facts: '推诿扯皮', rule: '问责条例第八条' },
    },
    metadata: { actorId: 'jjjc-li', role: 'discipline', unitId: null },
  }),
  closed: (): Fact => ({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: null } }),
  /** The lead unit's handler reports for the window responsible for the measure. */
  reportedFor: (actingUnit: string, measureUnit: string): Fact => ({
    type: 'RectificationReported',
    data: { measureId: 'M1', unitId: measureUnit, report: '已完成' },
    metadata: { actorId: `${actingUnit}-handler`, role: 'unit', unitId: actingUnit },
  }),
};

describe('audit projection (the whole log in → one row per event out)', () => {
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

  async function append(streamId: string, ...facts: Fact[]): Promise<bigint> {
    const { position } = await appendVisible(
      store,
      streamId,
      facts.map((f) => ({ ...f, schemaVersion: 1 })),
    );
    return position;
  }
  const rows = async () =>
    (await db.pool.query('SELECT *, position::text AS position FROM audit_events ORDER BY audit_events.position')).rows;
  const tableHash = () => readModelHash(db.pool, auditProjection);
  const checkpoint = async () =>
    (await db.pool.query(`SELECT position::text, events_applied, events_skipped FROM projection_checkpoints WHERE name = 'audit'`)).rows[0];
  /** The log as the store hands it out, unfiltered: what the audit table must equal. */
  const wholeLog = () => store.readAll({ limit: 10_000 });

  async function appendMixedLog(caseId: string): Promise<void> {
    await append(`case-${caseId}`, fact.filed(caseId), fact.notified('dept-market'));
    await append('unit-win-tax', {
      type: 'UnitRegistered',
      data: { unitId: 'win-tax', name: '税务窗口', kind: 'window', parentId: 'dept-tax' },
    });
    await append(`case-${caseId}`, fact.transferred('dept-market', 'dept-approval'), fact.acknowledgedBy('dept-approval'));
    await append('appraisal-win-tax-2026', {
      type: 'SurveyScoreRecorded',
      data: { unitId: 'win-tax', year: 2026, score: 88.5, respondents: 120, note: null },
    });
    await append('config-calendar', {
      type: 'CalendarYearPublished',
      data: { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [], note: '国办发明电', revision: 1 },
    });
    // A stream kind and an event type no code knows: the audit log keeps them too.
    await append('inspection-2026-q4', {
      type: 'SpotCheckLogged',
      data: { note: '抽查' },
      metadata: { actorId: 'jjjc-li', role: 'discipline' },
    });
  }

  it('holds every event of every stream, in log order, with the envelope as recorded', async () => {
    const caseId = randomUUID();
    await appendMixedLog(caseId);
    await rebuildProjection(db.pool, store, auditProjection);

    const log = await wholeLog();
    const table = await rows();
    expect(table.map((r) => r.position)).toEqual(log.map((e) => e.position.toString()));
    expect(table.map((r) => r.envelope)).toEqual(log.map((e) => ({ ...e, position: e.position.toString() })));
    expect(table.map((r) => r.type)).toEqual([
      'ComplaintFiled',
      'UnitNotified',
      'UnitRegistered',
      'CaseTransferred',
      'UnitAcknowledged',
      'SurveyScoreRecorded',
      'CalendarYearPublished',
      'SpotCheckLogged',
    ]);
    expect(table.map((r) => r.case_id)).toEqual([caseId, caseId, null, caseId, caseId, null, null, null]);
    expect(table[4]).toMatchObject({ actor_id: 'dept-approval-handler', role: 'unit', stream_version: 4 });
    expect(table[0].occurred_at).toEqual(new Date('2026-09-24T01:30:00.000Z'));
    expect(await checkpoint()).toMatchObject({
      position: log[log.length - 1].position.toString(),
      events_applied: '8',
      events_skipped: '0',
    });
  });

  it('a unit filter finds the acting unit and every unit the event names, measures and accountability targets included', async () => {
    const caseId = randomUUID();
    await append(
      `case-${caseId}`,
      fact.filed(caseId),
      fact.transferred('dept-market', 'dept-approval'),
      fact.acknowledgedBy('dept-approval'),
    );
    await append(`case-${caseId}`, fact.planned('dept-approval', 'win-approval'), fact.reportedFor('dept-approval', 'win-approval'));
    await append(`case-${caseId}`, fact.accountability('dept-housing'), fact.closed());
    await rebuildProjection(db.pool, store, auditProjection);
    expect((await rows()).map((r) => [r.type, [...r.unit_ids].sort()])).toEqual([
      ['ComplaintFiled', ['dept-market']],
      ['CaseTransferred', ['dept-approval', 'dept-market']],
      ['UnitAcknowledged', ['dept-approval']],
      ['RectificationPlanned', ['dept-approval', 'win-approval']],
      ['RectificationReported', ['dept-approval', 'win-approval']],
      ['AccountabilityIssued', ['dept-housing']],
      ['CaseClosed', []],
    ]);
  });

  it('applying the same events again changes nothing (checkpoint and position key)', async () => {
    const caseId = randomUUID();
    await rebuildProjection(db.pool, store, auditProjection);
    await appendMixedLog(caseId);
    const batch = await wholeLog();
    const runner = new ProjectionRunner(db.pool, store, auditProjection);
    await runner.applyBatch(batch);
    const once = await tableHash();
    await runner.applyBatch(batch); // the checkpoint filters them out
    expect(await tableHash()).toBe(once);
    // A handler re-run past the checkpoint (a batch retried after a failure) meets the position key.
    const client = await db.pool.connect();
    try {
      const {
        rows: [cp],
      } = await client.query(`SELECT generation FROM projection_checkpoints WHERE name = 'audit'`);
      await applyEvents(client, auditProjection, cp.generation, batch);
    } finally {
      client.release();
    }
    expect(await tableHash()).toBe(once);
    expect((await rows()).length).toBe(8);
    expect(Number((await checkpoint()).events_applied)).toBe(8);
  });

  it('a rebuild equals the incremental build', async () => {
    await rebuildProjection(db.pool, store, auditProjection); // generation 1, empty
    const runner = new ProjectionRunner(db.pool, store, auditProjection);
    for (let i = 0; i < 4; i++) {
      const caseId = randomUUID();
      await append(`case-${caseId}`, fact.filed(caseId), fact.notified('dept-market'), fact.acknowledgedBy('dept-market'));
      await append(`appraisal-dept-market-2026`, {
        type: 'InspectionDeductionRecorded',
        data: {
          unitId: 'dept-market',
          year: 2026,
          deductionId: `D${i}`,
          kind: 'lapse',
          count: 1,
          points: 0.1,
          reason: '迟到',
          occurredOn: '2026-10-10',
        },
      });
      const {
        rows: [cp],
      } = await db.pool.query(`SELECT position::text FROM projection_checkpoints WHERE name = 'audit'`);
      await runner.applyBatch(
        await store.readAll({ after: cp.position === null ? undefined : BigInt(cp.position), filter: { streamPrefixes: [''] } }),
      );
    }
    const incremental = await tableHash();
    expect(await rows()).toHaveLength(16);
    const { generation } = await rebuildProjection(db.pool, store, auditProjection);
    expect(generation).toBe(2);
    expect(await tableHash()).toBe(incremental);
  });

  it('the live runner follows every stream through the empty prefix', async () => {
    const runner = new ProjectionRunner(db.pool, store, auditProjection, { leaderRetryMs: 100, batchWaitMs: 5 });
    runner.start();
    try {
      for (let i = 0; i < 200 && (await db.pool.query(`SELECT to_regclass('audit_events') AS t`)).rows[0].t === null; i++)
        await new Promise((r) => setTimeout(r, 25));
      await appendMixedLog(randomUUID());
      for (let i = 0; i < 200 && (await rows()).length < 8; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await runner.stop();
    }
    expect(new Set((await rows()).map((r) => r.stream_id.split('-')[0]))).toEqual(
      new Set(['case', 'unit', 'appraisal', 'config', 'inspection']),
    );
    expect(await rows()).toHaveLength(8);
  });
});
