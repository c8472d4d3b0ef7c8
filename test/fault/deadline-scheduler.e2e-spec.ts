import { randomUUID } from 'node:crypto';
import { caseStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { ManualClock } from '@app/platform';
import { SchedulerInstance } from '../../apps/projector/src/deadlines/deadlines.fixtures';
import { filedAndDispatched } from '../support/case-events';
import { useEventStoreDatabase, newEvents } from '../support/event-log';
import { waitUntil } from '../support/wait';

/**
 * The deadline scheduler at scale: 1,000 deadlines fall due at once (500 cases dispatched on the
 * standard story's dates, each with a sign-for and a handling deadline), two instances work them
 * off, and one dies in the middle — in the worst place, after its append reached the store and
 * before it settled the row. Every deadline must still pass exactly once.
 */
describe('deadline scheduler at scale', () => {
  const CASES = 500;
  const DEADLINES = CASES * 2;
  const instances: SchedulerInstance[] = [];
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.close()));
  });
  const db = useEventStoreDatabase();

  it(`two instances, one killed midway: each of ${DEADLINES} due deadlines passes exactly once`, async () => {
    const caseIds = Array.from({ length: CASES }, () => randomUUID());
    for (const caseId of caseIds) {
      await db.store.appendToStream(caseStreamId(caseId), newEvents(filedAndDispatched(caseId, 'dept-market')), {
        expectedVersion: 'no_stream',
      });
    }
    // Sign for by 28 September, handle by 15 October: on 20 October both deadlines of every case are over.
    const clock = new ManualClock('2026-10-20T09:00:00+08:00');

    let dead = false;
    let diedAfterAppend = 0;
    /**
     * The victim's store: once it is dead, an append reaches the database and the process is gone
     * before it can settle the row; after that it reaches the log no more (a dead process appends
     * nothing: the rows it claimed meanwhile are left without their event, for the survivor).
     */
    const dying = (store: EventStore): EventStore =>
      new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          if (property !== 'appendToStream' && property !== 'readStream') return value.bind(target);
          return async (...args: unknown[]) => {
            if (diedAfterAppend > 0) throw new Error('process killed');
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (dead && property === 'appendToStream') {
              diedAfterAppend++;
              throw new Error('process killed after the append');
            }
            return result;
          };
        },
      });
    const victim = new SchedulerInstance(db.url, clock, { intervalMs: 10, fireBatchSize: 25 }, dying);
    const survivor = new SchedulerInstance(db.url, clock, { intervalMs: 10, fireBatchSize: 25 });
    instances.push(victim, survivor);
    victim.scheduler.start();
    survivor.scheduler.start();

    await waitUntil(async () => (await passedCount()) >= DEADLINES / 5, { timeoutMs: 60_000, intervalMs: 20 });
    dead = true;
    await waitUntil(() => diedAfterAppend > 0, { timeoutMs: 30_000, intervalMs: 5, failure: 'the victim never died after an append' });
    await victim.close(); // what it claimed stays claimed, for the lease
    // Its orphaned rows are claimed by a dead instance: nobody may touch them until the lease runs out.
    expect((await rowStates())['fired'] ?? 0).toBeLessThan(DEADLINES);

    // The lease of the dead instance's claims runs out; the survivor takes them over.
    clock.advance(61_000);
    await waitUntil(async () => (await rowStates())['fired'] === DEADLINES, { timeoutMs: 90_000, intervalMs: 50 });

    expect(await rowStates()).toEqual({ fired: DEADLINES });
    const { rows } = await db.pool.query(
      `SELECT stream_id, data->>'unitId' AS unit, data->>'deadline' AS deadline, data->>'dueDate' AS due, count(*)::int AS n
         FROM events WHERE type = 'DeadlinePassed' GROUP BY 1, 2, 3, 4`,
    );
    expect(rows).toHaveLength(DEADLINES);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => `${r.deadline}:${r.due}`))).toEqual(new Set(['sign_for:2026-09-28', 'handling:2026-10-15']));
    // And no stream got a gap or a duplicate version from two instances appending to one case.
    const gaps = await db.pool.query(
      `SELECT stream_id FROM events GROUP BY stream_id HAVING count(*) <> max(stream_version) OR count(DISTINCT stream_version) <> count(*)`,
    );
    expect(gaps.rows).toEqual([]);
  }, 180_000);

  async function passedCount(): Promise<number> {
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'DeadlinePassed'`);
    return rows[0].n;
  }

  async function rowStates(): Promise<Record<string, number>> {
    const { rows } = await db.pool.query(`SELECT state, count(*)::int AS n FROM scheduled_deadlines GROUP BY state`);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
});
