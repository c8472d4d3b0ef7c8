import { randomUUID } from 'node:crypto';
import { appraisedCase, caseStreamId, evaluateUnitAppraisal, unitStreamId, type AppraisedCase, type CaseEvent } from '@app/domain';
import * as ev from '../../test/support/case-events';
import { useProjectionTest } from '../../test/support/projection-kit';
import { InvalidCursor } from '../runner/read-model-errors';
import { appraisalProjection } from './appraisal.projection';
import { AppraisalReader } from './appraisal.reader';

/**
 * A unit's breakdown lists the cases behind its indicators and overdue deduction a page at a time;
 * every page together must name exactly the cases, places and events the evaluation of all the
 * unit's cases at once lists (evaluateUnitAppraisal).
 */
describe('appraisal reader: a unit’s cases a page at a time', () => {
  const db = useProjectionTest(appraisalProjection);

  it('pages through every case the unit leads, as the evaluation of all its cases lists them, a cursor in its own list only', async () => {
    await db.append(unitStreamId('dept-market'), {
      type: 'UnitRegistered',
      data: { unitId: 'dept-market', name: '区市场监督管理局', kind: 'department', parentId: null },
    });
    const histories: CaseEvent[][] = [
      [],
      [ev.unitAcknowledged('dept-market', '2026-09-25T02:00:00Z')],
      [
        ev.unitAcknowledged('dept-market', '2026-09-30T02:00:00Z'),
        ev.handlingReported('dept-market', { reportedAt: '2026-10-20T02:00:00Z' }),
      ],
      [ev.handlingReported('dept-market', { reportedAt: '2026-10-12T02:00:00Z' }), ev.returnVisitRecorded('satisfied'), ev.caseClosed()],
      [
        ev.handlingReported('dept-market'),
        ev.returnVisitRecorded('unsatisfied'),
        ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-03' }),
      ],
      [ev.extensionGranted({ unitId: 'dept-market', newDue: '2026-10-22' })],
      [ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing', handlingDue: '2026-11-20' })],
      [ev.handlingReported('dept-market'), ev.caseClosed()],
    ];
    for (const history of histories) {
      const id = randomUUID();
      await db.append(caseStreamId(id), ...ev.filedWithLead(id, 'dept-market'), ...history);
    }
    await db.project();

    const reader = new AppraisalReader(db.pool);
    const asOf = new Date('2026-11-25T00:00:00Z');
    const { inForce, facts } = (await reader.unitYear(2026, 'dept-market', asOf))!;
    const all = evaluateUnitAppraisal(facts, inForce);

    const listed: AppraisedCase[] = [];
    let pages = 0;
    for (let cursor: string | undefined; ; pages++) {
      const page = await reader.cases(2026, 'dept-market', { cursor, limit: 3 });
      listed.push(...page.items.map((c) => appraisedCase(c, asOf.toISOString(), inForce)));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBe(2); // 7 cases led (one was transferred away), 3 a page
    expect(listed.map((c) => c.caseId)).toEqual(facts.cases.map((c) => c.caseId));
    for (const component of all.components) {
      if (component.source !== 'cases') continue;
      const places = listed.flatMap(({ caseId, indicators }) =>
        indicators.filter((i) => i.indicator === component.component).map(({ inNumerator, events }) => ({ caseId, inNumerator, events })),
      );
      expect([component.component, places]).toEqual([component.component, component.cases]);
    }
    const overdue = all.deductions.find((d) => d.deduction === 'overdueCases')!.items;
    expect(overdue.length).toBeGreaterThan(0);
    expect(listed.flatMap(({ caseId, overdue }) => (overdue ? [{ source: 'overdueCase', caseId, ...overdue }] : []))).toEqual(overdue);

    // A cursor names its list, unit and year: read in another (another unit's, year's, the
    // decisions') it would skip that list's rows before it.
    const first = await reader.cases(2026, 'dept-market', { limit: 3 });
    expect(first.nextCursor).toEqual(expect.any(String));
    for (const other of [
      () => reader.cases(2026, 'dept-housing', { cursor: first.nextCursor! }),
      () => reader.cases(2025, 'dept-market', { cursor: first.nextCursor! }),
      () => reader.accountabilityPage(2026, 'dept-market', { cursor: first.nextCursor! }),
    ]) {
      await expect(other()).rejects.toEqual(new InvalidCursor('cursor must be a nextCursor returned by this list for this unit and year'));
    }
    expect((await reader.cases(2026, 'dept-market', { cursor: first.nextCursor!, limit: 10 })).items).toHaveLength(4);
    // Nor one of its own list whose id part is no id: a NUL would reach PostgreSQL (a 500, not a 400).
    const [tag] = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8')) as string[];
    const handMade = Buffer.from(JSON.stringify([tag, '\u0000'])).toString('base64url');
    await expect(reader.cases(2026, 'dept-market', { cursor: handMade })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it('refuses a cursor it did not give', async () => {
    await db.rebuild();
    await expect(new AppraisalReader(db.pool).cases(2026, 'dept-market', { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
  });
});
