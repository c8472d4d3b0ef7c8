import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { unitDecider, unitStreamId, UNIT_STREAM_PREFIX, type UnitCommand } from '@app/domain';
import { decideAndAppend, deterministicUuid, PostgresEventStore, type EventMetadata, type EventStore } from '@app/event-store';
import { projectRoot } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { UnitDirectory } from './unit-directory';
import { readUnitSeedFile, UnitSeedFileError } from './unit-seed-file';
import { UnitSeeder } from './unit-seeder';

const SHIPPED = path.join(projectRoot(), 'config/units.seed.json');
const shipped = readUnitSeedFile(SHIPPED).units;
const admin: EventMetadata = { actorId: 'admin-1', role: 'admin', correlationId: 'c-1', occurredAt: '2026-03-02T09:00:00+08:00' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'units-seeder-'));
let n = 0;
function seedFile(units: unknown[]): string {
  const file = path.join(tmp, `units-${++n}.json`);
  fs.writeFileSync(file, JSON.stringify({ units }));
  return file;
}

describe('unit seeder', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let directory: UnitDirectory;
  let logged: jest.SpyInstance;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    directory = UnitDirectory.over(store);
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
    await db.drop();
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /**
   * Every unit event, in log order. Read stream by stream: readAll only shows what is below the
   * cluster-wide visibility horizon, which a transaction of a test running in parallel can hold back.
   */
  const unitEvents = async () => {
    const { rows } = await db.pool.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM events WHERE starts_with(stream_id, $1)', [
      UNIT_STREAM_PREFIX,
    ]);
    const events = (await Promise.all(rows.map((r) => store.readStream(r.stream_id)))).flat();
    return events.sort((a, b) => (a.position < b.position ? -1 : 1));
  };
  const asAdmin = (unitId: string, command: UnitCommand) =>
    decideAndAppend(store, unitStreamId(unitId), unitDecider, command, { metadata: admin });

  it('the first run registers every unit of the seed file, as listed', async () => {
    const result = await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);

    expect(result).toEqual({ file: 'config/units.seed.json', registered: shipped.length, skipped: 0, refused: 0 });
    for (const unit of shipped) {
      expect(await directory.get(unit.id)).toEqual({
        unitId: unit.id,
        name: unit.name,
        kind: unit.kind,
        parentId: unit.parentId,
        status: 'active',
        retiredReason: null,
      });
    }
  });

  it('records each registration under the event id seed:unit:<id>, the same in every process', async () => {
    await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);

    for (const unit of shipped) {
      expect((await store.readStream(unitStreamId(unit.id))).map((e) => e.eventId)).toEqual([deterministicUuid(`seed:unit:${unit.id}`)]);
    }
  });

  it('registers parents before their children, whatever the order in the file', async () => {
    const file = seedFile([
      { id: 'win-tax-02', name: '区政务服务中心发票办理窗口', kind: 'window', parentId: 'dept-shuiwu-01' },
      { id: 'dept-shuiwu-01', name: '区税务局第一税务所', kind: 'department', parentId: 'dept-shuiwu' },
      { id: 'dept-shuiwu', name: '区税务局', kind: 'department' },
    ]);

    expect(await new UnitSeeder(store, { unitsSeedFile: null }).seed(file)).toMatchObject({ registered: 3, refused: 0 });
    expect((await unitEvents()).map((e) => e.streamId)).toEqual(['unit-dept-shuiwu', 'unit-dept-shuiwu-01', 'unit-win-tax-02']);
  });

  it('logs one line with what it did', async () => {
    await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);

    expect(logged.mock.calls).toEqual([
      [`Units from config/units.seed.json: ${shipped.length} registered, 0 already registered, 0 refused`],
    ]);
  });

  it('a second run registers none and leaves one event per unit', async () => {
    await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);
    const again = await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);

    expect(again).toMatchObject({ registered: 0, skipped: shipped.length, refused: 0 });
    expect(await unitEvents()).toHaveLength(shipped.length);
  });

  it('two seeders running at once register each unit exactly once', async () => {
    const other = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    try {
      await Promise.all([
        new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED),
        new UnitSeeder(other, { unitsSeedFile: null }).seed(SHIPPED),
      ]);
    } finally {
      await other.close();
    }

    const events = await unitEvents();
    expect(events).toHaveLength(shipped.length);
    expect(new Set(events.map((e) => e.streamId)).size).toBe(shipped.length);
  });

  it('a unit renamed since it was seeded is not renamed back', async () => {
    await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);
    await asAdmin('dept-fgj', { type: 'RenameUnit', at: '2026-03-02T09:00:00+08:00', name: '区发展改革和统计局', nameTakenBy: null });

    await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);

    expect((await directory.get('dept-fgj'))?.name).toBe('区发展改革和统计局');
    expect(await store.readStream(unitStreamId('dept-fgj'))).toHaveLength(2);
  });

  it('a unit retired since it was seeded stays retired', async () => {
    await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);
    await asAdmin('town-fenghuang', {
      type: 'RetireUnit',
      at: '2026-03-02T09:00:00+08:00',
      reason: '区划调整并入邾城街道',
      holdings: { openCases: 0, openFindings: [], activeChildren: [] },
    });

    await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);

    expect((await directory.get('town-fenghuang'))?.status).toBe('retired');
  });

  it('a unit an administrator registered first is left as it is', async () => {
    await asAdmin('dept-czj', {
      type: 'RegisterUnit',
      at: '2026-03-02T09:00:00+08:00',
      unitId: 'dept-czj',
      name: '区财政局（国资办）',
      kind: 'department',
      parent: null,
      nameTakenBy: null,
    });

    const result = await new UnitSeeder(store, { unitsSeedFile: null }).seed(SHIPPED);

    expect(result).toMatchObject({ registered: shipped.length - 1, skipped: 1 });
    expect((await directory.get('dept-czj'))?.name).toBe('区财政局（国资办）');
  });

  it('a new unit under a parent retired since is refused, and the rest is registered', async () => {
    const dept = { id: 'dept-wlj', name: '区文化和旅游局', kind: 'department' };
    await new UnitSeeder(store, { unitsSeedFile: null }).seed(seedFile([dept]));
    await asAdmin('dept-wlj', {
      type: 'RetireUnit',
      at: '2026-03-02T09:00:00+08:00',
      reason: '机构改革',
      holdings: { openCases: 0, openFindings: [], activeChildren: [] },
    });
    const later = seedFile([
      dept,
      { id: 'win-wl-01', name: '区政务服务中心文旅窗口', kind: 'window', parentId: 'dept-wlj' },
      { id: 'town-liji', name: '李集街道', kind: 'town' },
    ]);

    expect(await new UnitSeeder(store, { unitsSeedFile: null }).seed(later)).toMatchObject({ registered: 1, skipped: 1, refused: 1 });
    expect(await directory.get('win-wl-01')).toBeNull();
    expect(await directory.get('town-liji')).not.toBeNull();
  });

  it('a new unit whose name an administrator gave another active unit is refused (logged), and the rest is registered', async () => {
    await asAdmin('dept-wlj-2', {
      type: 'RegisterUnit',
      at: '2026-03-02T09:00:00+08:00',
      unitId: 'dept-wlj-2',
      name: '区文化和旅游局',
      kind: 'department',
      parent: null,
      nameTakenBy: null,
    });
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const later = seedFile([
      { id: 'dept-wlj', name: '区文化和旅游局', kind: 'department' },
      { id: 'town-liji', name: '李集街道', kind: 'town' },
    ]);

    expect(await new UnitSeeder(store, { unitsSeedFile: null }).seed(later)).toMatchObject({ registered: 1, skipped: 0, refused: 1 });
    expect(await directory.get('dept-wlj')).toBeNull();
    expect(await directory.get('town-liji')).not.toBeNull();
    expect(warned).toHaveBeenCalledWith(expect.stringContaining('Unit dept-wlj not registered: UNIT_NAME_IN_USE'));
  });

  it('a bad seed file stops the start before anything is registered', async () => {
    const bad = seedFile([
      { id: 'dept-fgj', name: '区发展和改革局', kind: 'department' },
      { id: 'win-x', name: '窗口', kind: 'counter' },
    ]);

    await expect(new UnitSeeder(store, { unitsSeedFile: null }).seed(bad)).rejects.toThrow(UnitSeedFileError);
    await expect(new UnitSeeder(store, { unitsSeedFile: null }).seed(bad)).rejects.toThrow(
      /units-\d+\.json: units\[1\] \(win-x\): kind must be one of/,
    );
    expect(await unitEvents()).toEqual([]);
  });

  it('a store it cannot reach does not stop the start: seeding is retried later', async () => {
    const file = seedFile([{ id: 'town-xugu', name: '徐古街道', kind: 'town' }]);
    const unreachable: EventStore = Object.assign(Object.create(store), {
      readStream: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    const seeder = new UnitSeeder(unreachable, { unitsSeedFile: file });
    await expect(seeder.onApplicationBootstrap()).resolves.toBeUndefined();
    seeder.onModuleDestroy();
  });

  it('a bad seed file stops the start, naming the file', async () => {
    const file = path.join(tmp, 'units.json'); // in the folder the suite removes when done
    fs.writeFileSync(file, '{ "units": [ ');
    await expect(new UnitSeeder(store, { unitsSeedFile: file }).onApplicationBootstrap()).rejects.toThrow(/units\.json/);
  });

  it('on application bootstrap it seeds the file named by UNITS_SEED_FILE', async () => {
    const file = seedFile([{ id: 'town-xugu', name: '徐古街道', kind: 'town' }]);
    await new UnitSeeder(store, { unitsSeedFile: file }).onApplicationBootstrap();

    expect(await directory.get('town-xugu')).not.toBeNull();
  });

  it('on application bootstrap with UNITS_SEED_FILE=none it registers nothing', async () => {
    await new UnitSeeder(store, { unitsSeedFile: null }).onApplicationBootstrap();

    expect(await unitEvents()).toEqual([]);
  });
});
