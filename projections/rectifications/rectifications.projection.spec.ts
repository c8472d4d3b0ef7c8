import { randomUUID } from 'node:crypto';
import type { Measure } from '@app/domain';
import { ALL, appendInterleaved, hashesByBatchSize } from '../../test/support/batch-cuts';
import * as ev from '../../test/support/case-events';
import { useProjectionTest } from '../../test/support/projection-kit';
import { rectificationsProjection } from './rectifications.projection';

const measure = (measureId: string, responsibleUnitId = 'dept-market', dueDate = '2026-11-06'): Measure => ({
  measureId,
  description: `整改措施${measureId}`,
  responsibleUnitId,
  responsibleLeader: '张局长',
  dueDate,
});
describe('rectifications projection (events in → measures out)', () => {
  const db = useProjectionTest(rectificationsProjection);
  const { appendToCase: append, project } = db;
  const measures = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT measure_id, description, responsible_unit_id, responsible_leader, lead_unit_id, due_date::text AS due, status, times_reported, times_rejected
           FROM rectification_measures WHERE holder_id = $1 ORDER BY measure_id`,
        [caseId],
      )
    ).rows;
  const statuses = async (caseId: string) =>
    Object.fromEntries((await measures(caseId)).map((m) => [m.measure_id, `${m.status} r${m.times_reported} x${m.times_rejected}`]));

  it('each planned measure (整改措施) is tracked with its responsible unit and leader, due date and the lead unit that planned it', async () => {
    const id = randomUUID();
    await append(
      id,
      ...ev.filedWithLead(id, 'dept-market'),
      ev.rectificationPlanned([measure('M1'), measure('M2', 'dept-housing', '2026-11-13')]),
    );
    const none = randomUUID();
    await append(none, ...ev.filedWithLead(none, 'dept-market'), ev.noRectificationNeeded());
    await project();
    expect(await measures(id)).toEqual([
      {
        measure_id: 'M1',
        description: '整改措施M1',
        responsible_unit_id: 'dept-market',
        responsible_leader: '张局长',
        lead_unit_id: 'dept-market',
        due: '2026-11-06',
        status: 'planned',
        times_reported: 0,
        times_rejected: 0,
      },
      {
        measure_id: 'M2',
        description: '整改措施M2',
        responsible_unit_id: 'dept-housing',
        responsible_leader: '张局长',
        lead_unit_id: 'dept-market',
        due: '2026-11-13',
        status: 'planned',
        times_reported: 0,
        times_rejected: 0,
      },
    ]);
    expect(await measures(none)).toEqual([]); // "no rectification needed" is not a measure
  });

  it('a measure reported, rejected at verification (验收不通过), reported again and verified: the status follows and the history is counted', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedWithLead(id, 'dept-market'), ev.rectificationPlanned([measure('M1'), measure('M2')]));
    await project();
    await append(
      id,
      ev.rectificationReported('M1'),
      ev.rectificationReported('M2'),
      ev.rectificationVerified('M1'),
      ev.rectificationRejected('M2'),
    );
    await project();
    expect(await statuses(id)).toEqual({ M1: 'verified r1 x0', M2: 'rejected r1 x1' });
    // The rejected report does not stand: no completion time on the row (the verified one keeps its own).
    const reportedAt = async () =>
      Object.fromEntries(
        (await db.pool.query(`SELECT measure_id, reported_at FROM rectification_measures WHERE holder_id = $1`, [id])).rows.map((r) => [
          r.measure_id,
          r.reported_at === null ? null : 'set',
        ]),
      );
    expect(await reportedAt()).toEqual({ M1: 'set', M2: null });
    await append(id, ev.rectificationReported('M2'));
    await project();
    expect(await statuses(id)).toEqual({ M1: 'verified r1 x0', M2: 'reported r2 x1' });
    expect(await reportedAt()).toEqual({ M1: 'set', M2: 'set' });
    await append(id, ev.rectificationVerified('M2'));
    await project();
    expect(await statuses(id)).toEqual({ M1: 'verified r1 x0', M2: 'verified r2 x1' });
  });

  it('a reopening (重办) keeps the measures, and measures planned in the new round join them', async () => {
    const id = randomUUID();
    await append(
      id,
      ...ev.filedWithLead(id, 'dept-market'),
      ev.rectificationPlanned([measure('M1')]),
      ev.rectificationReported('M1'),
      ev.rectificationRejected('M1'),
      ev.caseReopened(),
    );
    await project();
    expect(await statuses(id)).toEqual({ M1: 'rejected r1 x1' });
    await append(id, ev.rectificationPlanned([measure('M2', 'dept-market', '2026-12-04')]), ev.rectificationReported('M1'));
    await project();
    expect(await statuses(id)).toEqual({ M1: 'reported r2 x1', M2: 'planned r0 x0' });
  });

  it('a case’s measures answer to its lead now: after a transfer (改派), a dispute by the lead (退单) and the next lead named', async () => {
    const [transferred, disputed] = [randomUUID(), randomUUID()];
    const leads = async (caseId: string) => (await measures(caseId)).map((m) => m.lead_unit_id as string | null);
    await append(
      transferred,
      ...ev.filedWithLead(transferred, 'dept-market'),
      ev.unitNotified('dept-approval', { role: 'co' }),
      ev.rectificationPlanned([measure('M1', 'dept-approval'), measure('M2')]),
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing', role: 'lead' }),
      // An assisting unit's transfer leaves the lead as it is.
      ev.caseTransferred({ fromUnitId: 'dept-approval', toUnitId: 'dept-tax', role: 'co' }),
    );
    await append(disputed, ...ev.filedWithLead(disputed, 'dept-market'), ev.rectificationPlanned([measure('M1')]), ev.dispatchDisputed());
    await project();
    expect(await leads(transferred)).toEqual(['dept-housing', 'dept-housing']);
    expect(await leads(disputed)).toEqual([null]); // no lead until intake names the next
    await append(disputed, ev.unitNotified('dept-housing'));
    await project();
    expect(await leads(disputed)).toEqual(['dept-housing']);
    // A co-handling unit's dispute leaves the lead too.
    await append(transferred, ev.dispatchDisputed('dept-tax'));
    await project();
    expect(await leads(transferred)).toEqual(['dept-housing', 'dept-housing']);
  });

  it('a batch applied twice changes nothing, through the checkpoint and through the handlers themselves', async () => {
    const id = randomUUID();
    await append(id, ...ev.filedWithLead(id, 'dept-market'));
    await project();
    await append(
      id,
      ev.rectificationPlanned([measure('M1'), measure('M2')]),
      ev.rectificationReported('M1'),
      ev.rectificationRejected('M1'),
      ev.rectificationReported('M1'),
      ev.rectificationReported('M2'),
      ev.rectificationVerified('M2'),
    );
    const batch = await db.followedLog();
    const { once, twice } = await db.applyTwice(batch);
    expect(twice).toBe(once);
    // The same events again straight through the handlers, as after a batch that failed to commit its checkpoint.
    await db.applyThroughHandlers(batch);
    expect(await db.hash()).toBe(once);
    expect(await statuses(id)).toEqual({ M1: 'reported r2 x1', M2: 'verified r1 x0' });
  });

  it('a rebuild equals the incremental build', async () => {
    await project(); // generation 1, empty
    for (let i = 0; i < 6; i++) {
      const id = randomUUID();
      await append(id, ...ev.filedWithLead(id, 'dept-market'), ev.rectificationPlanned([measure('M1'), measure('M2', 'dept-housing')]));
      await project();
      await append(id, ev.rectificationReported('M1'), i % 2 ? ev.rectificationRejected('M1') : ev.rectificationVerified('M1'));
      await project();
      if (i % 2) await append(id, ev.caseReopened(), ev.rectificationReported('M1'), ev.rectificationPlanned([measure('M3')]));
      await project();
    }
    const incremental = await db.hash();
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(incremental);
  });

  it('the same rows however the log is cut into batches: cases interleaved, measures rejected, reopened, planned again', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await appendInterleaved(db, {
      [a]: [
        ...ev.filedWithLead(a, 'dept-market'),
        ev.rectificationPlanned([measure('M1'), measure('M2', 'dept-housing')]),
        ev.rectificationReported('M1'),
        ev.rectificationRejected('M1'),
        ev.rectificationReported('M2'),
        ev.caseReopened(),
        ev.rectificationReported('M1'),
        ev.rectificationPlanned([measure('M3', 'dept-market', '2026-12-04')]),
        ev.rectificationVerified('M1'),
        ev.rectificationVerified('M2'),
      ],
      [b]: [...ev.filedWithLead(b, 'dept-market'), ev.noRectificationNeeded()],
      [c]: [
        ...ev.filedWithLead(c, 'dept-housing'),
        ev.rectificationPlanned([measure('M1')]),
        ev.dispatchDisputed('dept-housing'),
        ev.unitNotified('dept-market'),
        ev.rectificationReported('M1'),
        ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval', role: 'lead' }),
        ev.rectificationVerified('M1'),
      ],
    });
    await project();
    expect(await statuses(a)).toEqual({ M1: 'verified r2 x1', M2: 'verified r1 x0', M3: 'planned r0 x0' });
    expect(await measures(b)).toEqual([]);
    expect(await statuses(c)).toEqual({ M1: 'verified r1 x0' });
    expect((await measures(c)).map((m) => m.lead_unit_id)).toEqual(['dept-approval']);
    const whole = await db.hash();
    expect(await hashesByBatchSize(db, rectificationsProjection, [1, 3, 7, ALL])).toEqual({ 1: whole, 3: whole, 7: whole, [ALL]: whole });
  });
});
