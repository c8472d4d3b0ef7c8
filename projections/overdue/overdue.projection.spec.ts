import { randomUUID } from 'node:crypto';
import { ALL, appendInterleaved, hashesByBatchSize } from '../../test/support/batch-cuts';
import * as ev from '../../test/support/case-events';
import { useProjectionTest } from '../../test/support/projection-kit';
import { overdueProjection } from './overdue.projection';

describe('overdue projection (events in → open deadlines out)', () => {
  const db = useProjectionTest(overdueProjection);
  const { appendToCase: append, project } = db;
  const deadlines = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT unit_id, kind, unit_role, open, due_date::text AS due, round, deadline_passed, supervision_count, supervision_level,
                extension_times, extension_working_days, due_before_extension::text AS due_before_extension
           FROM overdue_deadlines WHERE case_id = $1 ORDER BY unit_id, kind`,
        [caseId],
      )
    ).rows;
  const deadline = async (caseId: string, unitId: string, kind: string) =>
    (await deadlines(caseId)).find((d) => d.unit_id === unitId && d.kind === kind);
  /** The open deadlines of a case as `unit/kind@due`. */
  const openOf = async (caseId: string) => (await deadlines(caseId)).filter((d) => d.open).map((d) => `${d.unit_id}/${d.kind}@${d.due}`);

  it('a notified unit owes a sign-for and a handling deadline: signing for meets the first, a complete report the second', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedAndDispatched(id, 'dept-market', 'dept-housing'));
    await project();
    expect(await openOf(id)).toEqual([
      'dept-housing/handling@2026-10-15',
      'dept-housing/sign_for@2026-09-28',
      'dept-market/handling@2026-10-15',
      'dept-market/sign_for@2026-09-28',
    ]);
    expect(await deadline(id, 'dept-housing', 'handling')).toMatchObject({
      unit_role: 'co',
      round: 1,
      supervision_count: 0,
      extension_times: 0,
    });

    await append(
      id,
      ev.unitAcknowledged('dept-market'),
      ev.unitAcknowledged('dept-housing'),
      ev.interimReport('dept-market'),
      ev.interimReport('dept-housing'),
    );
    await project();
    // An interim report (facts not yet established) meets a co-handling unit's deadline, not the lead's.
    expect(await openOf(id)).toEqual(['dept-market/handling@2026-10-15']);

    await append(id, ev.handlingReported('dept-market'));
    await project();
    expect(await openOf(id)).toEqual([]);
  });

  it('a transfer (改派) withdraws the old unit’s deadlines and sets the new unit’s; a dispute (退单) withdraws the unit’s', async () => {
    const id = randomUUID();
    await append(
      id,
      ...ev.filedAndDispatched(id, 'dept-market'),
      ev.supervisionIssued('dept-market', 'urge'),
      ev.unitNotified('dept-housing', { role: 'co' }),
    );
    await project();
    await append(
      id,
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval', signForDue: '2026-10-09', handlingDue: '2026-10-23' }),
      ev.dispatchDisputed('dept-housing'),
    );
    await project();
    expect(await openOf(id)).toEqual(['dept-approval/handling@2026-10-23', 'dept-approval/sign_for@2026-10-09']);
    // The new unit's deadline is its own: the urging of the previous unit is not carried over.
    expect(await deadline(id, 'dept-approval', 'handling')).toMatchObject({
      unit_role: 'lead',
      supervision_count: 0,
      supervision_level: null,
    });

    await append(id, ev.unitNotified('dept-housing', { role: 'co', signForDue: '2026-10-12', handlingDue: '2026-10-23' }));
    await project();
    expect(await openOf(id)).toContain('dept-housing/sign_for@2026-10-12'); // re-routed to it after the dispute
  });

  it('an extension (延期) moves the handling due date, keeping the due date before it and the working days granted', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedAndDispatched(id, 'dept-market'), ev.unitAcknowledged('dept-market'));
    await append(
      id,
      ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-15', newDue: '2026-10-22', workingDays: 5 }),
      ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-22', newDue: '2026-10-27', workingDays: 3 }),
    );
    await project();
    expect(await openOf(id)).toEqual(['dept-market/handling@2026-10-27']);
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({
      extension_times: 2,
      extension_working_days: 8,
      due_before_extension: '2026-10-15',
    });
  });

  it('supervision shows the highest level issued (催办 < 督办 < 挂牌督办) and how often, on each open deadline of the unit', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedAndDispatched(id, 'dept-market', 'dept-housing'), ev.unitAcknowledged('dept-market'));
    await append(
      id,
      ev.supervisionIssued('dept-market', 'urge'),
      ev.supervisionIssued('dept-market', 'listed'),
      ev.supervisionIssued('dept-market', 'supervise'),
    );
    await project();
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ supervision_count: 3, supervision_level: 'listed' });
    expect(await deadline(id, 'dept-market', 'sign_for')).toMatchObject({ open: false, supervision_count: 0 }); // met before the urging
    expect(await deadline(id, 'dept-housing', 'handling')).toMatchObject({ supervision_count: 0, supervision_level: null });
  });

  it('the scheduler’s DeadlinePassed marks the deadline; an extension granted after it passed sets a fresh one', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedAndDispatched(id, 'dept-market'), ev.deadlinePassed('sign_for', '2026-09-28', 'dept-market'));
    await project();
    expect(await deadline(id, 'dept-market', 'sign_for')).toMatchObject({ open: true, deadline_passed: true });
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ deadline_passed: false });

    // Asked for in time, decided the day after the due date passed.
    await append(id, ev.unitAcknowledged('dept-market'), ev.deadlinePassed('handling', '2026-10-15', 'dept-market'));
    await project();
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ deadline_passed: true, due: '2026-10-15' });
    await append(id, ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-15', newDue: '2026-10-22', workingDays: 5 }));
    await project();
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({ open: true, deadline_passed: false, due: '2026-10-22' });
  });

  it('a reopening (重办) opens the lead’s handling deadline again: new due date, next round, no supervision carried over', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedAndDispatched(id, 'dept-market', 'dept-housing'));
    await append(
      id,
      ev.unitAcknowledged('dept-market'),
      ev.unitAcknowledged('dept-housing'),
      ev.supervisionIssued('dept-market', 'supervise'),
    );
    await append(
      id,
      ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-15', newDue: '2026-10-22', workingDays: 5 }),
      ev.handlingReported('dept-housing'),
      ev.handlingReported('dept-market'),
    );
    await project();
    expect(await openOf(id)).toEqual([]);

    await append(id, ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-20' }));
    await project();
    expect(await openOf(id)).toEqual(['dept-market/handling@2026-11-20']); // the co-handling unit's report stands
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({
      round: 2,
      deadline_passed: false,
      supervision_count: 0,
      supervision_level: null,
      extension_times: 0,
      due_before_extension: null,
    });
    expect((await db.pool.query('SELECT round FROM overdue_cases WHERE case_id = $1', [id])).rows[0].round).toBe(2);
  });

  it('a closed or rejected case is off the list, even with a deadline still unmet', async () => {
    const closed = randomUUID();
    // The co-handling unit never signed for it; closing does not wait for co-handling units.
    await append(closed, ...ev.filedAndDispatched(closed, 'dept-market', 'dept-housing'));
    await append(closed, ev.unitAcknowledged('dept-market'), ev.handlingReported('dept-market'), ev.caseClosed());
    const rejected = randomUUID();
    await append(rejected, ev.complaintFiled({ caseId: rejected }), ev.complaintRejected());
    await project();
    expect(await openOf(closed)).toEqual([]);
    expect(await deadline(closed, 'dept-housing', 'sign_for')).toMatchObject({ open: false });
    expect(await deadlines(rejected)).toEqual([]);

    // 回头看: the discipline office reopens the closed case: the lead's new handling deadline is back
    // on the list; the co-handling unit's sign-for is not (the new round is the lead's).
    await append(closed, ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-20', lookBack: true }));
    await project();
    expect(await openOf(closed)).toEqual(['dept-market/handling@2026-11-20']);
  });

  it('a batch applied twice changes nothing, through the checkpoint and through the handlers themselves', async () => {
    const id = randomUUID();
    await append(id, ev.complaintFiled({ caseId: id }));
    await project();
    await append(
      id,
      ev.complaintAccepted(),
      ev.unitNotified('dept-market'),
      ev.unitNotified('dept-housing', { role: 'co' }),
      ev.supervisionIssued('dept-market', 'urge'),
    );
    await append(
      id,
      ev.unitAcknowledged('dept-market'),
      ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-15', newDue: '2026-10-22', workingDays: 5 }),
      ev.supervisionIssued('dept-housing', 'supervise'),
    );
    const batch = await db.followedLog();
    const { once, twice } = await db.applyTwice(batch);
    expect(twice).toBe(once);
    // The last events again straight through the handlers, as after a batch that failed to commit its checkpoint.
    await db.applyThroughHandlers(batch.slice(-3));
    expect(await db.hash()).toBe(once);
    expect(await deadline(id, 'dept-market', 'handling')).toMatchObject({
      supervision_count: 1,
      extension_times: 1,
      extension_working_days: 5,
    });
    expect(await deadline(id, 'dept-housing', 'handling')).toMatchObject({ supervision_count: 1, supervision_level: 'supervise' });
  });

  it('a rebuild equals the incremental build', async () => {
    await project(); // generation 1, empty
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      await append(id, ...ev.filedAndDispatched(id, 'dept-market', 'dept-housing'));
      await project();
      if (i % 2)
        await append(
          id,
          ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval' }),
          ev.supervisionIssued('dept-approval', 'urge'),
          ev.unitAcknowledged('dept-approval'),
        );
      else
        await append(
          id,
          ev.deadlinePassed('sign_for', '2026-09-28', 'dept-market'),
          ev.unitAcknowledged('dept-market'),
          ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-15', newDue: '2026-10-22', workingDays: 5 }),
        );
      await project();
      if (i % 3 === 0)
        await append(
          id,
          ev.handlingReported('dept-market'),
          ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-20' }),
          ev.supervisionIssued('dept-market', 'listed'),
        );
      if (i === 5) await append(id, ev.handlingReported('dept-approval'), ev.caseClosed());
      await project();
    }
    const incremental = await db.hash();
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(incremental);
  });

  it('the same rows however the log is cut into batches: cases interleaved, transferred, extended, supervised, reopened', async () => {
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await appendInterleaved(db, {
      [a]: [
        ...ev.filedAndDispatched(a, 'dept-market', 'dept-housing'),
        ev.supervisionIssued('dept-market', 'urge'),
        ev.unitAcknowledged('dept-market'),
        ev.extensionGranted({ unitId: 'dept-market', previousDue: '2026-10-15', newDue: '2026-10-22', workingDays: 5 }),
        ev.deadlinePassed('sign_for', '2026-09-28', 'dept-housing'),
        ev.supervisionIssued('dept-market', 'listed'),
        ev.supervisionIssued('dept-market', 'supervise'),
        ev.handlingReported('dept-housing'),
        ev.handlingReported('dept-market'),
        ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-20' }),
        ev.supervisionIssued('dept-market', 'urge'),
      ],
      [b]: [
        ...ev.filedAndDispatched(b, 'dept-market'),
        ev.supervisionIssued('dept-market', 'urge'),
        ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval', signForDue: '2026-10-09', handlingDue: '2026-10-23' }),
        ev.unitNotified('dept-housing', { role: 'co' }),
        ev.dispatchDisputed('dept-housing'),
        ev.unitAcknowledged('dept-approval'),
        ev.handlingReported('dept-approval'),
        ev.caseClosed(),
      ],
      [c]: [ev.complaintFiled({ caseId: c }), ev.complaintRejected()],
      [d]: [
        ...ev.filedAndDispatched(d, 'dept-market', 'dept-housing'),
        ev.unitAcknowledged('dept-market'),
        ev.handlingReported('dept-market'),
        ev.caseClosed(),
        ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-20', lookBack: true }),
      ],
    });
    await project();
    expect(await openOf(a)).toEqual(['dept-housing/sign_for@2026-09-28', 'dept-market/handling@2026-11-20']);
    expect(await deadline(a, 'dept-market', 'handling')).toMatchObject({ round: 2, supervision_count: 1, supervision_level: 'urge' });
    expect(await deadline(a, 'dept-housing', 'sign_for')).toMatchObject({ deadline_passed: true });
    expect(await openOf(b)).toEqual([]);
    expect(await deadlines(c)).toEqual([]);
    expect(await openOf(d)).toEqual(['dept-market/handling@2026-11-20']);
    const whole = await db.hash();
    expect(await hashesByBatchSize(db, overdueProjection, [1, 3, 7, ALL])).toEqual({ 1: whole, 3: whole, 7: whole, [ALL]: whole });
  });
});
