import { randomUUID } from 'node:crypto';
import { deterministicUuid, EVENT_STORE, eventMetadata, type EventStore } from '@app/event-store';
import { findingStreamId, UNIT_EVENT_SCHEMA_VERSIONS, unitStreamId } from '@app/domain';
import * as f from '@app/domain/finding/finding.fixtures';
import type { Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { appendVisible } from '../support/event-log';
import { TEST_UNITS_SEED } from '../support/test-units';
import { heldAtAppend as lockedAppend } from '../support/stream-locks';

type Caller = Record<string, string>;

/**
 * The unit registry's rules that look beyond one unit's stream (docs/rules.md#unit-registry): a name
 * is one active unit's (on registration and on rename, also for two registrations at once), and a
 * unit is not retired while it still answers for a finding of the ledger, nor in the instant it is
 * given one, or a child unit; a unit retired all the same (a log written before those checks) plans
 * and reports on no measure. No case is filed here, so no retirement waits on the case list.
 */
describe('the unit registry’s names and retirements over HTTP', () => {
  let api: TestApi;

  const post = async (path: string, who: Caller, body: object, headers: Caller = {}) =>
    api.http
      .post(path)
      .set({ ...who, ...headers })
      .send(body);
  const register = (id: string, name: string) => post('/api/v1/units', as.admin, { id, name, kind: 'department' });
  const retire = (id: string) => post(`/api/v1/units/${id}/retire`, as.admin, { reason: '撤并' });
  const raise = async (unitId: string): Promise<string> => {
    const raised = await post('/api/v1/findings', as.intake, {
      source: { kind: 'inspection' },
      unitId,
      category: 'cumbersome_approval',
      description: '暗访发现办事指南与窗口要求不一致',
      raisedBy: { kind: 'office', name: '区督查室' },
    });
    expect(raised.status).toBe(201);
    return raised.body.id as string;
  };
  const plan = async (findingId: string, by: string, responsibleUnitId: string) => {
    const planned = await post(`/api/v1/findings/${findingId}/measures`, as.unit(by), {
      measures: [
        {
          description: '统一办事指南并公示',
          responsibleUnitId,
          responsibleLeader: '张副局长',
          due: { date: '2026-12-31' },
          sizeClass: 'immediate',
          category: 'approval_streamlining',
        },
      ],
    });
    expect(planned.status).toBe(200);
  };
  const activeNamed = async (name: string) =>
    (await api.http.get('/api/v1/units').set(as.admin).expect(200)).body.items.filter(
      (u: Json) => u.name === name && u.status === 'active',
    );

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } });
    // A 回头看 20 working days after 验收 falls in 2026, whose calendar is loaded (60 would need 2027's).
    const defaults = (await api.http.get('/api/v1/admin/ledger').set(as.admin).expect(200)).body;
    const { campaignKinds, findingCategories, measureCategories } = defaults;
    await api.http
      .put('/api/v1/admin/ledger')
      .set(as.admin)
      .send({ campaignKinds, findingCategories, measureCategories, recheckAfterWorkingDays: 20 })
      .expect(200);
  });
  afterAll(async () => api?.close());

  it('a unit registered twice is UNIT_ALREADY_REGISTERED naming the field id', async () => {
    expect((await register('dept-qa-1', '区QA甲局')).status).toBe(201);
    const twice = await register('dept-qa-1', '区QA乙局');
    expect([twice.status, twice.body]).toEqual([
      422,
      expect.objectContaining({ code: 'UNIT_ALREADY_REGISTERED', field: 'id', unitId: 'dept-qa-1' }),
    ]);
  });

  it('a name another active unit bears is refused, 422 UNIT_NAME_IN_USE naming name, on registration and on rename; nothing is written', async () => {
    expect((await register('dept-qa-test', '区QA测试局')).status).toBe(201);
    const before = await api.eventCount();
    for (const name of ['区QA测试局', ' 区ＱＡ测试局 ', '区qa测试局']) {
      const refused = await register('dept-qa-2', name);
      expect([name, refused.status, refused.body]).toEqual([
        name,
        422,
        expect.objectContaining({ code: 'UNIT_NAME_IN_USE', field: 'name', takenBy: 'dept-qa-test' }),
      ]);
    }
    expect((await register('dept-qa-2', '区QA测试二局')).status).toBe(201);
    const after = await api.eventCount();
    const rename = await post('/api/v1/units/dept-qa-2/rename', as.admin, { name: '区QA测试局' }, { 'If-Match': '"1"' });
    expect([rename.status, rename.body]).toEqual([
      422,
      expect.objectContaining({ code: 'UNIT_NAME_IN_USE', field: 'name', takenBy: 'dept-qa-test' }),
    ]);
    expect(await api.eventCount()).toBe(after);
    expect(after).toBeGreaterThan(before);
    expect(await activeNamed('区QA测试局')).toHaveLength(1);

    // A unit may change how its own name is written; a retired unit's name is free again.
    expect((await post('/api/v1/units/dept-qa-test/rename', as.admin, { name: '区qa测试局' })).status).toBe(200);
    expect((await retire('dept-qa-test')).status).toBe(200);
    expect((await register('dept-qa-3', '区QA测试局')).status).toBe(201);
  });

  it('two registrations of one name at once: one is registered, the others refused; the name is one active unit’s', async () => {
    for (const round of [1, 2, 3]) {
      const name = `区并发测试局${round}`;
      const answers = await Promise.all([1, 2, 3].map((i) => register(`dept-race-${round}-${i}`, name)));
      const statuses = answers.map((a) => a.status).sort();
      expect([round, statuses.filter((s) => s === 201)]).toEqual([round, [201]]);
      for (const refused of answers.filter((a) => a.status !== 201)) {
        expect([round, refused.body.code]).toEqual([round, expect.stringMatching(/^(UNIT_NAME_IN_USE|CONCURRENT_MODIFICATION)$/)]);
      }
      expect(await activeNamed(name)).toHaveLength(1);
    }
  });

  it('a unit that answers for an open finding is not retired, 422 UNIT_HAS_OPEN_FINDINGS naming them, until its measures are re-checked', async () => {
    expect((await register('dept-qa-4', '区QA第四测试局')).status).toBe(201);
    const findingId = await raise('dept-qa-4');
    const expected = { code: 'UNIT_HAS_OPEN_FINDINGS', unitId: 'dept-qa-4', openFindings: 1, findingIds: [findingId] };
    // Raised, no measure yet: the unit owes its plan.
    const before = await api.eventCount();
    let refused = await retire('dept-qa-4');
    expect([refused.status, refused.body]).toEqual([422, expect.objectContaining(expected)]);
    await plan(findingId, 'dept-qa-4', 'dept-qa-4');
    refused = await retire('dept-qa-4');
    expect([refused.status, refused.body]).toEqual([422, expect.objectContaining(expected)]);

    const measure = `/api/v1/findings/${findingId}/measures/M1`;
    expect((await post(`${measure}/completion`, as.unit('dept-qa-4'), { report: '已统一并公示' })).status).toBe(200);
    expect((await post(`${measure}/verify`, as.intake, { note: '现场核实' })).status).toBe(200);
    // Verified, the 回头看 still to come: it may reopen the measure, owed again by the unit.
    refused = await retire('dept-qa-4');
    expect([refused.status, refused.body]).toEqual([422, expect.objectContaining(expected)]);
    expect(await api.eventCount()).toBe(before + 3);

    expect((await post(`${measure}/recheck`, as.discipline, { confirmed: true, note: '回头看未反弹' })).status).toBe(200);
    expect((await retire('dept-qa-4')).status).toBe(200);
  });

  it('a unit responsible for one measure of another unit’s finding is not retired until then; a withdrawn finding holds nothing', async () => {
    expect((await register('dept-qa-5', '区QA第五测试局')).status).toBe(201);
    const findingId = await raise('dept-market');
    await plan(findingId, 'dept-market', 'dept-qa-5');
    const refused = await retire('dept-qa-5');
    expect([refused.status, refused.body]).toEqual([
      422,
      expect.objectContaining({ code: 'UNIT_HAS_OPEN_FINDINGS', unitId: 'dept-qa-5', findingIds: [findingId] }),
    ]);
    expect((await post(`/api/v1/findings/${findingId}/withdraw`, as.intake, { reason: '重复登记' })).status).toBe(200);
    expect((await retire('dept-qa-5')).status).toBe(200);
  });

  const heldAtAppend = (streamId: string, request: () => PromiseLike<{ status: number; body: Json }>, meanwhile: () => Promise<unknown>) =>
    lockedAppend(api.db.pool, streamId, request, meanwhile);

  const unitStatus = async (id: string) => (await api.http.get(`/api/v1/units/${id}`).set(as.admin).expect(200)).body.status;

  it('a finding raised against a unit after its retirement looked it up, before the append: the retirement is looked up again and refused, UNIT_HAS_OPEN_FINDINGS', async () => {
    expect((await register('dept-qa-7', '区QA第七测试局')).status).toBe(201);
    const findingId = randomUUID();
    const answered = await heldAtAppend(
      unitStreamId('dept-qa-7'),
      () => retire('dept-qa-7'),
      // As a raise lands that commits in between (its own append confirms the unit, not yet retired).
      () =>
        appendVisible(api.app.get<EventStore>(EVENT_STORE), findingStreamId(findingId), [
          f.findingRaised({ findingId, unitId: 'dept-qa-7' }),
        ]),
    );
    expect([answered.status, answered.body]).toEqual([
      422,
      expect.objectContaining({ code: 'UNIT_HAS_OPEN_FINDINGS', findingIds: [findingId] }),
    ]);
    expect(await unitStatus('dept-qa-7')).toBe('active');
  });

  it('a unit retired while a finding is being raised against it: the raise is decided again and refused, 422 UNIT_RETIRED; nothing recorded', async () => {
    expect((await register('dept-qa-8', '区QA第八测试局')).status).toBe(201);
    // With an Idempotency-Key the finding's id is known ahead (the same on every retry): its stream's lock can be held.
    const key = `raise-${randomUUID()}`;
    const findingId = deterministicUuid(`finding:intake-wang:${key}`);
    const answered = await heldAtAppend(
      findingStreamId(findingId),
      () =>
        api.http
          .post('/api/v1/findings')
          .set({ ...as.intake, 'Idempotency-Key': key })
          .send({
            source: { kind: 'inspection' },
            unitId: 'dept-qa-8',
            category: 'cumbersome_approval',
            description: '暗访发现窗口推诿',
            raisedBy: { kind: 'office', name: '区督查室' },
          }),
      async () => expect((await retire('dept-qa-8')).status).toBe(200),
    );
    expect([answered.status, answered.body]).toEqual([422, expect.objectContaining({ code: 'UNIT_RETIRED', unitId: 'dept-qa-8' })]);
    await api.http.get(`/api/v1/findings/${findingId}`).set(as.intake).expect(404);
  });

  it('a unit retired while a unit is being registered under it: the registration is decided again and refused, 422 PARENT_UNIT_RETIRED', async () => {
    expect((await register('dept-qa-9', '区QA第九测试局')).status).toBe(201);
    const answered = await heldAtAppend(
      unitStreamId('dept-qa-9-a'),
      () => post('/api/v1/units', as.admin, { id: 'dept-qa-9-a', name: '区QA第九测试局一科', kind: 'department', parentId: 'dept-qa-9' }),
      async () => expect((await retire('dept-qa-9')).status).toBe(200),
    );
    expect([answered.status, answered.body]).toEqual([
      422,
      expect.objectContaining({ code: 'PARENT_UNIT_RETIRED', parentId: 'dept-qa-9' }),
    ]);
    await api.http.get('/api/v1/units/dept-qa-9-a').set(as.admin).expect(404);
  });

  it('a unit retired with a measure planned for it (written straight to the log) plans and reports on none: 422 UNIT_RETIRED', async () => {
    expect((await register('dept-qa-6', '区QA第六测试局')).status).toBe(201);
    const findingId = await raise('dept-market');
    await plan(findingId, 'dept-market', 'dept-qa-6');
    // The retirement as it could land before retirements confirmed the log they were decided on.
    const store = api.app.get<EventStore>(EVENT_STORE);
    const admin = { actorId: 'admin-zhao', role: 'admin', unitId: null, correlationId: 'race' };
    await store.appendToStream(
      unitStreamId('dept-qa-6'),
      [
        {
          eventId: '9a4c1f3e-7b2d-4c5e-8f60-1a2b3c4d5e6f',
          type: 'UnitRetired',
          schemaVersion: UNIT_EVENT_SCHEMA_VERSIONS.UnitRetired,
          data: { unitId: 'dept-qa-6', reason: '撤并' },
          metadata: eventMetadata(admin, '2026-11-16T09:00:00+08:00'),
        },
      ],
      { expectedVersion: 1 },
    );
    const before = await api.eventCount();
    const measure = `/api/v1/findings/${findingId}/measures/M1`;
    for (const [action, body] of [
      ['progress', { progress: '已起草' }],
      ['completion', { report: '已完成' }],
    ] as const) {
      const refused = await post(`${measure}/${action}`, as.unit('dept-qa-6'), body);
      expect([action, refused.status, refused.body]).toEqual([
        action,
        422,
        expect.objectContaining({ code: 'UNIT_RETIRED', unitId: 'dept-qa-6' }),
      ]);
    }
    expect(await api.eventCount()).toBe(before);
    // The unit the finding is against still sees the measure through.
    expect((await post(`${measure}/completion`, as.unit('dept-market'), { report: '已完成' })).status).toBe(200);
  });
});
