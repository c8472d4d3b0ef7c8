import type { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { PROJECTIONS, rebuildProjection } from '@app/projections';
import { appendCases } from '../support/case-events';
import { useEventStoreDatabase } from '../support/event-log';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { readModelHashes } from '../support/projection-kit';
import { waitUntil } from '../support/wait';

/**
 * Fault tests of the projector as a process (the built server with APP_ROLE=projector): killed in
 * the middle of catching up, and two of them at once. Either way the read models must end exactly
 * as a clean replay makes them: no event applied twice, none skipped.
 */
describe('projector faults', () => {
  const processes: ServerProcess[] = [];
  const projector = () => {
    const p = spawnServer({ APP_ROLE: 'projector', DATABASE_URL: db.url, UNITS_SEED_FILE: 'none', LOG_LEVEL: 'warn' });
    processes.push(p);
    return p;
  };
  // Declared before the database, so it runs first: no projector is left writing to a dropped database.
  afterEach(() => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  });
  const db = useEventStoreDatabase();

  it('killed mid-batch and restarted, it ends with the tables a clean rebuild makes', async () => {
    await appendCases(db.store, 10);
    const first = projector();
    await waitForCheckpoints(db.pool, 70);
    first.child.kill('SIGTERM');
    await first.exited;

    await appendCases(db.store, 600, 10); // 4,200 more events while no projector runs
    const victim = projector();
    await waitUntil(async () => (await minCheckpointEvents(db.pool)) > 70, { timeoutMs: 60_000, intervalMs: 20 }); // it has started catching up
    victim.child.kill('SIGKILL');
    await victim.exited;
    const caught = await minCheckpointEvents(db.pool);
    expect(caught).toBeLessThan(4270); // killed before the end, so the restart has work left

    const restarted = projector();
    await waitForCheckpoints(db.pool, 4270);
    restarted.child.kill('SIGTERM');
    await restarted.exited;
    await expectSameAsCleanRebuild(db.pool, db.store, 4270);
  }, 120_000);

  it('two projector processes at once build the same tables, without errors', async () => {
    await appendCases(db.store, 300);
    const [a, b] = [projector(), projector()];
    await waitForCheckpoints(db.pool, 2100);
    await appendCases(db.store, 50, 300); // live events too
    await waitForCheckpoints(db.pool, 2450);
    for (const p of [a, b]) p.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
    for (const p of [a, b]) expect(p.output()).not.toMatch(/"level":(50|60)/); // no error or fatal log line
    await expectSameAsCleanRebuild(db.pool, db.store, 2450);
  }, 120_000);
});

/** The smallest number of events (applied + skipped) any projection has taken in. */
async function minCheckpointEvents(pool: Pool): Promise<number> {
  const { rows } = await pool.query(`SELECT name, events_applied + events_skipped AS n FROM projection_checkpoints`);
  if (rows.length < PROJECTIONS.length) return 0;
  return Math.min(...rows.map((r) => Number(r.n)));
}

async function waitForCheckpoints(pool: Pool, events: number, timeoutMs = 60_000): Promise<void> {
  await waitUntil(async () => (await minCheckpointEvents(pool)) >= events, { timeoutMs, intervalMs: 20 });
}

async function expectSameAsCleanRebuild(pool: Pool, store: PostgresEventStore, events: number): Promise<void> {
  const { rows } = await pool.query(`SELECT name, events_applied + events_skipped AS n FROM projection_checkpoints`);
  for (const row of rows) expect({ projection: row.name, events: Number(row.n) }).toEqual({ projection: row.name, events }); // none twice, none skipped
  const incremental = await readModelHashes(pool);
  for (const projection of PROJECTIONS) await rebuildProjection(pool, store, projection);
  expect(await readModelHashes(pool)).toEqual(incremental);
}
