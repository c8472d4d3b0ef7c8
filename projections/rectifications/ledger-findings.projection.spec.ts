import { randomUUID } from 'node:crypto';
import type { FindingEvent } from '@app/domain';
import { findingStreamId } from '@app/domain';
import { CAMPAIGN_ID } from '@app/domain/campaign/campaign.fixtures';
import * as f from '@app/domain/finding/finding.fixtures';
import * as ev from '../../test/support/case-events';
import { ALL, hashesByBatchSize } from '../../test/support/batch-cuts';
import { useProjectionTest } from '../../test/support/projection-kit';
import { rectificationsProjection } from './rectifications.projection';
import { RectificationsReader } from './rectifications.reader';

/** The 回头看 of a measure, either way. */
const recheckConfirmed = (measureId: string): FindingEvent => ({
  type: 'MeasureRecheckConfirmed',
  data: { measureId, note: '回头看：抽查3件均按时办结', recheckedAt: '2026-12-15T10:00:00+08:00' },
});
const reopened = (measureId: string, dueDate: string): FindingEvent => ({
  type: 'MeasureReopened',
  data: { measureId, reason: '回头看发现市政项目仍串联办理', dueDate },
});
const withdrawn: FindingEvent = { type: 'FindingWithdrawn', data: { reason: '重复登记', withdrawnAt: '2026-11-01T09:00:00+08:00' } };

