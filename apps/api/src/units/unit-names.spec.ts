import { unitDecider, unitStreamId, type RegisterUnit } from '@app/domain';
import { decideAndAppend, PostgresEventStore, StreamMoved, type EventMetadata, type StreamVersion } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { ConfigurationStreams, lastEventVersions } from '../common/configuration-streams';
import { UnitDirectory } from './unit-directory';
import { unitNameStreamId, UnitNames } from './unit-names';

const AT = '2026-03-02T09:00:00+08:00';
const admin: EventMetadata = { actorId: 'admin-1', role: 'admin', correlationId: 'c-1', occurredAt: AT };
const actor = { actorId: 'admin-1', role: 'admin', unitId: null, correlationId: 'c-1' };

/**
 * The names of the registry (UnitNames): who bears a name, read from the log, and the claims on a
 * name's stream that keep two registrations of one name at once apart — each step of the race as
 * the unit command handler takes it (look up, claim, append the unit's event only where the name's
 * stream is still at the claim).
 */
describe('unit names', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let names: UnitNames;
  const registration = (unitId: string, name: string): RegisterUnit => ({
    type: 'RegisterUnit',
    at: AT,
    unitId,
    name,
    kind: 'department',
    parent: null,
    nameTakenBy: null,
  });
  /** A unit's registration, appended only where the name's stream is still at `claimed` (when given). */
  const registered = (unitId: string, name: string, claimed?: StreamVersion) =>
    decideAndAppend(store, unitStreamId(unitId), unitDecider, registration(unitId, name), {
      metadata: admin,
      decidedOn: claimed ? () => [claimed] : undefined,
    });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => e,
    );

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    names = new UnitNames(store, new UnitDirectory(new ConfigurationStreams(store, lastEventVersions(db.pool))));
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('finds the active unit bearing a name as names are compared, though it never claimed it (registered before the rule)', async () => {
    await registered('dept-czj', '区财政局');
    expect((await names.lookUp(' 区财政局 ', 'dept-new')).takenBy).toBe('dept-czj');
    expect((await names.lookUp('区财政局', 'dept-czj')).takenBy).toBeNull(); // its own name
    expect((await names.lookUp('区财政二局', 'dept-new')).takenBy).toBeNull();
    expect(unitNameStreamId('区ＱＡ局')).toBe(unitNameStreamId(' 区qa局'));
  });

  it('a claim whose unit has not landed yet is overtaken only while that unit is still unregistered: landing first, it wins', async () => {
    const first = await names.lookUp('区审计局', 'dept-a');
    const claimedByA = await names.claim(first, 'dept-a', actor, AT);
    const second = await names.lookUp('区审计局', 'dept-b');
    expect(second).toMatchObject({ takenBy: null, lastClaimant: { streamId: unitStreamId('dept-a'), version: 0 } });

    await registered('dept-a', '区审计局', claimedByA);

    expect(await failure(names.claim(second, 'dept-b', actor, AT))).toBeInstanceOf(StreamMoved);
    expect((await names.lookUp('区审计局', 'dept-b')).takenBy).toBe('dept-a');
  });

  it('overtaken, the first unit’s event finds the name’s stream moved and is not appended: the second one bears the name', async () => {
    const first = await names.lookUp('区审计局', 'dept-a');
    const claimedByA = await names.claim(first, 'dept-a', actor, AT);
    const claimedByB = await names.claim(await names.lookUp('区审计局', 'dept-b'), 'dept-b', actor, AT);

    expect(await failure(registered('dept-a', '区审计局', claimedByA))).toBeInstanceOf(StreamMoved);
    await registered('dept-b', '区审计局', claimedByB);
    expect(await store.readStream(unitStreamId('dept-a'))).toEqual([]);
    expect((await names.lookUp('区审计局', 'dept-a')).takenBy).toBe('dept-b');
  });

  it('two claims read at the same version: the second is refused (the stream moved), nothing written', async () => {
    const [a, b] = await Promise.all([names.lookUp('区审计局', 'dept-a'), names.lookUp('区审计局', 'dept-b')]);
    await names.claim(a, 'dept-a', actor, AT);
    expect(await failure(names.claim(b, 'dept-b', actor, AT))).toMatchObject({ name: 'WrongExpectedVersion' });
    expect(await store.readStream(unitNameStreamId('区审计局'))).toHaveLength(1);
  });
});
