import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import * as ev from '../../test/support/case-events';
import { appendToCase, useEventStoreDatabase } from '../../test/support/event-log';
import { project, readModelHashes } from '../../test/support/projection-kit';
import { PROJECTIONS } from '../index';
import { withReplayedCopies } from './replay-copies';

/**
 * Private copies of read models replayed from the log up to given positions (what reproducing a
 * published ranking computes from): each copy is what its read model was at that position, and the
 * live read models, their checkpoints and views are neither touched nor left with anything behind.
 */
describe('replaying read models into private copies up to a position', () => {
  const db = useEventStoreDatabase();
  const lingering = randomUUID();

  /** Handled cases, and one case left half-way that the second round carries on. */
  async function appendRound(round: number): Promise<void> {
    for (let n = 0; n < 3; n++) {
      const caseId = randomUUID();
      await appendToCase(db.store, caseId, ...ev.handledCaseEvents(caseId, round * 3 + n));
    }
    if (round === 0) await appendToCase(db.store, lingering, ...ev.filedWithLead(lingering, 'dept-market'));
    else await appendToCase(db.store, lingering, ev.unitAcknowledged('dept-market'), ev.handlingReported('dept-market'));
  }
  const projectAll = async () => {
    for (const projection of PROJECTIONS) await project(db.pool, db.store, projection);
  };
  const checkpoints = async (pool: Pool) =>
    (await pool.query(`SELECT name, generation, position::text AS position FROM projection_checkpoints ORDER BY name`)).rows as Array<{
      name: string;
      position: string;
    }>;
  const temporaryTables = async () =>
    (await db.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relpersistence = 't'`)).rows[0].n as number;
  const copiesHashes = (client: { query: Pool['query'] }) => readModelHashes(client as Pool);

  it('gives each read model the tables it had at its own position, while the live ones stay where the log is', async () => {
    await appendRound(0);
    await projectAll();
    const atFirst = await readModelHashes(db.pool);
    const firstPositions = await checkpoints(db.pool);
    await appendRound(1);
    await projectAll();
    const live = await readModelHashes(db.pool);
    const liveCheckpoints = await checkpoints(db.pool);
    expect(live).not.toEqual(atFirst);

    // Half of them at the first round's positions, half at the log's end: each copy at its own.
    const [early, late] = [PROJECTIONS.slice(0, 3), PROJECTIONS.slice(3)];
    const upTo = new Map([
      ...early.map((p) => [p.name, BigInt(firstPositions.find((c) => c.name === p.name)!.position)] as const),
      ...late.map((p) => [p.name, BigInt(liveCheckpoints.find((c) => c.name === p.name)!.position)] as const),
    ]);
    const expected = {
      ...Object.fromEntries(early.map((p) => [p.name, atFirst[p.name]])),
      ...Object.fromEntries(late.map((p) => [p.name, live[p.name]])),
    };
    // However the log is cut into batches, and whether rows are kept across them or evicted all the time.
    for (const options of [{ batchSize: 1, cacheRows: 0 }, { batchSize: 7, cacheRows: 3 }, {}]) {
      const copies = await withReplayedCopies(db.pool, db.store, PROJECTIONS, upTo, (client) => copiesHashes(client), options);
      expect(copies).toEqual(expected);
    }

    expect(await readModelHashes(db.pool)).toEqual(live);
    expect(await checkpoints(db.pool)).toEqual(liveCheckpoints);
    expect(await temporaryTables()).toBe(0);
  });

  it('drops its copies when the work on them fails, and what that work drops is a copy, never a live view', async () => {
    await appendRound(0);
    await projectAll();
    const live = await readModelHashes(db.pool);
    const upTo = new Map((await checkpoints(db.pool)).map((c) => [c.name, BigInt(c.position)]));
    const failing = withReplayedCopies(db.pool, db.store, PROJECTIONS, upTo, async (client) => {
      for (const table of PROJECTIONS.flatMap((p) => p.tables)) await client.query(`DROP VIEW ${table.name}`);
      throw new Error('the report could not be written');
    });
    await expect(failing).rejects.toThrow('the report could not be written');
    expect(await readModelHashes(db.pool)).toEqual(live);
    expect(await temporaryTables()).toBe(0);
  });
});
