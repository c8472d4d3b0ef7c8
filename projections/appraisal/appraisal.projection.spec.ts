import { randomUUID } from 'node:crypto';
import { DEFAULT_APPRAISAL_SCHEME, appraisalSchemeStreamId, appraisalStreamId, caseStreamId, unitStreamId } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { appendVisible } from '../../test/support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { appraisalProjection } from './appraisal.projection';

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };
const TABLES: Record<string, string> = {
  appraisal_units: 'unit_id',
  appraisal_input_events: 'event_id',
  appraisal_case_facts: 'case_id',
  appraisal_accountability: 'event_id',
  appraisal_schemes: 'year',
};

/** An event as appended: type, data and when it happened (the metadata's occurredAt). */
interface Appended {
  type: string;
  data: Record<string, unknown>;
  at?: string;
}

// Plain objects rather than the domain's event types: the projection must read what is in the log,
// including events written before a field existed (UnitAcknowledged without acknowledgedAt).
const unit = {
  registered: (unitId: string, name: string, kind: string): Appended => ({
    type: 'UnitRegistered',
    data: { unitId, name, kind, parentId: null },
  }),
  renamed: (unitId: string, name: string): Appended => ({ type: 'UnitRenamed', data: { unitId, previousName: '?', name } }),
  retired: (unitId: string): Appended => ({ type: 'UnitRetired', data: { unitId, reason: '机构改革' } }),
};
const input = {
  survey: (unitId: string, score: number): Appended => ({
    type: 'SurveyScoreRecorded',
    data: { unitId, year: 2026, score, respondents: 120, note: null },
  }),
  evaluation: (unitId: string, score: number): Appended => ({
    type: 'ConcentratedEvaluationScoreRecorded',
    data: { unitId, year: 2026, score, participants: null, note: null },
  }),
  lapse: (unitId: string, deductionId: string): Appended => ({
    type: 'InspectionDeductionRecorded',
    data: { unitId, year: 2026, deductionId, kind: 'lapse', count: 1, points: 0.1, reason: '台账不全', occurredOn: '2026-05-06' },
  }),
};
const scheme = (year: number, revision: number, note: string): Appended => ({
  type: 'AppraisalSchemePublished',
  data: { year, revision, scheme: { ...DEFAULT_APPRAISAL_SCHEME, note } },
});
const ev = {
  filed: (caseId: string, receivedAt = '2026-09-24T09:00:00+08:00'): Appended => ({
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
  accepted: (): Appended => ({ type: 'ComplaintAccepted', data: { note: null } }),
  notified: (unitId: string, role: 'lead' | 'co' = 'lead', signForDue = '2026-09-28'): Appended => ({
    type: 'UnitNotified',
    data: { unitId, role, responsibleLeader: '张局长', signForDue, handlingDue: '2026-10-15', ...PROVENANCE },
  }),
  acknowledged: (unitId: string, acknowledgedAt: string | null, at = '2026-09-28T02:00:00Z'): Appended => ({
    type: 'UnitAcknowledged',
    data: acknowledgedAt ? { unitId, acknowledgedAt } : { unitId },
    at,
  }),
  disputed: (unitId: string): Appended => ({ type: 'DispatchDisputed', data: { unitId, reason: '不属于本单位职责' } }),
  transferred: (fromUnitId: string, toUnitId: string): Appended => ({
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
  passed: (deadline: 'sign_for' | 'handling', unitId: string): Appended => ({
    type: 'DeadlinePassed',
    data: { deadline, unitId, dueDate: '2026-10-23' },
  }),
  visited: (satisfaction: string): Appended => ({ type: 'ReturnVisitRecorded', data: { satisfaction, note: null } }),
  reopened: (leadUnitId: string): Appended => ({
    type: 'CaseReopened',
    data: { reason: '回访不满意', round: 2, leadUnitId, handlingDue: '2026-11-20', ...PROVENANCE },
  }),
  accountability: (accountabilityId: string, unitId: string, at: string): Appended => ({
    type: 'AccountabilityIssued',
    data: {
      accountabilityId,
      target: { kind: 'organisation', unitId },
      forms: ['circulated_notice'],
      basis: { facts: '推诿扯皮', rule: '首问负责制' },
    },
    at,
  }),
  closed: (): Appended => ({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: null } }),
};

describe('appraisal projection (events in → rows out)', () => {
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

  /** Appends and waits until the events are visible in the global log; returns their envelopes' ids. */
  async function append(streamId: string, ...events: Appended[]): Promise<string[]> {
    const { eventIds } = await appendVisible(
      store,
      streamId,
      events.map((event) => ({
        ...event,
        schemaVersion: 1,
        metadata: { actorId: 'admin-zhao', role: 'admin', occurredAt: event.at ?? '2026-09-24T01:30:00.000Z' },
      })),
    );
    return eventIds;
  }
  const rows = async (table: string, where = 'true', params: unknown[] = []) =>
    (await db.pool.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY ${TABLES[table]}`, params)).rows;
  const fact = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT *, sign_for_due::text AS sign_for_due, acknowledged_on::text AS acknowledged_on FROM appraisal_case_facts WHERE case_id = $1`,
        [caseId],
      )
    ).rows[0];
  const tablesHash = async () => {
    const hashes = [];
    for (const [table, key] of Object.entries(TABLES)) {
      hashes.push(
        (await db.pool.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY ${key}), '')) AS h FROM ${table} t`)).rows[0].h,
      );
    }
    return hashes.join(',');
  };
  const ref = (eventId: string, streamId: string, streamVersion: number) => ({ eventId, streamId, streamVersion });

  it('keeps the unit registry with names and kinds as renamed and retired', async () => {
    await append(
      unitStreamId('dept-market'),
      unit.registered('dept-market', '区工商局', 'department'),
      unit.renamed('dept-market', '区市场监督管理局'),
    );
    await append(unitStreamId('win-tax-01'), unit.registered('win-tax-01', '税务窗口', 'window'), unit.retired('win-tax-01'));
    await rebuildProjection(db.pool, store, appraisalProjection);
    expect((await rows('appraisal_units')).map((r) => [r.unit_id, r.name, r.kind, r.status])).toEqual([
      ['dept-market', '区市场监督管理局', 'department', 'active'],
      ['win-tax-01', '税务窗口', 'window', 'retired'],
    ]);
  });

  it('keeps every appraisal input event of a unit and year with its id and stream version, corrections included', async () => {
    const stream = appraisalStreamId('dept-market', 2026);
    const ids = await append(
      stream,
      input.survey('dept-market', 84),
      input.evaluation('dept-market', 90),
      input.survey('dept-market', 86.5),
      input.lapse('dept-market', 'DC-1'),
    );
    await rebuildProjection(db.pool, store, appraisalProjection);
    const recorded = await rows('appraisal_input_events', 'year = 2026 AND unit_id = $1', ['dept-market']);
    expect(
      recorded
        .sort((a, b) => a.stream_version - b.stream_version)
        .map((r) => [r.event_id, r.stream_id, r.stream_version, r.type, r.data.score ?? r.data.points]),
    ).toEqual([
      [ids[0], stream, 1, 'SurveyScoreRecorded', 84],
      [ids[1], stream, 2, 'ConcentratedEvaluationScoreRecorded', 90],
      [ids[2], stream, 3, 'SurveyScoreRecorded', 86.5],
      [ids[3], stream, 4, 'InspectionDeductionRecorded', 0.1],
    ]);
  });

  it('keeps the latest published scheme of each year with its revision and event', async () => {
    await append(appraisalSchemeStreamId(2026), scheme(2026, 1, '第一版'));
    const [second] = await append(appraisalSchemeStreamId(2026), scheme(2026, 2, '修订版'));
    await append(appraisalSchemeStreamId(2025), scheme(2025, 1, '2025年方案'));
    await rebuildProjection(db.pool, store, appraisalProjection);
    expect((await rows('appraisal_schemes')).map((r) => [r.year, r.revision, r.scheme.note, r.event_id])).toEqual([
      [2025, 1, '2025年方案', expect.any(String)],
      [2026, 2, '修订版', second],
    ]);
  });

  it('records what a case counts for its lead: signed for (Beijing date), overdue, visited, closed — with the events', async () => {
    const id = randomUUID();
    const s = caseStreamId(id);
    const ids = await append(
      s,
      ev.filed(id),
      ev.accepted(),
      ev.notified('dept-market'),
      ev.notified('dept-housing', 'co'),
      ev.acknowledged('dept-housing', '2026-09-25T02:00:00Z'), // a co-handling unit signing for changes nothing
      ev.acknowledged('dept-market', '2026-09-28T16:30:00Z'), // 00:30 on the 29th in Beijing: a day late
      ev.passed('sign_for', 'dept-market'),
      ev.passed('handling', 'dept-market'),
      ev.passed('handling', 'dept-housing'),
      ev.visited('basically_satisfied'),
      ev.closed(),
    );
    await rebuildProjection(db.pool, store, appraisalProjection);
    expect(await fact(id)).toMatchObject({
      year: 2026,
      lead_unit_id: 'dept-market',
      lead_event: ref(ids[2], s, 3),
      sign_for_due: '2026-09-28',
      acknowledged_on: '2026-09-29',
      acknowledged_event: ref(ids[5], s, 6),
      handling_overdue: [ref(ids[7], s, 8)],
      visit_satisfaction: 'basically_satisfied',
      visit_event: ref(ids[9], s, 10),
      closed_event: ref(ids[10], s, 11),
      reopenings: [],
    });
  });

  it('an acknowledgement written before acknowledgedAt existed is dated by its metadata', async () => {
    const id = randomUUID();
    await append(caseStreamId(id), ev.filed(id), ev.notified('dept-market'), ev.acknowledged('dept-market', null, '2026-09-27T03:00:00Z'));
    await rebuildProjection(db.pool, store, appraisalProjection);
    expect(await fact(id)).toMatchObject({ acknowledged_on: '2026-09-27' });
  });

  it('a transfer gives the new lead a clean slate; a dispute leaves the case without a lead', async () => {
    const moved = randomUUID();
    const s = caseStreamId(moved);
    const ids = await append(
      s,
      ev.filed(moved),
      ev.notified('dept-market'),
      ev.acknowledged('dept-market', '2026-09-25T02:00:00Z'),
      ev.passed('handling', 'dept-market'),
      ev.transferred('dept-market', 'dept-approval'),
    );
    const disputed = randomUUID();
    await append(caseStreamId(disputed), ev.filed(disputed), ev.notified('dept-market'), ev.disputed('dept-market'));
    await rebuildProjection(db.pool, store, appraisalProjection);
    expect(await fact(moved)).toMatchObject({
      lead_unit_id: 'dept-approval',
      lead_event: ref(ids[4], s, 5),
      sign_for_due: '2026-10-09',
      acknowledged_on: null,
      acknowledged_event: null,
      handling_overdue: [],
    });
    expect(await fact(disputed)).toMatchObject({ lead_unit_id: null, lead_event: null, sign_for_due: null });
  });

  it('a reopened case is open again: its closing and return visit are cleared and the reopening kept', async () => {
    const id = randomUUID();
    const s = caseStreamId(id);
    const ids = await append(s, ev.filed(id), ev.notified('dept-market'), ev.visited('unsatisfied'), ev.reopened('dept-market'));
    await rebuildProjection(db.pool, store, appraisalProjection);
    expect(await fact(id)).toMatchObject({
      reopenings: [ref(ids[3], s, 4)],
      visit_satisfaction: null,
      visit_event: null,
      closed_event: null,
    });
  });

  it('a case counts in the year it was received in Beijing; accountability in the year it was issued', async () => {
    const id = randomUUID();
    const ids = await append(
      caseStreamId(id),
      ev.filed(id, '2026-12-31T17:00:00Z'), // 1 January 2027, 01:00 in Beijing
      ev.notified('dept-market'),
      ev.accountability('A-2027-001', 'dept-market', '2027-03-01T02:00:00Z'),
    );
    await rebuildProjection(db.pool, store, appraisalProjection);
    expect(await fact(id)).toMatchObject({ year: 2027 });
    expect(await rows('appraisal_accountability')).toEqual([
      {
        event_id: ids[2],
        stream_id: caseStreamId(id),
        stream_version: 3,
        accountability_id: 'A-2027-001',
        case_id: id,
        unit_id: 'dept-market',
        year: 2027,
        forms: ['circulated_notice'],
      },
    ]);
  });

  it('a batch applied twice changes nothing', async () => {
    const id = randomUUID();
    await append(unitStreamId('dept-market'), unit.registered('dept-market', '区市场监督管理局', 'department'));
    await rebuildProjection(db.pool, store, appraisalProjection);
    await append(
      caseStreamId(id),
      ev.filed(id),
      ev.notified('dept-market'),
      ev.passed('handling', 'dept-market'),
      ev.accountability('A-1', 'dept-market', '2026-10-30T02:00:00Z'),
      ev.reopened('dept-market'),
    );
    await append(appraisalStreamId('dept-market', 2026), input.survey('dept-market', 80), input.lapse('dept-market', 'DC-1'));
    await append(appraisalSchemeStreamId(2026), scheme(2026, 1, '方案'));
    const batch = await store.readAll({ filter: { streamPrefixes: appraisalProjection.streamPrefixes } });
    const runner = new ProjectionRunner(db.pool, store, appraisalProjection);
    await runner.applyBatch(batch);
    const once = await tablesHash();
    // The checkpoint skips a repeated batch; the handlers themselves must be idempotent too (a
    // handler may run again after a failed batch): apply the same events as a fresh batch.
    await runner.applyBatch(batch);
    await db.pool.query(`UPDATE projection_checkpoints SET position = NULL WHERE name = 'appraisal'`);
    await runner.applyBatch(batch);
    expect(await tablesHash()).toBe(once);
    expect(await fact(id)).toMatchObject({ handling_overdue: [expect.any(Object)], reopenings: [expect.any(Object)] });
    expect(await rows('appraisal_input_events')).toHaveLength(2);
    expect(await rows('appraisal_accountability')).toHaveLength(1);
  });

  it('a rebuild equals the incremental build', async () => {
    await rebuildProjection(db.pool, store, appraisalProjection); // generation 1, empty
    const runner = new ProjectionRunner(db.pool, store, appraisalProjection);
    const live = async (streamId: string, ...events: Appended[]) => {
      await append(streamId, ...events);
      const {
        rows: [cp],
      } = await db.pool.query(`SELECT position::text FROM projection_checkpoints WHERE name = 'appraisal'`);
      await runner.applyBatch(
        await store.readAll({
          after: cp.position === null ? undefined : BigInt(cp.position),
          filter: { streamPrefixes: appraisalProjection.streamPrefixes },
        }),
      );
    };
    for (const [unitId, kind] of [
      ['dept-market', 'department'],
      ['win-tax-01', 'window'],
    ])
      await live(unitStreamId(unitId), unit.registered(unitId, unitId, kind));
    await live(appraisalStreamId('dept-market', 2026), input.survey('dept-market', 84), input.evaluation('dept-market', 90));
    await live(appraisalStreamId('dept-market', 2026), input.survey('dept-market', 86.5), input.lapse('dept-market', 'DC-1'));
    await live(appraisalSchemeStreamId(2026), scheme(2026, 1, '方案'));
    await live(appraisalSchemeStreamId(2026), scheme(2026, 2, '修订'));
    for (let i = 0; i < 4; i++) {
      const id = randomUUID();
      const events = [ev.filed(id), ev.notified('dept-market'), ev.acknowledged('dept-market', '2026-09-25T02:00:00Z')];
      if (i % 2) events.push(ev.transferred('dept-market', 'win-tax-01'), ev.passed('handling', 'win-tax-01'));
      if (i % 3 === 0)
        events.push(
          ev.visited('unsatisfied'),
          ev.reopened('dept-market'),
          ev.accountability(`A-${i}`, 'dept-market', '2026-11-02T02:00:00Z'),
        );
      await live(caseStreamId(id), ...events.slice(0, 2));
      await live(caseStreamId(id), ...events.slice(2));
    }
    await live(unitStreamId('win-tax-01'), unit.renamed('win-tax-01', '税务窗口'));
    const incremental = await tablesHash();
    expect((await rows('appraisal_case_facts')).length).toBe(4);
    const { generation } = await rebuildProjection(db.pool, store, appraisalProjection);
    expect(generation).toBe(2);
    expect(await tablesHash()).toBe(incremental);
  });
});
