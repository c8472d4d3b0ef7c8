import type { EventEnvelope, EventStore, ReadStreamOptions } from '@app/event-store';
import { ConfigurationReading } from './configuration-reading';
import { ConfigurationStreams, type StreamVersions } from './configuration-streams';

/** A log of a few streams in memory, counting what is asked of it. */
class FakeLog {
  readonly streams = new Map<string, EventEnvelope[]>();
  readonly reads: Array<{ streamId: string; fromVersion: number }> = [];
  readonly checks: string[][] = [];
  /** While set, a versions query waits for this before answering (as a slow database would). */
  hold: Promise<void> | null = null;

  /** Holds the versions queries sent from now on until the function returned is called. */
  holdChecks(): () => void {
    let release!: () => void;
    this.hold = new Promise((resolve) => (release = resolve));
    return release;
  }

  append(streamId: string, type: string): void {
    const events = this.streams.get(streamId) ?? [];
    events.push({ streamId, streamVersion: events.length + 1, type, data: {} } as EventEnvelope);
    this.streams.set(streamId, events);
  }

  readonly store = {
    readStream: async (streamId: string, options: ReadStreamOptions = {}) => {
      const fromVersion = options.fromVersion ?? 1;
      this.reads.push({ streamId, fromVersion });
      return (this.streams.get(streamId) ?? []).filter((e) => e.streamVersion >= fromVersion);
    },
  } as unknown as EventStore;

  readonly versions: StreamVersions = async (streamIds) => {
    this.checks.push([...streamIds]);
    // Read before waiting: what the database answers is what was committed when the query ran.
    const answer = new Map(streamIds.filter((id) => this.streams.has(id)).map((id) => [id, this.streams.get(id)!.length]));
    await this.hold;
    return answer;
  };
}

const types = (snapshot: { events: readonly EventEnvelope[] }) => snapshot.events.map((e) => e.type);
/** Lets the check gathered this tick be sent (it goes once the callers of the tick have asked). */
const checkSent = () => new Promise((resolve) => setImmediate(resolve));

/** A log holding one event of `type` in `streamId`, and the held copies over it. */
function logWith(streamId: string, type: string): { log: FakeLog; streams: ConfigurationStreams } {
  const log = new FakeLog();
  log.append(streamId, type);
  return { log, streams: new ConfigurationStreams(log.store, log.versions) };
}

