import { randomUUID } from 'node:crypto';
import type { Measure } from '@app/domain';
import * as ev from '../../test/support/case-events';
import { useProjectionTest } from '../../test/support/projection-kit';
import { rectificationsProjection } from './rectifications.projection';
import { RectificationsReader } from './rectifications.reader';

const measure = (measureId: string, dueDate: string, responsibleUnitId = 'dept-market'): Measure => ({
  measureId,
  description: `整改措施${measureId}`,
  responsibleUnitId,
  responsibleLeader: '张局长',
  dueDate,
});

/**
 * What a ranking counts of the ledger (completionByUnit): a measure due in the period counts once its
 * deadline is judged at the ranking's instant (docs/rules.md, deadline met or missed) — met, or its
 * due day ended in Beijing — never for work that is not late yet.
 */
describe('rectifications reader: measures due in a period, judged at an instant', () => {
  const db = useProjectionTest(rectificationsProjection);

  beforeEach(async () => {
    const id = randomUUID();
    await db.appendToCase(
      id,
      ...ev.filedWithLead(id, 'dept-market'),
      ev.rectificationPlanned([
        measure('M1', '2026-12-08'), // reported on the 3rd: met before its day
        measure('M2', '2026-12-08'), // reported on the 3rd, then rejected: owed again, not late before the 9th
        measure('M3', '2026-12-06'), // never reported: missed from 2026-12-07T00:00+08:00
        measure('M4', '2026-12-05'), // reported on the 6th: late
        measure('M5', '2026-12-31'), // open, due at the month's end
        measure('M6', '2026-12-31', 'dept-housing'),
        measure('M7', '2026-11-30'), // due in another period
      ]),
      ev.rectificationReported('M1', 'dept-market', '2026-12-03T10:00:00+08:00'),
      ev.rectificationReported('M2', 'dept-market', '2026-12-03T10:00:00+08:00'),
      ev.rectificationRejected('M2'),
      ev.rectificationReported('M4', 'dept-market', '2026-12-06T10:00:00+08:00'),
    );
    await db.project();
  });

  const at = async (instant: string) =>
    Object.fromEntries(await new RectificationsReader(db.pool).completionByUnit('2026-12-01', '2026-12-31', new Date(instant)));

  it('counts in the month in progress only the measures met or past their due day', async () => {
    // The 6th's last minute: M3's day has not ended; M1 met, M4 reported late (missed whatever the instant).
    expect(await at('2026-12-06T23:59:59+08:00')).toEqual({ 'dept-market': { due: 2, done: 2, doneOnTime: 1 } });
    // From Beijing's midnight M3 is late; M2, rejected and due the 8th, is not yet; housing has nothing judged.
    expect(await at('2026-12-07T00:00:00+08:00')).toEqual({ 'dept-market': { due: 3, done: 2, doneOnTime: 1 } });
    expect(await at('2026-12-09T00:00:00+08:00')).toEqual({ 'dept-market': { due: 4, done: 2, doneOnTime: 1 } });
  });

  it('counts every measure due in a period that has ended, as before', async () => {
    const ended = { 'dept-market': { due: 5, done: 2, doneOnTime: 1 }, 'dept-housing': { due: 1, done: 0, doneOnTime: 0 } };
    expect(await at('2027-01-01T00:00:00+08:00')).toEqual(ended);
    expect(await at('2027-06-30T12:00:00+08:00')).toEqual(ended);
  });
});
