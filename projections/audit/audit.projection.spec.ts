import { randomUUID } from 'node:crypto';
import * as ev from '../../test/support/case-events';
import { withMetadata } from '../../test/support/event-log';
import { useProjectionTest, waitUntil } from '../../test/support/projection-kit';
import { rebuildProjection } from '../runner/rebuild';
import { auditProjection } from './audit.projection';
import { AuditReader } from './audit.reader';

/** Who acted, as the events' metadata says: the audit log records it beside each event. */
const handlerOf = (unitId: string) => ({ actorId: `${unitId}-handler`, role: 'unit', unitId });

const fact = {
  /** Quotes and a line break in the text: the envelope must keep them as written. */
  filed: (caseId: string) => ev.complaintFiled({ caseId, title: '审批材料反复退回，"窗口"推诿', description: '第一行\n第二行' }),
  acknowledgedBy: (unitId: string) => withMetadata(ev.unitAcknowledged(unitId), handlerOf(unitId)),
  /** The lead plans a measure another unit (a window) is responsible for. */
  planned: (unitId: string, measureUnit: string) =>
    ev.rectificationPlanned([{ ...ev.MEASURES[0], responsibleUnitId: measureUnit }], unitId),
  accountability: (unitId: string) =>
    withMetadata(
      ev.accountabilityIssued({
        accountabilityId: 'A1',
        target: { kind: 'person', unitId, name: '赵某', position: '科长' },
        forms: ['admonishment'],
      }),
      { actorId: 'jjjc-li', role: 'discipline', unitId: null },
    ),
  /** The lead unit's handler reports for the window responsible for the measure. */
  reportedFor: (actingUnit: string, measureUnit: string) =>
    withMetadata(ev.rectificationReported('M1', measureUnit), handlerOf(actingUnit)),
};

describe('audit projection (the whole log in → one row per event out)', () => {
  const db = useProjectionTest(auditProjection);
  const { append } = db;
  const rows = async () =>
    (await db.pool.query('SELECT *, position::text AS position FROM audit_events ORDER BY audit_events.position')).rows;
  /** The log as the store hands it out, unfiltered: what the audit table must equal. */
  const wholeLog = () => db.store.readAll({ limit: 10_000 });

  async function appendMixedLog(caseId: string): Promise<void> {
    await append(`case-${caseId}`, fact.filed(caseId), ev.unitNotified('dept-market'));
    await append('unit-win-tax', {
      type: 'UnitRegistered',
      data: { unitId: 'win-tax', name: '税务窗口', kind: 'window', parentId: 'dept-tax' },
    });
    await append(
      `case-${caseId}`,
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval' }),
      fact.acknowledgedBy('dept-approval'),
    );
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

  it('holds every event of every stream, in log order, by its place in its stream; the reader shows it as recorded', async () => {
    const caseId = randomUUID();
    await appendMixedLog(caseId);
    await db.rebuild();

    const log = await wholeLog();
    const table = await rows();
    expect(table.map((r) => r.position)).toEqual(log.map((e) => e.position.toString()));
    expect(table.map((r) => [r.stream_id, r.stream_version, r.event_id])).toEqual(log.map((e) => [e.streamId, e.streamVersion, e.eventId]));
    expect(table[0]).not.toHaveProperty('envelope'); // the log is not stored twice
    const { items } = await new AuditReader(db.pool, db.store).page({ limit: 100 });
    expect(items).toEqual(log.map(({ position, hash, ...e }) => ({ ...e, position: position.toString(), hash: hash ?? null })));
    expect(items[0].hash).toMatch(/^[0-9a-f]{64}$/);
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
    expect(await db.checkpoint()).toMatchObject({
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
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval' }),
      fact.acknowledgedBy('dept-approval'),
    );
    await append(`case-${caseId}`, fact.planned('dept-approval', 'win-approval'), fact.reportedFor('dept-approval', 'win-approval'));
    await append(`case-${caseId}`, fact.accountability('dept-housing'), ev.caseClosed());
    await db.rebuild();
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
    await db.rebuild();
    await appendMixedLog(caseId);
    const batch = await wholeLog();
    const { once, twice } = await db.applyTwice(batch);
    expect(twice).toBe(once); // the checkpoint filters them out
    // A handler re-run past the checkpoint (a batch retried after a failure) meets the position key.
    await db.applyThroughHandlers(batch);
    expect(await db.hash()).toBe(once);
    expect((await rows()).length).toBe(8);
    expect(Number((await db.checkpoint()).events_applied)).toBe(8);
  });

  it('a rebuild equals the incremental build', async () => {
    await db.rebuild(); // generation 1, empty
    for (let i = 0; i < 4; i++) {
      const caseId = randomUUID();
      await append(`case-${caseId}`, fact.filed(caseId), ev.unitNotified('dept-market'), fact.acknowledgedBy('dept-market'));
      await append(`appraisal-dept-market-2026`, {
        type: 'InspectionDeductionRecorded',
        data: {
          unitId: 'dept-market',
          year: 2026,
          deductionId: `D${i}`,
          kind: 'lapse',
          count: 1,
          points: 0.1,
          // What COPY's text format escapes (tab, newline, backslash) and JSON escapes (quotes) come back as written.
          reason: i === 0 ? '迟到\t"签到"\\表\n第二行\r' : '迟到',
          occurredOn: '2026-10-10',
        },
      });
      // 撤销扣分 of the second, as the appraisal office's admin: recorded beside its deduction, under its unit.
      if (i === 1) {
        await append(`appraisal-dept-market-2026`, {
          type: 'InspectionDeductionWithdrawn',
          data: { unitId: 'dept-market', year: 2026, deductionId: 'D1', reason: '督查记录有误' },
          metadata: { actorId: 'admin-zhao', role: 'admin' },
        });
      }
      await db.project();
    }
    const incremental = await db.hash();
    expect(await rows()).toHaveLength(17);
    expect((await rows()).filter((r) => r.type === 'InspectionDeductionWithdrawn').map((r) => [r.actor_id, r.unit_ids])).toEqual([
      ['admin-zhao', ['dept-market']],
    ]);
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(incremental);
    // The log cut into batches of 1, a few and all: the same rows.
    for (const batchSize of [1, 3, 7, 10_000]) {
      await rebuildProjection(db.pool, db.store, auditProjection, { batchSize });
      expect(await db.hash()).toBe(incremental);
    }
  });

  it('the live runner follows every stream through the empty prefix', async () => {
    const runner = db.runner({ leaderRetryMs: 100, batchWaitMs: 5 });
    runner.start();
    try {
      await waitUntil(db.isBuilt);
      await appendMixedLog(randomUUID());
      await waitUntil(async () => (await rows()).length >= 8);
    } finally {
      await runner.stop();
    }
    expect(new Set((await rows()).map((r) => r.stream_id.split('-')[0]))).toEqual(
      new Set(['case', 'unit', 'appraisal', 'config', 'inspection']),
    );
    expect(await rows()).toHaveLength(8);
  });
});
