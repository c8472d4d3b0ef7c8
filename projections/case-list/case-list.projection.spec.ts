import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@app/domain';
import { ALL, appendInterleaved, hashesByBatchSize } from '../../test/support/batch-cuts';
import * as ev from '../../test/support/case-events';
import { useProjectionTest, waitUntil } from '../../test/support/projection-kit';
import { ProjectionRunner } from '../runner/projection-runner';
import { caseListProjection } from './case-list.projection';
import { CaseListReader } from './case-list.reader';

describe('case-list projection (events in → rows out) and the projection runner', () => {
  const db = useProjectionTest(caseListProjection);
  const append = db.appendToCase;
  const rows = async () => (await db.pool.query('SELECT * FROM case_list ORDER BY case_id')).rows;
  const row = async (caseId: string) => (await db.pool.query('SELECT * FROM case_list WHERE case_id = $1', [caseId])).rows[0];

  /** The case's overdue flag as the list answers it at the instant `asOf`. */
  const overdueAt = async (caseId: string, asOf: string) =>
    (await new CaseListReader(db.pool).page({ unitScope: null }, new Date(asOf))).items.find((c) => c.id === caseId)!.overdue;

  it('follows a case through transfer, extension, deadline, reopening and closing', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedAndDispatched(id, 'dept-market', 'dept-housing'));
    await db.rebuild();
    expect(await row(id)).toMatchObject({
      status: 'in_progress',
      lead_unit_id: 'dept-market',
      unit_ids: ['dept-market', 'dept-housing'],
      version: 4,
      category: 'cumbersome_approval',
    });

    const live = async (...events: CaseEvent[]) => {
      await append(id, ...events);
      await db.project();
    };
    await live(
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval' }),
      ev.extensionGranted({ unitId: 'dept-approval' }),
    );
    expect(await row(id)).toMatchObject({ lead_unit_id: 'dept-approval', unit_ids: ['dept-housing', 'dept-approval'], extended: true });
    // The transfer gave the new lead 19 Oct; the extension granted to it moves the due day to its newDue, 22 Oct.
    expect((await db.pool.query('SELECT handling_due::text AS due FROM case_list WHERE case_id = $1', [id])).rows[0].due).toBe(
      '2026-10-22',
    );
    // Overdue once the extended due day (22 Oct) has ended in Beijing, with or without DeadlinePassed
    // (which this list used to read, and so depended on when the scheduler ran).
    expect(await overdueAt(id, '2026-10-22T15:59:59Z')).toBe(false);
    expect(await overdueAt(id, '2026-10-22T16:00:00Z')).toBe(true);
    await live(ev.deadlinePassed('handling', '2026-10-22', 'dept-approval'));
    expect(await overdueAt(id, '2026-10-22T15:59:59Z')).toBe(false);
    await live(ev.handlingReported('dept-approval', { reportedAt: '2026-10-26T10:00:00+08:00' }));
    // A late round stays late: reopening (重办) and handling the new round in time do not undo it.
    await live(ev.caseReopened({ leadUnitId: 'dept-approval', handlingDue: '2026-11-20' }));
    expect(await row(id)).toMatchObject({ round: 2, status: 'in_progress' });
    await live(ev.handlingReported('dept-approval', { reportedAt: '2026-11-10T10:00:00+08:00' }), ev.caseClosed('情节轻微'));
    expect(await row(id)).toMatchObject({ status: 'closed', version: 11 });
    expect(await overdueAt(id, '2026-12-31T00:00:00Z')).toBe(true);
    expect((await row(id)).closed_at).toBeInstanceOf(Date);
    // 回头看: the discipline office reopens the closed case; it is listed in progress again, not closed.
    await live(ev.caseReopened({ leadUnitId: 'dept-approval', round: 3, handlingDue: '2026-12-04', lookBack: true }));
    expect(await row(id)).toMatchObject({ status: 'in_progress', round: 3, closed_at: null });
    // Units and dashboards read this table: nothing of the complainant is in it.
    expect(Object.keys(await row(id))).not.toEqual(expect.arrayContaining([expect.stringMatching(/complainant|phone|name/)]));
  });

  it('a case handled on time is never overdue, one not handled by its due date is from the end of that day', async () => {
    const [onTime, late] = [randomUUID(), randomUUID()];
    await append(onTime, ...ev.filedAndDispatched(onTime, 'dept-market'), ev.handlingReported('dept-market'));
    await append(late, ...ev.filedAndDispatched(late, 'dept-market'), ev.interimReport('dept-market'));
    await db.rebuild();
    // Both are due on 15 Oct (Beijing); an interim report does not meet the deadline.
    expect(await overdueAt(onTime, '2027-01-01T00:00:00Z')).toBe(false);
    expect(await overdueAt(late, '2026-10-15T15:59:59Z')).toBe(false);
    expect(await overdueAt(late, '2026-10-15T16:00:00Z')).toBe(true);
    const listed = await new CaseListReader(db.pool).page({ unitScope: null, overdue: true }, new Date('2026-10-16T00:00:00Z'));
    expect(listed.items.map((c) => c.id)).toEqual([late]);
  });

  it('a rejected complaint is listed as rejected', async () => {
    const id = randomUUID();
    await append(id, ev.complaintFiled({ caseId: id }), ev.complaintRejected());
    await db.rebuild();
    expect(await row(id)).toMatchObject({ status: 'rejected', lead_unit_id: null });
  });

  it('a batch applied twice changes nothing (the checkpoint and the version guard)', async () => {
    const id = randomUUID();
    await append(id, ev.complaintFiled({ caseId: id }));
    await db.rebuild();
    await append(id, ev.complaintAccepted(), ev.unitNotified('dept-market'));
    const batch = await db.followedLog();
    const { once, twice } = await db.applyTwice(batch);
    expect(twice).toBe(once);
    const cp = await db.checkpoint();
    expect(Number(cp.events_applied)).toBe(3);
  });

  it('a rebuild equals the incremental build, and swaps generations atomically', async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await db.rebuild(); // generation 1, empty
    for (const [i, id] of ids.entries()) {
      const events = ev.filedAndDispatched(id, 'dept-market');
      if (i % 2)
        events.push(
          ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing' }),
          ev.extensionGranted({ unitId: 'dept-housing' }),
        );
      if (i % 3 === 0) events.push(ev.caseClosed('情节轻微'));
      await append(id, ...events);
      await db.project();
    }
    const incremental = await db.hash();
    expect(await rows()).toHaveLength(6);
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(incremental);
    const { rows: tables } = await db.pool.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'case_list__g%'`);
    expect(tables.map((t) => t.tablename)).toEqual(['case_list__g2']);
  });

  it('the same rows however the log is cut into batches: cases interleaved, transferred, reopened, closed', async () => {
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await appendInterleaved(db, {
      [a]: [
        ...ev.filedAndDispatched(a, 'dept-market', 'dept-housing'),
        ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval' }),
        ev.extensionGranted({ unitId: 'dept-approval' }),
        ev.handlingReported('dept-approval', { reportedAt: '2026-10-26T10:00:00+08:00' }),
        ev.caseReopened({ leadUnitId: 'dept-approval', handlingDue: '2026-11-20' }),
        ev.handlingReported('dept-approval', { reportedAt: '2026-11-10T10:00:00+08:00' }),
        ev.caseClosed('情节轻微'),
        ev.caseReopened({ leadUnitId: 'dept-approval', round: 3, handlingDue: '2026-12-04', lookBack: true }),
      ],
      [b]: [
        ...ev.filedAndDispatched(b, 'dept-market'),
        ev.interimReport('dept-market'),
        ev.dispatchDisputed('dept-market'),
        ev.unitNotified('dept-housing'),
        ev.handlingReported('dept-housing'),
        ev.caseClosed('情节轻微'),
      ],
      [c]: [ev.complaintFiled({ caseId: c }), ev.complaintRejected()],
      [d]: [
        ...ev.filedAndDispatched(d, 'dept-housing'),
        ev.deadlinePassed('handling', '2026-10-15', 'dept-housing'),
        ev.handlingReported('dept-housing'),
        ev.caseReopened({ leadUnitId: 'dept-housing', handlingDue: '2026-11-20' }),
      ],
    });
    await db.project();
    expect(await row(a)).toMatchObject({ status: 'in_progress', round: 3, lead_unit_id: 'dept-approval', version: 11 });
    expect(await row(b)).toMatchObject({ status: 'closed', lead_unit_id: 'dept-housing', unit_ids: ['dept-housing'] });
    expect(await row(c)).toMatchObject({ status: 'rejected' });
    expect(await row(d)).toMatchObject({ status: 'in_progress', round: 2 });
    const whole = await db.hash();
    expect(await hashesByBatchSize(db, caseListProjection, [1, 3, 7, ALL])).toEqual({ 1: whole, 3: whole, 7: whole, [ALL]: whole });
  });

  it('two runners at once: one leads, the table is the same as one runner makes', async () => {
    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (const id of ids) await append(id, ...ev.filedAndDispatched(id, 'dept-market'));
    const leading: string[] = [];
    const logger = { log: (m: string) => m.endsWith('leading') && leading.push(m), warn: () => undefined, error: () => undefined };
    const runners = [0, 1].map(() => db.runner({ leaderRetryMs: 100, logger }));
    runners.forEach((r) => r.start());
    await waitUntil(db.isBuilt);
    const more = randomUUID();
    await append(more, ev.complaintFiled({ caseId: more }), ev.complaintRejected());
    await waitUntil(async () => (await rows()).length >= 6);
    expect(leading).toHaveLength(1); // the other waits its turn
    await Promise.all(runners.map((r) => r.stop()));
    expect(await rows()).toHaveLength(6);
    expect(await row(more)).toMatchObject({ status: 'rejected' });
    const cp = await db.checkpoint();
    expect({ applied: Number(cp.events_applied), generation: cp.generation }).toEqual({ applied: 17, generation: 1 });
  });

  it('a new version is rebuilt on start into fresh tables while the old ones keep answering', async () => {
    const id = randomUUID();
    await append(id, ev.complaintFiled({ caseId: id }), ev.complaintAccepted());
    await db.rebuild();
    const v2 = { ...caseListProjection, version: caseListProjection.version + 1 };
    const runner = new ProjectionRunner(db.pool, db.store, v2, { leaderRetryMs: 100 });
    runner.start();
    await waitUntil(async () => {
      expect(await row(id)).toMatchObject({ status: 'accepted' }); // answered throughout
      return (await db.checkpoint()).version === v2.version;
    }, 15_000).finally(() => runner.stop());
    expect(await db.checkpoint()).toMatchObject({ version: v2.version, generation: 2 });
  });
});
