import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, type Pool } from 'pg';
import { inTransaction } from '@app/platform';
import type { EventStore, ReadAllOptions } from '@app/event-store';
import { appraisalSchemeStreamId, appraisalStreamId, DEFAULT_APPRAISAL_SCHEME, findingStreamId, unitStreamId } from '@app/domain';
import * as finding from '@app/domain/finding/finding.fixtures';
import * as ev from '../../test/support/case-events';
import { appendToCase, appendVisible, useEventStoreDatabase, withMetadata } from '../../test/support/event-log';
import { openFilesUnder } from '../../test/support/open-files';
import { project, readModelHashes } from '../../test/support/projection-kit';
import { waitUntil } from '../../test/support/wait';
import { PROJECTIONS } from '../index';
import type { Projection } from './projection';
import { physicalName } from './projection-tables';
import { keysAhead, readLogOnce, rebuildProjections, RebuildStopped, unionOfPrefixes } from './rebuild';
import { RebuildLockLost, RebuildUnderWay } from './rebuild-lock';

/**
 * The one-pass rebuild of every read model (`projections rebuild all`, the bench, a start after a
 * restore or an upgrade: projection-runner.spec.ts): the log read once, each batch handed to every projection. Each read model must come
 * out as its own incremental build made it, and a failed pass must leave the live ones alone.
 */
