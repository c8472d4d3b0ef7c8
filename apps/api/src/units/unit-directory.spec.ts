import { isDomainError, unitDecider, unitStreamId, type UnitCommand } from '@app/domain';
import { decideAndAppend, PostgresEventStore, type EventMetadata } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { ConfigurationStreams, lastEventVersions } from '../common/configuration-streams';
import { UnitDirectory } from './unit-directory';

const AT = '2026-03-02T09:00:00+08:00';
const admin: EventMetadata = { actorId: 'admin-1', role: 'admin', correlationId: 'c-1', occurredAt: AT };

describe('unit directory', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let directory: UnitDirectory;
  const given = (unitId: string, command: UnitCommand) =>
    decideAndAppend(store, unitStreamId(unitId), unitDecider, command, { metadata: admin });

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    // As the API builds it on PostgreSQL: units held in memory, checked against each stream's last event.
    directory = new UnitDirectory(new ConfigurationStreams(store, lastEventVersions(db.pool)));
    await given('dept-scjgj', {
      type: 'RegisterUnit',
      at: AT,
      unitId: 'dept-scjgj',
      name: '区市场监督管理局',
      kind: 'department',
      parent: null,
      nameTakenBy: null,
    });
    await given('win-amr-01', {
      type: 'RegisterUnit',
      at: AT,
      unitId: 'win-amr-01',
      name: '区政务服务中心市场主体登记窗口',
      kind: 'window',
      parent: { unitId: 'dept-scjgj', exists: true, retired: false },
      nameTakenBy: null,
    });
    await given('town-zhangduhu', {
      type: 'RegisterUnit',
      at: AT,
      unitId: 'town-zhangduhu',
      name: '涨渡湖街道',
      kind: 'town',
      parent: null,
      nameTakenBy: null,
    });
    await given('town-zhangduhu', {
      type: 'RetireUnit',
      at: AT,
      reason: '区划调整',
      holdings: { openCases: 0, openFindings: [], activeChildren: [] },
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const thrown = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    return isDomainError(error) ? { code: error.code, details: error.details } : error;
  };

  it('get returns a registered unit as its stream folds', async () => {
    expect(await directory.get('win-amr-01')).toEqual({
      unitId: 'win-amr-01',
      name: '区政务服务中心市场主体登记窗口',
      kind: 'window',
      parentId: 'dept-scjgj',
      status: 'active',
      retiredReason: null,
    });
  });

  it('get returns a retired unit too', async () => {
    expect(await directory.get('town-zhangduhu')).toMatchObject({ status: 'retired', retiredReason: '区划调整' });
  });

  it.each(['dept-none', 'Not A Unit Id'])('get returns null for %p', async (unitId) => {
    expect(await directory.get(unitId)).toBeNull();
  });

  it('requireActive returns an active unit', async () => {
    expect(await directory.requireActive('dept-scjgj')).toMatchObject({ unitId: 'dept-scjgj', status: 'active' });
  });

  it('requireActive refuses an unknown unit, naming the unit and the field', async () => {
    expect(await thrown(directory.requireActive('dept-none', 'toUnitId'))).toEqual({
      code: 'UNIT_NOT_FOUND',
      details: { unitId: 'dept-none', field: 'toUnitId' },
    });
  });

  it('requireActive refuses a retired unit, naming the unit and the field', async () => {
    expect(await thrown(directory.requireActive('town-zhangduhu'))).toEqual({
      code: 'UNIT_RETIRED',
      details: { unitId: 'town-zhangduhu', field: 'unitId' },
    });
  });

  it('parentFacts tells RegisterUnit whether the parent exists and is retired', async () => {
    expect(await directory.parentFacts(null)).toBeNull();
    expect(await directory.parentFacts('dept-scjgj')).toEqual({ unitId: 'dept-scjgj', exists: true, retired: false });
    expect(await directory.parentFacts('town-zhangduhu')).toEqual({ unitId: 'town-zhangduhu', exists: true, retired: true });
    expect(await directory.parentFacts('dept-none')).toEqual({ unitId: 'dept-none', exists: false, retired: false });
  });

  it('requireAllActive refuses the first unit refused, in the order given', async () => {
    const references = [
      { unitId: 'dept-scjgj', field: 'measures[0].responsibleUnitId' },
      { unitId: 'town-zhangduhu', field: 'measures[1].responsibleUnitId' },
      { unitId: 'dept-none', field: 'measures[2].responsibleUnitId' },
    ];
    expect(await thrown(directory.requireAllActive(references))).toEqual({
      code: 'UNIT_RETIRED',
      details: { unitId: 'town-zhangduhu', field: 'measures[1].responsibleUnitId' },
    });
    expect(await directory.requireAllActive(references.slice(0, 1))).toEqual([expect.objectContaining({ unitId: 'dept-scjgj' })]);
  });

  it('a unit registered, renamed or retired by another writer after a look-up is seen by the next look-up', async () => {
    expect(await directory.get('dept-late')).toBeNull();
    await given('dept-late', {
      type: 'RegisterUnit',
      at: AT,
      unitId: 'dept-late',
      name: '区档案馆',
      kind: 'department',
      parent: null,
      nameTakenBy: null,
    });
    expect(await directory.requireActive('dept-late')).toMatchObject({ name: '区档案馆', status: 'active' });
    await given('dept-late', { type: 'RenameUnit', at: AT, name: '区档案馆（区地方志办）', nameTakenBy: null });
    expect(await directory.get('dept-late')).toMatchObject({ name: '区档案馆（区地方志办）' });
    await given('dept-late', {
      type: 'RetireUnit',
      at: AT,
      reason: '机构改革',
      holdings: { openCases: 0, openFindings: [], activeChildren: [] },
    });
    expect(await thrown(directory.requireActive('dept-late'))).toMatchObject({ code: 'UNIT_RETIRED' });
  });

  it("a query's look-up (getForQuery) sees what was written before it began, and shares a check already on its way", async () => {
    await given('dept-scjgj', { type: 'RenameUnit', at: AT, name: '区市场监管局', nameTakenBy: null });
    // The log's versions, counted; an answer is held until released while `holding`: a check can be kept on its way.
    const versions = lastEventVersions(db.pool);
    let checks = 0;
    let holding = true;
    let release = () => {};
    const directory = new UnitDirectory(
      new ConfigurationStreams(store, async (ids) => {
        checks++;
        const answer = await versions(ids);
        if (holding) await new Promise<void>((resolve) => (release = resolve));
        return answer;
      }),
    );
    const firstCheckSent = async () => {
      const deadline = Date.now() + 5_000;
      while (checks === 0) {
        if (Date.now() > deadline) throw new Error('no version check was sent');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };

    const first = directory.getForQuery('dept-scjgj');
    await firstCheckSent();
    holding = false;
    const query = directory.getForQuery('dept-scjgj');
    release();
    expect([(await first)?.name, (await query)?.name]).toEqual(['区市场监管局', '区市场监管局']);
    // The second look-up took the check on its way (a command's, get, never does: ConfigurationStreams).
    expect(checks).toBe(1);
  });
});