describe('configuration streams held in memory', () => {
  it('streams asked for in the same tick are checked in one query, and only those that moved are read', async () => {
    const log = new FakeLog();
    log.append('unit-dept-a', 'UnitRegistered');
    log.append('config-calendar', 'CalendarYearPublished');
    const streams = new ConfigurationStreams(log.store, log.versions);

    const [unit, calendar, policy] = await Promise.all([
      streams.read('unit-dept-a'),
      streams.read('config-calendar'),
      streams.read('config-time-limits'),
    ]);
    expect([unit.version, calendar.version, policy.version]).toEqual([1, 1, 0]);
    expect(log.checks).toEqual([['unit-dept-a', 'config-calendar', 'config-time-limits']]);
    expect(log.reads.map((r) => r.streamId)).toEqual(['unit-dept-a', 'config-calendar']);

    log.append('unit-dept-a', 'UnitRetired');
    const [again, calendarAgain] = await Promise.all([streams.read('unit-dept-a'), streams.read('config-calendar')]);
    expect(types(again)).toEqual(['UnitRegistered', 'UnitRetired']);
    // Unchanged: the same snapshot, so what callers built from it (a unit's state, the rules) stands.
    expect(calendarAgain).toBe(calendar);
    expect(log.reads.slice(2)).toEqual([{ streamId: 'unit-dept-a', fromVersion: 2 }]);
  });

  it('a read that begins while a check is on its way gets a check of its own, which sees what the first could not', async () => {
    const { log, streams } = logWith('unit-dept-a', 'UnitRegistered');
    const release = log.holdChecks();

    const first = streams.read('unit-dept-a');
    await checkSent(); // the first check is sent
    expect(log.checks).toHaveLength(1);
    log.append('unit-dept-a', 'UnitRetired'); // committed elsewhere after that check read the versions
    const second = streams.read('unit-dept-a');
    release();

    expect(types(await second)).toEqual(['UnitRegistered', 'UnitRetired']);
    expect((await first).version).toBeGreaterThanOrEqual(1);
    expect(log.checks).toHaveLength(2);
  });

  describe('a query (readForQuery) may share the check already on its way', () => {
    it('lists arriving while a check is on its way wait for it and send none of their own', async () => {
      const { log, streams } = logWith('config-calendar', 'CalendarYearPublished');
      const release = log.holdChecks();

      const command = streams.read('config-calendar');
      await checkSent(); // its check is sent
      const lists = [streams.readForQuery('config-calendar'), streams.readForQuery('config-calendar')];
      release();

      const snapshots = await Promise.all([command, ...lists]);
      expect(snapshots.map((snapshot) => snapshot.version)).toEqual([1, 1, 1]);
      expect(log.checks).toHaveLength(1);
    });

    it('with no check on its way, or one that does not cover its stream, a query checks for itself and sees what was published before it', async () => {
      const log = new FakeLog();
      const streams = new ConfigurationStreams(log.store, log.versions);
      expect((await streams.readForQuery('config-calendar')).version).toBe(0);
      log.append('config-calendar', 'CalendarYearPublished');
      expect((await streams.readForQuery('config-calendar')).version).toBe(1);

      const release = log.holdChecks();
      const unit = streams.read('unit-dept-a');
      await checkSent(); // a check of the unit only is on its way
      log.append('config-calendar', 'CalendarYearPublished');
      const calendar = streams.readForQuery('config-calendar');
      await checkSent();
      release();
      expect((await calendar).version).toBe(2);
      await unit;
      expect(log.checks).toEqual([['config-calendar'], ['config-calendar'], ['unit-dept-a'], ['config-calendar']]);
    });

    it('a command never shares a check already sent, even after queries did', async () => {
      const { log, streams } = logWith('config-calendar', 'CalendarYearPublished');
      const release = log.holdChecks();

      const list = streams.read('config-calendar');
      await checkSent();
      log.append('config-calendar', 'CalendarYearPublished'); // after that check read the versions
      const shared = streams.readForQuery('config-calendar');
      const command = streams.read('config-calendar');
      release();

      // The query waited for the check already sent (no check of its own); the command sent its own.
      await Promise.all([shared, list]);
      expect((await command).version).toBe(2);
      expect(log.checks).toEqual([['config-calendar'], ['config-calendar']]);
    });
  });

  describe('a command reading as held (ConfigurationReading.held), its append confirming the versions', () => {
    it('takes a stream checked before as held, present or absent, asking the log nothing, and records the versions it took', async () => {
      const { log, streams } = logWith('unit-dept-a', 'UnitRegistered');
      await Promise.all([streams.read('unit-dept-a'), streams.read('config-calendar')]);
      log.append('unit-dept-a', 'UnitRetired'); // through another instance: not seen here until checked
      const [checks, reads] = [log.checks.length, log.reads.length];

      const reading = ConfigurationReading.held();
      const [unit, calendar] = await Promise.all([streams.read('unit-dept-a', reading), streams.read('config-calendar', reading)]);
      expect([types(unit), calendar.version]).toEqual([['UnitRegistered'], 0]);
      expect([log.checks.length, log.reads.length]).toEqual([checks, reads]);
      expect(reading.decidedOn()).toEqual([
        { streamId: 'unit-dept-a', version: 1 },
        { streamId: 'config-calendar', version: 0 },
      ]);
    });

    it('checks a stream never checked here; a checked reading confirms at the append the version it checked', async () => {
      const { log, streams } = logWith('unit-dept-a', 'UnitRegistered');
      const held = ConfigurationReading.held();
      expect(types(await streams.read('unit-dept-a', held))).toEqual(['UnitRegistered']);
      expect(log.checks).toEqual([['unit-dept-a']]);
      expect(held.decidedOn()).toEqual([{ streamId: 'unit-dept-a', version: 1 }]);

      log.append('unit-dept-a', 'UnitRetired');
      const checked = ConfigurationReading.checked();
      expect(types(await streams.read('unit-dept-a', checked))).toEqual(['UnitRegistered', 'UnitRetired']);
      expect(checked.decidedOn()).toEqual([{ streamId: 'unit-dept-a', version: 2 }]);
    });

    it('a stream published since it was found absent is read once a check finds it', async () => {
      const log = new FakeLog();
      const streams = new ConfigurationStreams(log.store, log.versions);
      await streams.read('config-time-limits');
      log.append('config-time-limits', 'TimeLimitPolicyPublished');
      expect((await streams.read('config-time-limits', ConfigurationReading.held())).version).toBe(0);
      expect(types(await streams.read('config-time-limits', ConfigurationReading.checked()))).toEqual(['TimeLimitPolicyPublished']);
      expect((await streams.read('config-time-limits', ConfigurationReading.held())).version).toBe(1);
    });
  });

  it('a stream the log holds less of than was held (a restored backup) is read again from its start', async () => {
    const log = new FakeLog();
    log.append('config-time-limits', 'TimeLimitPolicyPublished');
    log.append('config-time-limits', 'TimeLimitPolicyPublished');
    const streams = new ConfigurationStreams(log.store, log.versions);
    expect((await streams.read('config-time-limits')).version).toBe(2);

    log.streams.set('config-time-limits', log.streams.get('config-time-limits')!.slice(0, 1));
    expect((await streams.read('config-time-limits')).version).toBe(1);
    expect(log.reads.at(-1)).toEqual({ streamId: 'config-time-limits', fromVersion: 1 });
  });

  it('without stream versions (KurrentDB) each stream is read on from the version held', async () => {
    const log = new FakeLog();
    log.append('unit-dept-a', 'UnitRegistered');
    const streams = new ConfigurationStreams(log.store);

    await streams.read('unit-dept-a');
    log.append('unit-dept-a', 'UnitRenamed');
    expect(types(await streams.read('unit-dept-a'))).toEqual(['UnitRegistered', 'UnitRenamed']);
    expect(log.reads).toEqual([
      { streamId: 'unit-dept-a', fromVersion: 1 },
      { streamId: 'unit-dept-a', fromVersion: 2 },
    ]);
  });
});