describe('rebuilding every read model in one pass over the log', () => {
  const db = useEventStoreDatabase();

  /**
   * A log for every read model: handled cases, a case with measures and accountability, a unit,
   * an appraisal input and scheme, a stream only the audit follows, a finding with measures and accountability.
   */
  async function appendLog(round: number): Promise<void> {
    for (let n = 0; n < 3; n++) {
      const caseId = randomUUID();
      await appendToCase(db.store, caseId, ...ev.handledCaseEvents(caseId, round * 3 + n));
    }
    const caseId = randomUUID();
    await appendToCase(db.store, caseId, ...ev.filedWithLead(caseId, 'dept-market'), ev.unitAcknowledged('dept-market'));
    await appendVisible(db.store, unitStreamId(`win-${round}`), [
      { type: 'UnitRegistered', data: { unitId: `win-${round}`, name: `窗口${round}`, kind: 'window', parentId: null } },
    ]);
    await appendToCase(
      db.store,
      caseId,
      ev.rectificationPlanned([{ ...ev.MEASURES[0], responsibleUnitId: `win-${round}` }], 'dept-market'),
      withMetadata(
        ev.accountabilityIssued({
          accountabilityId: `A${round}`,
          target: { kind: 'organisation', unitId: 'dept-market' },
          forms: ['circulated_notice'],
          basis: { facts: '推诿扯皮', rule: '首问负责制' },
        }),
        { actorId: 'jjjc-li', role: 'discipline', occurredAt: '2026-10-20T02:00:00.000Z' },
      ),
    );
    await appendVisible(db.store, appraisalStreamId('dept-market', 2026), [
      { type: 'SurveyScoreRecorded', data: { unitId: 'dept-market', year: 2026, score: 80 + round, respondents: 120, note: null } },
    ]);
    await appendVisible(db.store, appraisalSchemeStreamId(2026), [
      {
        type: 'AppraisalSchemePublished',
        data: { year: 2026, revision: round + 1, scheme: { ...DEFAULT_APPRAISAL_SCHEME, note: `第${round + 1}版` } },
      },
    ]);
    await appendVisible(db.store, `inspection-2026-${round}`, [{ type: 'SpotCheckLogged', data: { note: '抽查' } }]);
    // A finding of a campaign with its measures, one reported (the ledger's findings and their
    // measures), and accountability issued on it (the register, the appraisal, the dashboard).
    await appendVisible(db.store, findingStreamId(`WT-${round}-${randomUUID().slice(0, 8)}`), [
      finding.findingRaised(),
      finding.measuresPlanned(),
      finding.completionReported('M1'),
      withMetadata(
        ev.accountabilityIssued({
          accountabilityId: `WZ${round}`,
          target: { kind: 'organisation', unitId: finding.CONSTRUCTION },
          forms: ['written_self_examination'],
          basis: { facts: '整改逾期', rule: '《问责条例》第七条' },
        }),
        { actorId: 'jjjc-li', role: 'discipline', occurredAt: '2026-11-20T02:00:00.000Z' },
      ),
    ]);
  }

  /** Each read model built and then followed batch by batch, as the projector does. */
  async function projectEachIncrementally(rounds: number): Promise<void> {
    for (const projection of PROJECTIONS) await project(db.pool, db.store, projection);
    for (let round = 0; round < rounds; round++) {
      await appendLog(round);
      for (const projection of PROJECTIONS) await project(db.pool, db.store, projection);
    }
  }

  const checkpoints = async (pool: Pool) =>
    (
      await pool.query(
        `SELECT name, version, generation, events_applied::int AS applied, events_skipped::int AS skipped FROM projection_checkpoints ORDER BY name`,
      )
    ).rows;
  /** The physical table each view reads. */
  const viewTargets = async () =>
    (
      await db.pool.query(
        `SELECT v.viewname, regexp_replace(v.definition, '.*FROM (\\w+).*', '\\1', 's') AS reads FROM pg_views v
          WHERE v.schemaname = 'public' AND v.viewname = ANY($1) ORDER BY v.viewname`,
        [PROJECTIONS.flatMap((p) => p.tables.map((t) => t.name))],
      )
    ).rows;

  it('gives every read model the tables and counts its incremental build gave, however the log is cut into batches', async () => {
    await projectEachIncrementally(2);
    const incremental = await readModelHashes(db.pool);
    const counts = (await checkpoints(db.pool)).map(({ name, applied, skipped }) => ({ name, applied, skipped }));
    expect(Object.values(incremental).join(' ')).not.toMatch(/=0:/); // every table got rows

    let generation = 1;
    // Rows kept across batches (row-cache.ts): none; a bound so small that rows are evicted and
    // loaded again all the time; the default, which holds this whole log.
    for (const { batchSize, cacheRows } of [
      { batchSize: 1, cacheRows: 0 },
      { batchSize: 1, cacheRows: 3 },
      { batchSize: 7, cacheRows: 10 },
      { batchSize: 10_000, cacheRows: undefined },
    ]) {
      const rebuilt = await rebuildProjections(db.pool, db.store, PROJECTIONS, { batchSize, cacheRows });
      generation++;
      expect(rebuilt.map((r) => r.generation)).toEqual(PROJECTIONS.map(() => generation));
      expect(await readModelHashes(db.pool)).toEqual(incremental);
      expect((await checkpoints(db.pool)).map(({ name, applied, skipped }) => ({ name, applied, skipped }))).toEqual(counts);
    }
    // One after the other instead of concurrently: the same.
    await rebuildProjections(db.pool, db.store, PROJECTIONS, { concurrent: false });
    expect(await readModelHashes(db.pool)).toEqual(incremental);

    // The rebuilt read models follow the log on from their checkpoints like any other.
    await appendLog(2);
    for (const projection of PROJECTIONS) await project(db.pool, db.store, projection);
    const followed = await readModelHashes(db.pool);
    await rebuildProjections(db.pool, db.store, PROJECTIONS);
    expect(await readModelHashes(db.pool)).toEqual(followed);
  });

  it('gives the rebuilt tables every index readers use and makes them crash-safe, though it fills them unindexed and mostly unlogged', async () => {
    await appendLog(0);
    await rebuildProjections(db.pool, db.store, PROJECTIONS);
    const declared = PROJECTIONS.flatMap((p) =>
      p.tables.flatMap((t) => (t.indexes?.(physicalName(t.name, 1)) ?? []).map((ddl) => /^CREATE INDEX (\w+) /.exec(ddl)![1])),
    );
    expect(declared.length).toBeGreaterThan(10);
    const { rows } = await db.pool.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1)`, [
      declared,
    ]);
    expect(rows.map((r) => r.indexname).sort()).toEqual([...declared].sort());
    // Every table logged ('p'), whether it was filled unlogged or logged (ProjectionTable.loggedWhileFilled).
    const tables = PROJECTIONS.flatMap((p) => p.tables.map((t) => physicalName(t.name, 1)));
    const persistence = await db.pool.query(`SELECT relname, relpersistence FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`, [
      tables,
    ]);
    expect(persistence.rows.map((r) => `${r.relname}:${r.relpersistence}`).sort()).toEqual(tables.map((t) => `${t}:p`).sort());
  });

  it('a pass that fails leaves every live read model as it was, and the next one succeeds', async () => {
    await projectEachIncrementally(2);
    await appendLog(2); // not yet projected: a rebuild would take it in
    const live = await readModelHashes(db.pool);
    const liveCheckpoints = await checkpoints(db.pool);
    const liveViews = await viewTargets();

    // The case list fails on a batch after its second, the first by which states of open cases have
    // been set aside in files (row-spill.ts; open, though no folder names them): its cache holds one
    // row. None set aside: no failure.
    let batches = 0;
    let setAside: string[] = [];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rebuild-spec-'));
    const failing: Projection[] = PROJECTIONS.map((p) =>
      p.name !== 'case-list'
        ? p
        : {
            ...p,
            applyBatch: async (events, ctx) => {
              if (++batches >= 3 && (setAside = openFilesUnder(tmp)).length > 0) throw new Error('the disk is full');
              await p.applyBatch(events, ctx);
            },
          },
    );
    await expect(rebuildProjections(db.pool, db.store, failing, { batchSize: 5, cacheRows: 1, spillIn: tmp })).rejects.toThrow(
      'the disk is full',
    );
    expect(setAside).not.toEqual([]);
    // The files set aside went with the failure: closed, their room given back, and never in the folder.
    expect(openFilesUnder(tmp)).toEqual([]);
    expect(fs.readdirSync(tmp)).toEqual([]);
    fs.rmdirSync(tmp);
    // The other read models' transactions of that batch had ended when the failure came out: none writes on behind it.
    expect(db.pool.totalCount - db.pool.idleCount).toBe(0);
    expect(await readModelHashes(db.pool)).toEqual(live);
    expect(await checkpoints(db.pool)).toEqual(liveCheckpoints);
    expect(await viewTargets()).toEqual(liveViews);

    await rebuildProjections(db.pool, db.store, PROJECTIONS, { batchSize: 5 });
    for (const projection of PROJECTIONS) await project(db.pool, db.store, projection);
    const after = await readModelHashes(db.pool);
    expect(after).not.toEqual(live); // the new events are in
    expect((await checkpoints(db.pool)).map((c) => c.generation)).toEqual(liveCheckpoints.map((c) => c.generation + 1));
  });

  it('one rebuild of a read model at a time: another started meanwhile is refused and touches nothing, one told to wait rebuilds after it', async () => {
    await projectEachIncrementally(2);
    const incremental = await readModelHashes(db.pool);
    const generations = (await checkpoints(db.pool)).map((c) => c.generation);
    // Started while the first is halfway through filling its tables (batches of 5; the log holds many).
    let refused: Promise<unknown> | undefined;
    let waiting: Promise<Array<{ generation: number }>> | undefined;
    const first = rebuildProjections(db.pool, db.store, PROJECTIONS, {
      batchSize: 5,
      cacheRows: 2,
      onProgress: ({ done }) => {
        if (done < 20 || refused) return;
        refused = rebuildProjections(db.pool, db.store, [PROJECTIONS[1], PROJECTIONS[0]], { batchSize: 5 }).then(
          () => 'rebuilt',
          (error: unknown) => error,
        );
        waiting = rebuildProjections(db.pool, db.store, PROJECTIONS, { whenUnderWay: 'wait' });
      },
    });
    const rebuilt = await first;
    const refusal = await refused;
    expect(refusal).toBeInstanceOf(RebuildUnderWay);
    expect((refusal as RebuildUnderWay).projections).toEqual([PROJECTIONS[0].name, PROJECTIONS[1].name].sort());
    expect(rebuilt.map((r) => r.generation)).toEqual(generations.map((g) => g + 1));
    expect(await readModelHashes(db.pool)).toEqual(incremental);
    // The generation after the first's: it began once the first had swapped its tables in.
    expect((await waiting!).map((r) => r.generation)).toEqual(generations.map((g) => g + 2));
    expect(await readModelHashes(db.pool)).toEqual(incremental);
  });

  it('a rebuild whose lock is lost (its connection ended) stops before it swaps anything in', async () => {
    await projectEachIncrementally(2);
    const live = await readModelHashes(db.pool);
    const liveCheckpoints = await checkpoints(db.pool);
    // The connection holding the rebuild's advisory locks ends halfway: another rebuild could start.
    let ended: Promise<unknown> | undefined;
    const rebuild = rebuildProjections(db.pool, db.store, PROJECTIONS, {
      batchSize: 5,
      onProgress: () => {
        ended ??= db.pool.query(
          `SELECT pg_terminate_backend(pid) FROM (SELECT DISTINCT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 1347571523
              AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS holders`,
        );
      },
    });
    await expect(rebuild).rejects.toThrow(RebuildLockLost);
    expect(((await ended) as { rowCount: number }).rowCount).toBe(1); // the one connection holding them
    expect(await readModelHashes(db.pool)).toEqual(live);
    expect(await checkpoints(db.pool)).toEqual(liveCheckpoints);
    // Nothing held: the next rebuild is not refused.
    await rebuildProjections(db.pool, db.store, PROJECTIONS);
    expect(await readModelHashes(db.pool)).toEqual(live);
  });

  it('swaps in past a reader left in a transaction without stopping the other readers, says who holds it, and clears generations left behind', async () => {
    const caseList = PROJECTIONS.find((p) => p.name === 'case-list')!;
    const view = caseList.tables[0].name;
    await appendLog(0);
    await project(db.pool, db.store, caseList); // generation 1, live
    const live = await readModelHashes(db.pool, [caseList]);
    // A generation an earlier swap could not drop (still read then): the next rebuild drops it.
    await db.pool.query(`CREATE TABLE ${physicalName(view, 7)} (id int)`);
    // Someone's session read the read model and left its transaction open (a psql session, a report).
    const reader = new Client({ connectionString: db.url, application_name: 'report-left-open' });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM ${view}`);
      const heldUp: string[] = [];
      const rebuilt = rebuildProjections(db.pool, db.store, [caseList], { onSwapHeldUp: (message) => heldUp.push(message) });
      await waitUntil(() => heldUp.length >= 1, { timeoutMs: 30_000, failure: 'the swap never said it was held up' });
      expect(heldUp).toEqual([
        expect.stringMatching(
          /^case-list: waiting to swap in generation 2, its views held by pid \d+ \(report-left-open, idle in transaction, transaction open \d+ s\); swapped in once they let go$/,
        ),
      ]);
      // Meanwhile, for a second and a half: the read model answers every reader (none queues behind
      // the swap), and no session of the database holds a transaction id (the swap does not ask for
      // its lock, which would take one and hold back every reader of the log on the server).
      const withIds: number[] = [];
      const end = Date.now() + 1_500;
      const sampleIds = async () => {
        for (; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 10))) {
          const { rows } = await db.pool.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND backend_type = 'client backend' AND backend_xid IS NOT NULL`,
          );
          withIds.push(rows[0].n);
        }
      };
      const read = async () => {
        while (Date.now() < end) {
          await inTransaction(db.pool, async (client) => {
            await client.query(`SET LOCAL statement_timeout = '5s'`);
            expect((await client.query(`SELECT count(*)::int AS n FROM ${view}`)).rows[0].n).toBeGreaterThan(0);
          });
        }
      };
      await Promise.all([sampleIds(), read()]);
      expect(withIds.filter((n) => n > 0)).toEqual([]);
      // Said again only when who holds it changes (a reader of this test's, slow on a loaded machine, may join it).
      for (const message of heldUp) expect(message).toContain('(report-left-open, idle in transaction, transaction open');
      expect(heldUp.filter((m) => !m.endsWith('; swapped in once they let go'))).toEqual([]);
      expect((await checkpoints(db.pool)).find((c) => c.name === 'case-list')?.generation).toBe(1);
      await reader.query('COMMIT');
      expect(await rebuilt).toEqual([{ projection: 'case-list', generation: 2, events: expect.any(Number) }]);
    } finally {
      await reader.end();
    }
    expect(await readModelHashes(db.pool, [caseList])).toEqual(live);
    const { rows } = await db.pool.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE $1 ORDER BY 1`, [`${view}\\_\\_g%`]);
    expect(rows.map((r) => r.tablename)).toEqual([physicalName(view, 2)]);
  });

  it('stops when told to while its swap waits for a view held elsewhere, leaving the live read model as it was', async () => {
    const caseList = PROJECTIONS.find((p) => p.name === 'case-list')!;
    await appendLog(0);
    await project(db.pool, db.store, caseList);
    const live = await readModelHashes(db.pool, [caseList]);
    const reader = new Client({ connectionString: db.url, application_name: 'report-left-open' });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM ${caseList.tables[0].name}`);
      let stopping = false;
      const heldUp: string[] = [];
      const rebuilt = rebuildProjections(db.pool, db.store, [caseList], { onSwapHeldUp: (m) => heldUp.push(m), stopping: () => stopping });
      const outcome = rebuilt.then(
        () => 'rebuilt',
        (error: unknown) => error,
      );
      await waitUntil(() => heldUp.length >= 1, { timeoutMs: 30_000, failure: 'the swap never said it was held up' });
      stopping = true;
      // Ends within its next look (every 0.5 s), while the reader still holds the view.
      await waitUntil(async () => (await Promise.race([outcome, null])) !== null, {
        timeoutMs: 5_000,
        failure: 'the rebuild did not stop',
      });
      expect(await outcome).toBeInstanceOf(RebuildStopped);
    } finally {
      await reader.end();
    }
    expect(await readModelHashes(db.pool, [caseList])).toEqual(live);
    expect((await checkpoints(db.pool)).find((c) => c.name === 'case-list')?.generation).toBe(1);
    // Nothing held: the next rebuild goes through, and drops the generation the stopped one left.
    expect(await rebuildProjections(db.pool, db.store, [caseList])).toMatchObject([{ generation: 2 }]);
    const { rows } = await db.pool.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'case\\_list\\_\\_g%' ORDER BY 1`);
    expect(rows.map((r) => r.tablename)).toEqual([physicalName('case_list', 2)]);
  });

  it('plans its batches without parallel workers (look-ups by key, where starting workers costs more than it saves), and leaves the pool as it was', async () => {
    await appendLog(0);
    await appendLog(1);
    const setting = `SELECT current_setting('max_parallel_workers_per_gather') AS workers`;
    const before = (await db.pool.query<{ workers: string }>(setting)).rows[0].workers;
    expect(before).not.toBe('0'); // else the test shows nothing
    const seen: string[] = [];
    const watched: Projection[] = PROJECTIONS.map((p) => ({
      ...p,
      applyBatch: async (events, ctx) => {
        seen.push(((await ctx.query(setting)).rows[0] as { workers: string }).workers);
        await p.applyBatch(events, ctx);
      },
    }));
    await rebuildProjections(db.pool, db.store, watched, { batchSize: 5 });
    expect(seen.length).toBeGreaterThan(PROJECTIONS.length);
    expect(new Set(seen)).toEqual(new Set(['0']));
    // SET LOCAL: the pool's connections plan as before once the rebuild's transactions are over.
    const after = await Promise.all(Array.from({ length: db.pool.totalCount }, () => db.pool.query<{ workers: string }>(setting)));
    expect(new Set(after.map((r) => r.rows[0].workers))).toEqual(new Set([before]));
  });

  it('lets a failure out only once the read of the next batch, made meanwhile, is back', async () => {
    await appendLog(0);
    let failed!: () => void;
    const failure = new Promise<void>((resolve) => (failed = resolve));
    // The read ahead ends after the failure: the pass must still wait for it (a connection in use
    // behind a failure, as a CI run saw: rebuilds and their tests would go on while it is out).
    let reading = 0;
    const slowAhead: EventStore = Object.create(db.store, {
      readAll: {
        value: async (options: ReadAllOptions) => {
          reading++;
          try {
            const events = await db.store.readAll(options);
            if (options.after !== undefined) await failure.then(() => new Promise((resolve) => setTimeout(resolve, 50)));
            return events;
          } finally {
            reading--;
          }
        },
      },
    });
    const pass = readLogOnce(slowAhead, PROJECTIONS, 5, undefined, async () => {
      failed();
      throw new Error('the disk is full');
    });
    await expect(pass).rejects.toThrow('the disk is full');
    expect(reading).toBe(0);
  });

  it('lets a failed read out only once every read model has ended the batch it was applying', async () => {
    await appendLog(0);
    // The second read fails while the case list is still applying the first batch.
    let applying = 0;
    let started!: () => void;
    const inFirstBatch = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slowCaseList: Projection[] = PROJECTIONS.map((p) =>
      p.name !== 'case-list'
        ? p
        : {
            ...p,
            applyBatch: async (events, ctx) => {
              applying++;
              started();
              await released;
              await p.applyBatch(events, ctx);
              applying--;
            },
          },
    );
    const failingRead: EventStore = Object.create(db.store, {
      readAll: {
        value: async (options: ReadAllOptions) => {
          if (options.after === undefined) return db.store.readAll(options);
          await inFirstBatch;
          setTimeout(release, 100);
          throw new Error('the connection was lost');
        },
      },
    });
    await expect(rebuildProjections(db.pool, failingRead, slowCaseList, { batchSize: 5 })).rejects.toThrow('the connection was lost');
    expect(applying).toBe(0);
    expect(db.pool.totalCount - db.pool.idleCount).toBe(0);
  });

  it('reads the streams any of them follows, once', () => {
    expect(unionOfPrefixes(PROJECTIONS)).toEqual(['']);
    const following = (...streamPrefixes: string[]) => ({ ...PROJECTIONS[0], streamPrefixes });
    expect(unionOfPrefixes([following('case-'), following('unit-', 'case-'), following('config-appraisal-', 'config-')])).toEqual([
      'case-',
      'unit-',
      'config-',
    ]);
  });

  it("tells a read model the next position of each of its rows' keys, whether its rows hold them as written or in lower case", () => {
    const caseId = 'C0FFEE00-0000-4000-8000-000000000001';
    const ahead = new Map([
      [`case-${caseId}`, 40],
      ['finding-WT-2025-0007', 12],
      ['unit-u1', 9],
    ]);
    const byKey = keysAhead(ahead, ['case-', 'finding-']);
    // A case's rows hold its uuid as PostgreSQL writes it; a finding's its id as filed.
    expect(byKey.get(caseId.toLowerCase())).toBe(40);
    expect(byKey.get('WT-2025-0007')).toBe(12);
    expect(byKey.has('u1')).toBe(false);
  });
});
