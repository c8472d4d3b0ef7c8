import { randomUUID } from 'node:crypto';
import { useEventStoreDatabase } from '../../../../test/support/event-log';
import { newEvent } from '../contract/helpers';
import { StreamMoved } from '../errors';
import { GLOBAL_LOG, type AppendTransaction } from '../event-store';

/**
 * AppendOptions.decidedOn on PostgreSQL, with transactions open at the same time: the check locks
 * each stream named in share mode (expect_stream_versions, migration 1764800000400), so a command
 * never commits on a version of its configuration that an append committing beside it replaces.
 */
describe('PostgreSQL: the streams a decision read, checked while others write them', () => {
  const db = useEventStoreDatabase({ per: 'file' });

  /** An append paused inside its transaction (after its statement, before COMMIT) until `release` is called. */
  function pausedAppend(
    streamId: string,
    options: { expectedVersion: number | 'no_stream'; decidedOn?: { streamId: string; version: number }[] },
    event = newEvent(),
  ) {
    let release!: () => void;
    let paused = false;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done = db.store.appendToStream(streamId, [event], {
      ...options,
      alongside: async (_tx: AppendTransaction | null) => {
        paused = true;
        await gate;
      },
    });
    return { done, release, isPaused: () => paused };
  }

  /** Backends of this database waiting for an advisory lock. */
  const waitingOnLocks = async () =>
    Number(
      (
        await db.pool.query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        )
      ).rows[0].n,
    );

  async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function unitAt(version: number): Promise<string> {
    const unit = `unit-${randomUUID()}`;
    await db.store.appendToStream(
      unit,
      Array.from({ length: version }, () => newEvent('UnitRegistered')),
      { expectedVersion: 'no_stream' },
    );
    return unit;
  }

  it('a unit retired in a transaction still open: the command waits for it, then sees it and writes nothing', async () => {
    const unit = await unitAt(1);
    const retiring = pausedAppend(unit, { expectedVersion: 1 });
    await until(retiring.isPaused, 'the retirement inside its transaction');

    const caseId = `case-${randomUUID()}`;
    const filing = db.store.appendToStream(caseId, [newEvent()], {
      expectedVersion: 'no_stream',
      decidedOn: [{ streamId: unit, version: 1 }],
    });
    const settled = filing.then(
      () => 'appended',
      (e: unknown) => e,
    );
    await until(async () => (await waitingOnLocks()) === 1, 'the filing waiting for the unit');
    retiring.release();
    await retiring.done;

    expect(await settled).toMatchObject({ constructor: StreamMoved, streamId: unit, expected: 1, actual: 2 });
    expect(await db.store.readStream(caseId)).toEqual([]);
  });

  it('a command on a unit, still open: the unit is retired only after it commits', async () => {
    const unit = await unitAt(1);
    const caseId = `case-${randomUUID()}`;
    const filing = pausedAppend(caseId, { expectedVersion: 'no_stream', decidedOn: [{ streamId: unit, version: 1 }] });
    await until(filing.isPaused, 'the filing inside its transaction');

    let retired = false;
    const retiring = db.store.appendToStream(unit, [newEvent('UnitRetired')], { expectedVersion: 1 }).then((r) => ((retired = true), r));
    await until(async () => (await waitingOnLocks()) === 1, 'the retirement waiting for the filing');
    expect(retired).toBe(false);
    filing.release();

    const [filed, retirement] = await Promise.all([filing.done, retiring]);
    expect(filed.position < retirement.position).toBe(true);
    expect(await db.store.readStream(caseId)).toHaveLength(1);
  });

  it('a case dispatched to a unit, still open while the unit is retired on a log read without it: the retirement waits for it, then sees it and writes nothing', async () => {
    const unit = await unitAt(1);
    const { position } = await db.store.appendToStream(`case-${randomUUID()}`, [newEvent('UnitNotified', { unitId: 'another' })], {
      expectedVersion: 'no_stream',
    });
    const dispatch = pausedAppend(
      `case-${randomUUID()}`,
      { expectedVersion: 'no_stream', decidedOn: [{ streamId: unit, version: 1 }] },
      newEvent('UnitNotified', { unitId: unit }),
    );
    await until(dispatch.isPaused, 'the dispatch inside its transaction');

    const retiring = db.store
      .appendToStream(unit, [newEvent('UnitRetired')], {
        expectedVersion: 1,
        decidedOnLog: { position, absent: [{ type: 'UnitNotified', dataContains: { unitId: unit } }] },
      })
      .then(
        () => 'retired',
        (e: unknown) => e,
      );
    await until(async () => (await waitingOnLocks()) === 1, 'the retirement waiting for the dispatch');
    dispatch.release();
    const dispatched = await dispatch.done;

    expect(await retiring).toMatchObject({ constructor: StreamMoved, streamId: GLOBAL_LOG, actual: Number(dispatched.position) });
    expect(await db.store.readStream(unit)).toHaveLength(1);
  });

  it('commands deciding on the same unit do not wait for one another', async () => {
    const unit = await unitAt(2);
    const decidedOn = [{ streamId: unit, version: 2 }];
    const both = [
      pausedAppend(`case-${randomUUID()}`, { expectedVersion: 'no_stream', decidedOn }),
      pausedAppend(`case-${randomUUID()}`, { expectedVersion: 'no_stream', decidedOn }),
    ];
    // Each is inside its transaction, past the check, while the other is too.
    await until(() => both.every((a) => a.isPaused()), 'both commands past the check at once');
    expect(await waitingOnLocks()).toBe(0);
    both.forEach((a) => a.release());
    expect((await Promise.all(both.map((a) => a.done))).map((r) => r.nextVersion)).toEqual([1, 1]);
  });
});
