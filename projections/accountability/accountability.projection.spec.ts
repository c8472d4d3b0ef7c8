import { randomUUID } from 'node:crypto';
import { caseStreamId, type AccountabilityForm, type AccountabilityTarget, type CaseEvent } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { appendVisible, project as projectReadModel, readModelHash } from '../../test/support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { applyEvents } from '../runner/apply-events';
import { ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { inTransaction } from '@app/platform';
import { accountabilityProjection } from './accountability.projection';

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };
const BASIS = { facts: '未履行一次性告知义务，致企业往返三次', rule: '《中国共产党问责条例》第七条' };
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
  transferred: (): CaseEvent => ({
    type: 'CaseTransferred',
    data: {
      fromUnitId: 'dept-market',
      toUnitId: 'dept-approval',
      role: 'lead',
      reason: '改派',
      responsibleLeader: '李局长',
      signForDue: '2026-10-09',
      handlingDue: '2026-10-23',
      ...PROVENANCE,
    },
  }),
  reopened: (): CaseEvent => ({
    type: 'CaseReopened',
    data: { reason: '回访不满意', round: 2, leadUnitId: 'dept-approval', handlingDue: '2026-11-20', ...PROVENANCE },
  }),
  issued: (target: AccountabilityTarget, ...forms: AccountabilityForm[]): CaseEvent => ({
    type: 'AccountabilityIssued',
    data: { accountabilityId: randomUUID(), target, forms, basis: BASIS },
  }),
};
const person = (unitId = 'dept-market', name = '刘某'): AccountabilityTarget => ({
  kind: 'person',
  unitId,
  name,
  position: '窗口工作人员',
});
const organisation = (unitId = 'dept-market'): AccountabilityTarget => ({ kind: 'organisation', unitId });

describe('accountability projection (events in → register entries out)', () => {
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

  /** Appends as the discipline office (纪检监察), at `occurredAt`. */
  async function append(caseId: string, occurredAt: string, ...events: CaseEvent[]): Promise<void> {
    await appendVisible(store, caseStreamId(caseId), events, { actorId: 'jjjc-li', role: 'discipline', occurredAt });
  }
  /** Builds the read model the first time, then applies what the log has beyond the checkpoint, as the live runner does. */
  async function project(): Promise<void> {
    await projectReadModel(db.pool, store, accountabilityProjection);
  }
  const entries = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT target_kind, unit_id, person_name, person_position, forms, basis_facts, basis_rule, issued_at, issued_year, issued_by
           FROM accountability_register WHERE case_id = $1 ORDER BY issued_at, target_kind`,
        [caseId],
      )
    ).rows;
  const tableHash = () => readModelHash(db.pool, accountabilityProjection);

  it('each decision (问责) is one entry: against an organisation or a named official, its forms and basis, issued when and by whom', async () => {
    const id = randomUUID();
    await append(id, '2026-11-16T07:00:00.000Z', ev.filed(id), ev.notified());
    await append(
      id,
      '2026-11-16T07:30:00.000Z',
      ev.issued(person(), 'admonishment', 'performance_deduction'),
      ev.issued(organisation(), 'written_self_examination'),
    );
    await project();
    expect(await entries(id)).toEqual([
      expect.objectContaining({
        target_kind: 'organisation',
        unit_id: 'dept-market',
        person_name: null,
        person_position: null,
        forms: ['written_self_examination'],
      }),
      {
        target_kind: 'person',
        unit_id: 'dept-market',
        person_name: '刘某',
        person_position: '窗口工作人员',
        forms: ['admonishment', 'performance_deduction'],
        basis_facts: BASIS.facts,
        basis_rule: BASIS.rule,
        issued_at: new Date('2026-11-16T07:30:00.000Z'),
        issued_year: 2026,
        issued_by: 'jjjc-li',
      },
    ]);
  });

  it('the year is the year in Beijing: 23:30 on New Year’s Eve counts for the old year, 00:30 on New Year’s Day for the new one', async () => {
    const id = randomUUID();
    await append(id, '2026-12-31T01:00:00.000Z', ev.filed(id), ev.notified());
    await append(id, '2026-12-31T15:30:00.000Z', ev.issued(person(), 'admonishment'));
    await append(id, '2026-12-31T16:30:00.000Z', ev.issued(organisation(), 'circulated_notice'));
    await project();
    expect((await entries(id)).map((e) => e.issued_year)).toEqual([2026, 2027]);
  });

  it('entries stand through a transfer and a reopening; a later decision on the same case is another entry', async () => {
    const id = randomUUID();
    await append(
      id,
      '2026-10-09T01:00:00.000Z',
      ev.filed(id),
      ev.notified(),
      ev.issued(organisation('dept-market'), 'circulated_notice'),
      ev.transferred(),
    );
    await project();
    await append(id, '2026-11-10T01:00:00.000Z', ev.reopened(), ev.issued(person('dept-approval', '陈某'), 'removal_from_post'));
    await project();
    expect((await entries(id)).map((e) => `${e.unit_id}:${e.person_name ?? '-'}:${e.forms.join('+')}`)).toEqual([
      'dept-market:-:circulated_notice',
      'dept-approval:陈某:removal_from_post',
    ]);
  });

  it('a batch applied twice changes nothing, through the checkpoint and through the handler itself', async () => {
    const id = randomUUID();
    await append(id, '2026-11-16T07:00:00.000Z', ev.filed(id), ev.notified());
    await project();
    await append(id, '2026-11-16T07:30:00.000Z', ev.issued(person(), 'admonishment'), ev.issued(organisation(), 'circulated_notice'));
    const batch = await store.readAll({ filter: { streamPrefixes: ['case-'] } });
    const runner = new ProjectionRunner(db.pool, store, accountabilityProjection);
    await runner.applyBatch(batch);
    const once = await tableHash();
    await runner.applyBatch(batch);
    expect(await tableHash()).toBe(once);
    await inTransaction(db.pool, async (client) => {
      const {
        rows: [cp],
      } = await client.query(`SELECT generation FROM projection_checkpoints WHERE name = 'accountability'`);
      await applyEvents(client, accountabilityProjection, cp.generation, batch);
    });
    expect(await tableHash()).toBe(once);
    expect(await entries(id)).toHaveLength(2);
  });

  it('a rebuild equals the incremental build', async () => {
    await project(); // generation 1, empty
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      await append(
        id,
        `2026-0${i + 1}-15T02:00:00.000Z`,
        ev.filed(id),
        ev.notified(),
        ev.issued(person('dept-market', `干部${i}`), 'admonishment'),
      );
      await project();
      if (i % 2)
        await append(
          id,
          `2026-0${i + 1}-20T02:00:00.000Z`,
          ev.transferred(),
          ev.issued(organisation('dept-approval'), 'written_self_examination', 'circulated_notice'),
        );
      await project();
    }
    const incremental = await tableHash();
    const { generation } = await rebuildProjection(db.pool, store, accountabilityProjection);
    expect(generation).toBe(2);
    expect(await tableHash()).toBe(incremental);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM accountability_register')).rows[0].n).toBe(9);
  });
});