describe('the ledger (整改台账) holds the measures of findings beside those of cases', () => {
  const db = useProjectionTest(rectificationsProjection);
  const reader = () => new RectificationsReader(db.pool);
  const raise = (findingId: string, ...events: FindingEvent[]) => db.append(findingStreamId(findingId), ...events);
  const ledger = async (filter: Partial<Parameters<RectificationsReader['page']>[0]> = {}) =>
    (await reader().page({ today: '2026-11-10', unitScope: null, limit: 100, ...filter })).items;

  it('a finding from the campaign gets its measures in the ledger with campaign, problem category, size class and measure category', async () => {
    const id = `WT-${randomUUID().slice(0, 8)}`;
    await raise(id, ...f.plannedFinding);
    await db.project();
    const items = await ledger({ holderKind: 'finding' });
    expect(
      items.map((i) => [i.findingId, i.measureId, i.campaignId, i.findingCategory, i.sizeClass, i.measureCategory, i.dueDate]),
    ).toEqual([
      // Earliest due first: M2 (6 November, 立即解决) before M1 (13 November, 督促解决).
      [id, 'M2', CAMPAIGN_ID, 'cumbersome_approval', 'immediate', 'time_limited_service', '2026-11-06'],
      [id, 'M1', CAMPAIGN_ID, 'cumbersome_approval', 'supervised', 'approval_streamlining', '2026-11-13'],
    ]);
    // On 10 November M2 is owed and past its day: overdue; M1 is not due yet.
    expect(items.map((i) => [i.measureId, i.status, i.caseId, i.leadUnitId, i.responsibleLeader])).toEqual([
      ['M2', 'overdue', null, f.CONSTRUCTION, f.LEADER],
      ['M1', 'planned', null, f.CONSTRUCTION, f.LEADER],
    ]);
    expect((await reader().problems([id])).get(id)).toEqual({
      findingId: id,
      category: 'cumbersome_approval',
      description: f.findingRaised().data.description,
      unitId: f.CONSTRUCTION,
      campaignId: CAMPAIGN_ID,
    });
  });

  it('progress, completion, a rejection at 验收, the red card, verification and the 回头看 show in the row', async () => {
    const id = `WT-${randomUUID().slice(0, 8)}`;
    await raise(id, ...f.plannedFinding, f.progressReported('M1'), f.measureCard('M2', 'measure_due', '2026-11-06'));
    await db.project();
    const byMeasure = async () => Object.fromEntries((await ledger({ holderKind: 'finding' })).map((i) => [i.measureId, i]));
    let rows = await byMeasure();
    expect([rows.M1.status, rows.M1.progress, rows.M1.dueCarded]).toEqual(['in_progress', '已完成流程梳理，系统改造中', false]);
    expect([rows.M2.status, rows.M2.dueCarded]).toEqual(['overdue', true]);

    await raise(id, f.completionReported('M1'));
    await db.project();
    expect((await byMeasure()).M1).toMatchObject({ status: 'reported', reportedAt: expect.any(String), timesReported: 1 });
    // Rejected at 验收: owed again, the report does not stand, so no completion time (version 3 kept it),
    // as the finding's own view shows (completedAt null); that it was reported and rejected is counted.
    await raise(id, f.measureRejected('M1'));
    await db.project();
    expect((await byMeasure()).M1).toMatchObject({ status: 'rejected', reportedAt: null, timesReported: 1, timesRejected: 1 });
    await raise(id, f.completionReported('M1', '2026-11-13T11:00:00+08:00'), f.measureVerified('M1'));
    await db.project();
    rows = await byMeasure();
    expect(rows.M1).toMatchObject({
      status: 'verified',
      timesReported: 2,
      timesRejected: 1,
      reportedAt: '2026-11-13T03:00:00.000Z',
      verdict: '现场抽查5件，均在8个工作日内办结',
      recheckDue: f.RECHECK_DUE,
      recheckCarded: false,
    });

    // The 回头看 day passes unrecorded (the card), then the re-check reopens it with a new due date.
    await raise(id, f.measureCard('M1', 'recheck', f.RECHECK_DUE));
    await db.project();
    expect((await byMeasure()).M1).toMatchObject({ status: 'verified', recheckCarded: true });
    await raise(id, reopened('M1', '2027-01-15'));
    await db.project();
    // Owed again: its completion no longer stands, so no completion time, as the finding's own view shows (completedAt null).
    expect((await byMeasure()).M1).toMatchObject({
      status: 'reopened',
      dueDate: '2027-01-15',
      dueCarded: false,
      recheckDue: null,
      reportedAt: null,
      timesReported: 2,
    });
    expect((await ledger({ status: 'reopened', holderKind: 'finding' })).map((i) => i.findingId)).toContain(id);
    // Reported done again: the new report's time.
    await raise(id, f.completionReported('M1', '2027-01-10T15:00:00+08:00'));
    await db.project();
    expect((await byMeasure()).M1).toMatchObject({ status: 'reported', reportedAt: '2027-01-10T07:00:00.000Z', timesReported: 3 });
  });

  it('filters combine: by campaign, unit, category, size class, status; a unit sees what it answers for', async () => {
    const [a, b] = [`WT-${randomUUID().slice(0, 8)}`, `WT-${randomUUID().slice(0, 8)}`];
    await raise(a, ...f.verifiedFinding, recheckConfirmed('M1'));
    await raise(b, f.findingRaised({ source: { kind: 'inspection' }, unitId: f.TAX, category: 'poor_service_attitude' }));
    await raise(b, { type: 'MeasuresPlanned', data: { unitId: f.TAX, measures: [{ ...f.MEASURES[1], responsibleUnitId: f.TAX }] } });
    await db.project();
    const ids = async (filter: Parameters<typeof ledger>[0]) =>
      (await ledger(filter))
        .filter((i) => i.findingId === a || i.findingId === b)
        .map((i) => `${i.findingId === a ? 'a' : 'b'}:${i.measureId}`);
    expect(await ids({ campaignId: CAMPAIGN_ID })).toEqual(['a:M2', 'a:M1']);
    expect(await ids({ findingCategory: 'poor_service_attitude' })).toEqual(['b:M2']);
    expect(await ids({ sizeClass: 'supervised' })).toEqual(['a:M1']);
    // Both due the same day: their order is the holders' ids'.
    expect((await ids({ measureCategory: 'time_limited_service' })).sort()).toEqual(['a:M2', 'b:M2']);
    expect(await ids({ status: 'rechecked' })).toEqual(['a:M1']);
    expect(await ids({ leadUnitId: f.TAX })).toEqual(['b:M2']);
    expect(await ids({ unitScope: f.TAX })).toEqual(['b:M2']);
    expect(await ids({ unitScope: f.CONSTRUCTION })).toEqual(['a:M2', 'a:M1']);
  });

  it('a withdrawn finding leaves the ledger; the log keeps it', async () => {
    const id = `WT-${randomUUID().slice(0, 8)}`;
    await raise(id, ...f.plannedFinding);
    await db.project();
    expect((await ledger()).some((i) => i.findingId === id)).toBe(true);
    await raise(id, withdrawn);
    await db.project();
    expect((await ledger()).some((i) => i.findingId === id)).toBe(false);
  });

  it('the same rows however the log is cut into batches, findings and cases interleaved, and a batch applied twice changes nothing', async () => {
    const [a, b] = [`WT-${randomUUID().slice(0, 8)}`, `WT-${randomUUID().slice(0, 8)}`];
    const c = randomUUID();
    const finding = (id: string): FindingEvent[] => [
      ...f.plannedFinding,
      f.progressReported('M2'),
      f.completionReported('M1'),
      f.measureRejected('M1'),
      f.completionReported('M1'),
      f.measureVerified('M1'),
      f.measureCard('M2', 'measure_due', '2026-11-06'),
      ...(id === a ? [reopened('M1', '2027-01-15')] : [withdrawn]),
    ];
    const [fa, fb] = [finding(a), finding(b)];
    const kase = [
      ...ev.filedWithLead(c, 'dept-market'),
      ev.rectificationPlanned([{ ...f.MEASURES[1], responsibleUnitId: 'dept-market' }]),
      ev.rectificationReported('M2'),
    ];
    for (let i = 0; i < Math.max(fa.length, fb.length, kase.length); i++) {
      if (fa[i]) await raise(a, fa[i]);
      if (kase[i]) await db.appendToCase(c, kase[i]);
      if (fb[i]) await raise(b, fb[i]);
    }
    await db.project();
    const whole = await db.hash();
    expect(await hashesByBatchSize(db, rectificationsProjection, [1, 3, 7, ALL])).toEqual({ 1: whole, 3: whole, 7: whole, [ALL]: whole });
    const { once, twice } = await db.applyTwice(await db.followedLog());
    expect(twice).toBe(once);
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(whole);
  });
});
