import { randomUUID } from 'node:crypto';
import type { AccountabilityForm, AccountabilityTarget } from '@app/domain';
import * as ev from '../../test/support/case-events';
import { withMetadata, type TestEvent } from '../../test/support/event-log';
import { useProjectionTest } from '../../test/support/projection-kit';
import { rebuildProjection } from '../runner/rebuild';
import { accountabilityProjection } from './accountability.projection';

const BASIS = { facts: '未履行一次性告知义务，致企业往返三次', rule: '《中国共产党问责条例》第七条' };
/** A decision (问责) of its own, on the grounds of BASIS. */
const issued = (target: AccountabilityTarget, ...forms: AccountabilityForm[]) =>
  ev.accountabilityIssued({ accountabilityId: randomUUID(), target, forms, basis: BASIS });
const person = (unitId = 'dept-market', name = '刘某'): AccountabilityTarget => ({
  kind: 'person',
  unitId,
  name,
  position: '窗口工作人员',
});
const organisation = (unitId = 'dept-market'): AccountabilityTarget => ({ kind: 'organisation', unitId });

describe('accountability projection (events in → register entries out)', () => {
  const db = useProjectionTest(accountabilityProjection);
  const { project } = db;
  /** Appends as the discipline office (纪检监察), at `occurredAt`. */
  const append = (caseId: string, occurredAt: string, ...events: TestEvent[]) =>
    db.appendToCase(caseId, ...events.map((e) => withMetadata(e, { actorId: 'jjjc-li', role: 'discipline', occurredAt })));
  const entries = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT target_kind, unit_id, person_name, person_position, forms, basis_facts, basis_rule, issued_at, issued_year, issued_by
           FROM accountability_register WHERE case_id = $1 ORDER BY issued_at, target_kind`,
        [caseId],
      )
    ).rows;

  it('each decision (问责) is one entry: against an organisation or a named official, its forms and basis, issued when and by whom', async () => {
    const id = randomUUID();
    await append(id, '2026-11-16T07:00:00.000Z', ...ev.filedWithLead(id, 'dept-market'));
    await append(
      id,
      '2026-11-16T07:30:00.000Z',
      issued(person(), 'admonishment', 'performance_deduction'),
      issued(organisation(), 'written_self_examination'),
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
    await append(id, '2026-12-31T01:00:00.000Z', ...ev.filedWithLead(id, 'dept-market'));
    await append(id, '2026-12-31T15:30:00.000Z', issued(person(), 'admonishment'));
    await append(id, '2026-12-31T16:30:00.000Z', issued(organisation(), 'circulated_notice'));
    await project();
    expect((await entries(id)).map((e) => e.issued_year)).toEqual([2026, 2027]);
  });

  it('entries stand through a transfer and a reopening; a later decision on the same case is another entry', async () => {
    const id = randomUUID();
    await append(
      id,
      '2026-10-09T01:00:00.000Z',
      ...ev.filedWithLead(id, 'dept-market'),
      issued(organisation('dept-market'), 'circulated_notice'),
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval' }),
    );
    await project();
    await append(
      id,
      '2026-11-10T01:00:00.000Z',
      ev.caseReopened({ leadUnitId: 'dept-approval' }),
      issued(person('dept-approval', '陈某'), 'removal_from_post'),
    );
    await project();
    expect((await entries(id)).map((e) => `${e.unit_id}:${e.person_name ?? '-'}:${e.forms.join('+')}`)).toEqual([
      'dept-market:-:circulated_notice',
      'dept-approval:陈某:removal_from_post',
    ]);
  });

  it('a batch applied twice changes nothing, through the checkpoint and through the handler itself', async () => {
    const id = randomUUID();
    await append(id, '2026-11-16T07:00:00.000Z', ...ev.filedWithLead(id, 'dept-market'));
    await project();
    await append(id, '2026-11-16T07:30:00.000Z', issued(person(), 'admonishment'), issued(organisation(), 'circulated_notice'));
    const batch = await db.followedLog();
    const { once, twice } = await db.applyTwice(batch);
    expect(twice).toBe(once);
    await db.applyThroughHandlers(batch);
    expect(await db.hash()).toBe(once);
    expect(await entries(id)).toHaveLength(2);
  });

  it('a decision recorded twice under one id is entered once, as first recorded, in one batch or one at a time', async () => {
    const id = randomUUID();
    const decision = (forms: AccountabilityForm[]) =>
      ev.accountabilityIssued({ accountabilityId: 'A-1', target: organisation(), forms, basis: BASIS });
    await append(id, '2026-11-16T07:00:00.000Z', ...ev.filedWithLead(id, 'dept-market'));
    await append(id, '2026-11-16T07:30:00.000Z', decision(['circulated_notice']), decision(['admonishment']));
    for (const batchSize of [1, 10_000]) {
      await rebuildProjection(db.pool, db.store, accountabilityProjection, { batchSize });
      expect((await entries(id)).map((e) => e.forms)).toEqual([['circulated_notice']]);
    }
  });

  it('a rebuild equals the incremental build', async () => {
    await project(); // generation 1, empty
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      await append(
        id,
        `2026-0${i + 1}-15T02:00:00.000Z`,
        ...ev.filedWithLead(id, 'dept-market'),
        issued(person('dept-market', `干部${i}`), 'admonishment'),
      );
      await project();
      if (i % 2)
        await append(
          id,
          `2026-0${i + 1}-20T02:00:00.000Z`,
          ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval' }),
          issued(organisation('dept-approval'), 'written_self_examination', 'circulated_notice'),
        );
      await project();
    }
    const incremental = await db.hash();
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(incremental);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM accountability_register')).rows[0].n).toBe(9);
    // The log cut into batches of 1, a few and all: the same register.
    for (const batchSize of [1, 3, 7, 10_000]) {
      await rebuildProjection(db.pool, db.store, accountabilityProjection, { batchSize });
      expect(await db.hash()).toBe(incremental);
    }
  });
});
