import { randomUUID } from 'node:crypto';
import {
  DEFAULT_APPRAISAL_SCHEME,
  appraisalSchemeStreamId,
  appraisalStreamId,
  caseStreamId,
  evaluateUnitAppraisal,
  findingStreamId,
  summariseUnitAppraisal,
  unitStreamId,
} from '@app/domain';
import { findingRaised } from '@app/domain/finding/finding.fixtures';
import type { EventEnvelope } from '@app/event-store';
import * as ev from '../../test/support/case-events';
import { asWrittenBefore, withMetadata, type TestEvent } from '../../test/support/event-log';
import { useProjectionTest, type ProjectionTest } from '../../test/support/projection-kit';
import { appraisalProjection } from './appraisal.projection';
import { AppraisalReader } from './appraisal.reader';

const TABLES: Record<string, string> = {
  appraisal_units: 'unit_id',
  appraisal_input_events: 'event_id',
  appraisal_case_facts: 'case_id',
  appraisal_accountability: 'event_id',
  appraisal_schemes: 'year',
  appraisal_unit_tallies: 'unit_id',
};

// Unit and appraisal-input events as plain objects; case events from the case-event builders.
const unit = {
  registered: (unitId: string, name: string, kind: string): TestEvent => ({
    type: 'UnitRegistered',
    data: { unitId, name, kind, parentId: null },
  }),
  renamed: (unitId: string, name: string): TestEvent => ({ type: 'UnitRenamed', data: { unitId, previousName: '?', name } }),
  retired: (unitId: string): TestEvent => ({ type: 'UnitRetired', data: { unitId, reason: '机构改革' } }),
};
const input = {
  survey: (unitId: string, score: number): TestEvent => ({
    type: 'SurveyScoreRecorded',
    data: { unitId, year: 2026, score, respondents: 120, note: null },
  }),
  evaluation: (unitId: string, score: number): TestEvent => ({
    type: 'ConcentratedEvaluationScoreRecorded',
    data: { unitId, year: 2026, score, participants: null, note: null },
  }),
  lapse: (unitId: string, deductionId: string): TestEvent => ({
    type: 'InspectionDeductionRecorded',
    data: { unitId, year: 2026, deductionId, kind: 'lapse', count: 1, points: 0.1, reason: '台账不全', occurredOn: '2026-05-06' },
  }),
  /** 1000 lapses for 10, a typo: the whole score. */
  typo: (unitId: string, deductionId: string): TestEvent => ({
    type: 'InspectionDeductionRecorded',
    data: { unitId, year: 2026, deductionId, kind: 'lapse', count: 1000, points: 100, reason: '台账不全', occurredOn: '2026-05-06' },
  }),
  /** 撤销扣分 of a deduction recorded before. */
  withdrawn: (unitId: string, deductionId: string): TestEvent => ({
    type: 'InspectionDeductionWithdrawn',
    data: { unitId, year: 2026, deductionId, reason: '误录：应为10处' },
  }),
};
const scheme = (year: number, revision: number, note: string): TestEvent => ({
  type: 'AppraisalSchemePublished',
  data: { year, revision, scheme: { ...DEFAULT_APPRAISAL_SCHEME, note } },
});
/** A circulated notice (通报) against `unitId`, issued at `at`: accountability counts in that year. */
const noticeCirculated = (accountabilityId: string, unitId: string, at: string) =>
  withMetadata(
    ev.accountabilityIssued({
      accountabilityId,
      target: { kind: 'organisation', unitId },
      forms: ['circulated_notice'],
      basis: { facts: '推诿扯皮', rule: '首问负责制' },
    }),
    { occurredAt: at },
  );

/**
 * A finding of the ledger (问题) raised against `unitId`, and a circulated notice issued on it at `at`
 * against the same unit: the decision counts for the unit as one on a case does.
 */
const findingHeldToAccount = (findingId: string, accountabilityId: string, unitId: string, at: string): TestEvent[] => [
  findingRaised({ findingId, unitId }),
  noticeCirculated(accountabilityId, unitId, at),
];

describe('appraisal projection (events in → rows out)', () => {
  const db = useProjectionTest(appraisalProjection);
  /** Appends and waits until the events are visible in the global log; returns their envelopes' ids. */
  const append = async (streamId: string, ...events: TestEvent[]) => (await db.append(streamId, ...events)).eventIds;
  const rows = async (table: string, where = 'true', params: unknown[] = []) =>
    (await db.pool.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY ${TABLES[table]}`, params)).rows;
  const fact = async (caseId: string) =>
    (
      await db.pool.query(
        `SELECT *, sign_for_due::text AS sign_for_due, acknowledged_on::text AS acknowledged_on FROM appraisal_case_facts WHERE case_id = $1`,
        [caseId],
      )
    ).rows[0];
  const ref = (eventId: string, streamId: string, streamVersion: number) => ({ eventId, streamId, streamVersion });

  it('keeps the unit registry with names and kinds as renamed and retired', async () => {
    await append(
      unitStreamId('dept-market'),
      unit.registered('dept-market', '区工商局', 'department'),
      unit.renamed('dept-market', '区市场监督管理局'),
    );
    await append(
      unitStreamId('win-tax-01'),
      unit.registered('win-tax-01', '税务窗口', 'window'),
      withMetadata(unit.retired('win-tax-01'), { occurredAt: '2026-11-30T02:00:00.000Z' }),
    );
    await db.rebuild();
    // When it was retired (as it occurred): a ranking of a period it stood in keeps it.
    expect(
      (await rows('appraisal_units')).map((r) => [
        r.unit_id,
        r.name,
        r.kind,
        r.status,
        r.retired_at && new Date(r.retired_at).toISOString(),
      ]),
    ).toEqual([
      ['dept-market', '区市场监督管理局', 'department', 'active', null],
      ['win-tax-01', '税务窗口', 'window', 'retired', '2026-11-30T02:00:00.000Z'],
    ]);
  });

  it('keeps every appraisal input event of a unit and year with its id and stream version, corrections included', async () => {
    const stream = appraisalStreamId('dept-market', 2026);
    const ids = await append(
      stream,
      input.survey('dept-market', 84),
      input.evaluation('dept-market', 90),
      input.survey('dept-market', 86.5),
      input.lapse('dept-market', 'DC-1'),
    );
    await db.rebuild();
    const recorded = await rows('appraisal_input_events', 'year = 2026 AND unit_id = $1', ['dept-market']);
    expect(
      recorded
        .sort((a, b) => a.stream_version - b.stream_version)
        .map((r) => [r.event_id, r.stream_id, r.stream_version, r.type, r.data.score ?? r.data.points]),
    ).toEqual([
      [ids[0], stream, 1, 'SurveyScoreRecorded', 84],
      [ids[1], stream, 2, 'ConcentratedEvaluationScoreRecorded', 90],
      [ids[2], stream, 3, 'SurveyScoreRecorded', 86.5],
      [ids[3], stream, 4, 'InspectionDeductionRecorded', 0.1],
    ]);
  });

  it('keeps a deduction’s withdrawal (撤销扣分) beside its record; the year’s table and the unit’s breakdown count it nowhere and list it as withdrawn', async () => {
    await append(unitStreamId('dept-market'), unit.registered('dept-market', '区市场监督管理局', 'department'));
    await db.rebuild();
    const stream = appraisalStreamId('dept-market', 2026);
    // Recorded and withdrawn in one batch (DC-9), then in two (DC-1): the projection applies both as the stream does.
    const ids = await append(
      stream,
      input.survey('dept-market', 86.5),
      input.evaluation('dept-market', 90),
      input.lapse('dept-market', 'DC-2'),
      input.typo('dept-market', 'DC-9'),
      input.withdrawn('dept-market', 'DC-9'),
      input.typo('dept-market', 'DC-1'),
    );
    await db.project();
    ids.push(...(await append(stream, input.withdrawn('dept-market', 'DC-1'))));
    await db.project();
    expect(
      (await rows('appraisal_input_events')).sort((a, b) => a.stream_version - b.stream_version).map((r) => [r.type, r.data.deductionId]),
    ).toEqual([
      ['SurveyScoreRecorded', undefined],
      ['ConcentratedEvaluationScoreRecorded', undefined],
      ['InspectionDeductionRecorded', 'DC-2'],
      ['InspectionDeductionRecorded', 'DC-9'],
      ['InspectionDeductionWithdrawn', 'DC-9'],
      ['InspectionDeductionRecorded', 'DC-1'],
      ['InspectionDeductionWithdrawn', 'DC-1'],
    ]);
    // 86.50 × 50% + 90.00 × 50% = 88.25 − 0.10 (DC-2 alone) = 88.15
    const reader = new AppraisalReader(db.pool);
    const asOf = new Date('2026-12-01T00:00:00Z');
    const { inForce, units } = await reader.yearTallies(2026, asOf);
    const [{ unit: u, inputs, tallies }] = units;
    expect(summariseUnitAppraisal({ unitId: u.unitId, unitKind: u.kind, year: 2026, inputs }, tallies, inForce)).toMatchObject({
      deductedPoints: 0.1,
      score: 88.15,
    });
    const { facts } = (await reader.unitYear(2026, 'dept-market', asOf))!;
    const appraisal = evaluateUnitAppraisal(facts, inForce);
    expect(appraisal).toMatchObject({ deductedPoints: 0.1, score: 88.15 });
    const inspection = appraisal.deductions.find((d) => d.deduction === 'inspection')!;
    expect(inspection.items.map((i) => [i.points, i.events])).toEqual([[0.1, [ref(ids[2], stream, 3)]]]);
    expect(inspection.withdrawn?.map((w) => [w.deductionId, w.points, w.withdrawal.reason, w.events])).toEqual([
      ['DC-9', 100, '误录：应为10处', [ref(ids[3], stream, 4), ref(ids[4], stream, 5)]],
      ['DC-1', 100, '误录：应为10处', [ref(ids[5], stream, 6), ref(ids[6], stream, 7)]],
    ]);
  });

  it('keeps the latest published scheme of each year with its revision and event', async () => {
    await append(appraisalSchemeStreamId(2026), scheme(2026, 1, '第一版'));
    const [second] = await append(appraisalSchemeStreamId(2026), scheme(2026, 2, '修订版'));
    await append(appraisalSchemeStreamId(2025), scheme(2025, 1, '2025年方案'));
    await db.rebuild();
    expect((await rows('appraisal_schemes')).map((r) => [r.year, r.revision, r.scheme.note, r.event_id])).toEqual([
      [2025, 1, '2025年方案', expect.any(String)],
      [2026, 2, '修订版', second],
    ]);
  });

  it('records what a case counts for its lead: signed for (Beijing date), handling rounds, visited, closed — with the events', async () => {
    const id = randomUUID();
    const s = caseStreamId(id);
    const ids = await append(
      s,
      ...ev.filedAndDispatched(id, 'dept-market', 'dept-housing'),
      ev.unitAcknowledged('dept-housing', '2026-09-25T02:00:00Z'), // a co-handling unit signing for changes nothing
      ev.unitAcknowledged('dept-market', '2026-09-28T16:30:00Z'), // 00:30 on the 29th in Beijing: a day late
      ev.deadlinePassed('sign_for', '2026-10-23', 'dept-market'),
      ev.deadlinePassed('handling', '2026-10-23', 'dept-market'), // the live alert: no fact of the appraisal
      ev.handlingReported('dept-market', { reportedAt: '2026-10-20T02:00:00Z' }), // due 15 Oct: late
      ev.returnVisitRecorded('basically_satisfied'),
      ev.caseClosed(),
    );
    await db.rebuild();
    expect(await fact(id)).toMatchObject({
      year: 2026,
      lead_unit_id: 'dept-market',
      lead_event: ref(ids[2], s, 3),
      sign_for_due: '2026-09-28',
      acknowledged_on: '2026-09-29',
      acknowledged_event: ref(ids[5], s, 6),
      // Was handling_overdue from DeadlinePassed; now the due date and the report, judged by the domain's rule.
      handling_rounds: [
        {
          round: 1,
          unitId: 'dept-market',
          due: '2026-10-15',
          dueBy: ref(ids[2], s, 3),
          doneAt: '2026-10-20T02:00:00Z',
          doneBy: ref(ids[8], s, 9),
        },
      ],
      visit_satisfaction: 'basically_satisfied',
      visit_event: ref(ids[9], s, 10),
      closed_event: ref(ids[10], s, 11),
      reopenings: [],
    });
  });

  it('an acknowledgement written before acknowledgedAt existed is dated by its metadata', async () => {
    const id = randomUUID();
    await append(
      caseStreamId(id),
      ...ev.filedWithLead(id, 'dept-market'),
      withMetadata(asWrittenBefore('acknowledgedAt', ev.unitAcknowledged('dept-market')), { occurredAt: '2026-09-27T03:00:00Z' }),
    );
    await db.rebuild();
    expect(await fact(id)).toMatchObject({ acknowledged_on: '2026-09-27' });
  });

  it('a transfer gives the new lead a clean slate; a dispute leaves the case without a lead', async () => {
    const moved = randomUUID();
    const s = caseStreamId(moved);
    const ids = await append(
      s,
      ...ev.filedWithLead(moved, 'dept-market'),
      ev.unitAcknowledged('dept-market', '2026-09-25T02:00:00Z'),
      ev.deadlinePassed('handling', '2026-10-23', 'dept-market'),
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-approval', signForDue: '2026-10-09', handlingDue: '2026-10-23' }),
    );
    const disputed = randomUUID();
    await append(caseStreamId(disputed), ...ev.filedWithLead(disputed, 'dept-market'), ev.dispatchDisputed('dept-market'));
    await db.rebuild();
    expect(await fact(moved)).toMatchObject({
      lead_unit_id: 'dept-approval',
      lead_event: ref(ids[4], s, 5),
      sign_for_due: '2026-10-09',
      acknowledged_on: null,
      acknowledged_event: null,
      handling_rounds: [{ round: 1, unitId: 'dept-approval', due: '2026-10-23', dueBy: ref(ids[4], s, 5), doneAt: null, doneBy: null }],
    });
    expect(await fact(disputed)).toMatchObject({ lead_unit_id: null, lead_event: null, sign_for_due: null, handling_rounds: [] });
  });

  it('a reopened case is open again: its closing and return visit are cleared and the reopening kept', async () => {
    const id = randomUUID();
    const s = caseStreamId(id);
    const ids = await append(
      s,
      ...ev.filedWithLead(id, 'dept-market'),
      ev.returnVisitRecorded('unsatisfied'),
      ev.caseReopened({ leadUnitId: 'dept-market' }),
    );
    await db.rebuild();
    expect(await fact(id)).toMatchObject({
      reopenings: [ref(ids[3], s, 4)],
      // The first round stays as it was (a late round stays late); the second has its own due date.
      handling_rounds: [
        { round: 1, unitId: 'dept-market', due: '2026-10-15', dueBy: ref(ids[1], s, 2), doneAt: null, doneBy: null },
        { round: 2, unitId: 'dept-market', due: '2026-11-03', dueBy: ref(ids[3], s, 4), doneAt: null, doneBy: null },
      ],
      visit_satisfaction: null,
      visit_event: null,
      closed_event: null,
    });
  });

  it('a closed case reopened on a look-back review (回头看) is no longer closed, and counts as reopened', async () => {
    const id = randomUUID();
    const s = caseStreamId(id);
    const ids = await append(
      s,
      ...ev.filedWithLead(id, 'dept-market'),
      ev.returnVisitRecorded('satisfied'),
      ev.caseClosed(),
      ev.caseReopened({ leadUnitId: 'dept-market', lookBack: true }),
    );
    await db.rebuild();
    expect(await fact(id)).toMatchObject({ reopenings: [ref(ids[4], s, 5)], visit_satisfaction: null, closed_event: null });
  });

  it('a case counts in the year it was received in Beijing; accountability in the year it was issued', async () => {
    const id = randomUUID();
    const ids = await append(
      caseStreamId(id),
      ev.complaintFiled({ caseId: id, receivedAt: '2026-12-31T17:00:00Z' }), // 1 January 2027, 01:00 in Beijing
      ev.unitNotified('dept-market'),
      noticeCirculated('A-2027-001', 'dept-market', '2027-03-01T02:00:00Z'),
    );
    await db.rebuild();
    expect(await fact(id)).toMatchObject({ year: 2027 });
    expect(await rows('appraisal_accountability')).toEqual([
      {
        event_id: ids[2],
        stream_id: caseStreamId(id),
        stream_version: 3,
        accountability_id: 'A-2027-001',
        case_id: id,
        finding_id: null,
        unit_id: 'dept-market',
        year: 2027,
        forms: ['circulated_notice'],
      },
    ]);
  });

  it('accountability issued on a finding of the ledger counts against its target unit in the year issued in Beijing, naming the finding', async () => {
    const findingId = 'MP-2026-031';
    // 31 December 2026, 23:30 in Beijing: still 2026.
    const ids = await append(
      findingStreamId(findingId),
      ...findingHeldToAccount(findingId, 'WZ-2026-009', 'dept-market', '2026-12-31T15:30:00Z'),
    );
    await db.rebuild();
    expect(await rows('appraisal_accountability')).toEqual([
      {
        event_id: ids[1],
        stream_id: findingStreamId(findingId),
        stream_version: 2,
        accountability_id: 'WZ-2026-009',
        case_id: null,
        finding_id: findingId,
        unit_id: 'dept-market',
        year: 2026,
        forms: ['circulated_notice'],
      },
    ]);
    expect((await rows('appraisal_unit_tallies')).map((r) => [r.unit_id, r.year, r.accountability, r.led])).toEqual([
      ['dept-market', 2026, 1, 0],
    ]);
    expect(await new AppraisalReader(db.pool).accountability(2026, 'dept-market')).toEqual([
      {
        accountabilityId: 'WZ-2026-009',
        findingId,
        unitId: 'dept-market',
        forms: ['circulated_notice'],
        event: ref(ids[1], findingStreamId(findingId), 2),
      },
    ]);
  });

  it("a unit's tallies give the score, counts and overdue cases its case rows give, at any instant asked", async () => {
    for (const [unitId, kind] of [
      ['dept-market', 'department'],
      ['dept-housing', 'department'],
      ['win-tax-01', 'window'],
    ])
      await append(unitStreamId(unitId), unit.registered(unitId, unitId, kind));
    await db.rebuild();
    // Each history ends with the case in some state a unit's figures depend on; the log is projected
    // live, batch by batch, so the tallies move as the rows do (leads change, rounds open and close).
    const histories: TestEvent[][] = [
      [
        ev.unitAcknowledged('dept-market', '2026-09-25T02:00:00Z'),
        ev.handlingReported('dept-market'),
        ev.returnVisitRecorded('satisfied'),
        ev.caseClosed(),
      ],
      [
        ev.unitAcknowledged('dept-market', '2026-09-30T02:00:00Z'),
        ev.handlingReported('dept-market', { reportedAt: '2026-10-20T02:00:00Z' }),
        ev.caseClosed(),
      ],
      [ev.extensionGranted({ unitId: 'dept-market', newDue: '2026-10-22' })],
      [
        ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'dept-housing', handlingDue: '2026-11-20' }),
        ev.unitAcknowledged('dept-housing', '2026-10-02T02:00:00Z'),
      ],
      [ev.dispatchDisputed('dept-market')],
      [
        ev.dispatchDisputed('dept-market'),
        ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'win-tax-01', handlingDue: '2026-10-30' }),
      ],
      [
        ev.handlingReported('dept-market'),
        ev.returnVisitRecorded('unsatisfied'),
        ev.caseReopened({ leadUnitId: 'dept-market', handlingDue: '2026-11-03' }),
      ],
      [ev.interimReport('dept-market'), noticeCirculated('A-1', 'dept-market', '2026-10-30T02:00:00Z')],
      [
        ev.unitNotified('dept-housing', { role: 'co' }),
        ev.handlingReported('dept-housing'),
        noticeCirculated('A-2', 'dept-housing', '2026-11-02T02:00:00Z'),
      ],
    ];
    for (const history of histories) {
      const id = randomUUID();
      await append(caseStreamId(id), ...ev.filedWithLead(id, 'dept-market'));
      await db.project();
      for (const event of history) {
        await append(caseStreamId(id), event);
        await db.project();
      }
    }
    // Decisions on findings of the ledger: one against a unit that leads cases, one against a unit
    // that leads none (its tallies are accountability alone).
    await append(findingStreamId('MP-1'), ...findingHeldToAccount('MP-1', 'WZ-1', 'dept-market', '2026-11-03T02:00:00Z'));
    await append(findingStreamId('MP-2'), ...findingHeldToAccount('MP-2', 'WZ-2', 'win-tax-01', '2026-11-04T02:00:00Z'));
    await db.project();
    const reader = new AppraisalReader(db.pool);
    // Before every due date, between them, and long after.
    for (const asOf of ['2026-10-01T00:00:00Z', '2026-10-16T00:00:00Z', '2026-10-23T00:00:00Z', '2026-11-25T00:00:00Z'].map(
      (t) => new Date(t),
    )) {
      const { inForce, units } = await reader.yearTallies(2026, asOf);
      expect(units.map((u) => u.unit.unitId)).toEqual(['dept-housing', 'dept-market', 'win-tax-01']);
      for (const { unit: u, inputs, tallies } of units) {
        const { facts } = (await reader.unitYear(2026, u.unitId, asOf))!;
        const { components, deductions, ...full } = evaluateUnitAppraisal(facts, inForce);
        expect(summariseUnitAppraisal({ unitId: u.unitId, unitKind: u.kind, year: 2026, inputs }, tallies, inForce)).toEqual(full);
        for (const c of components)
          if (c.source === 'cases')
            expect([u.unitId, c.component, tallies.indicators[c.component]]).toEqual([
              u.unitId,
              c.component,
              { numerator: c.numerator, denominator: c.denominator },
            ]);
        const overdue = deductions.find((d) => d.deduction === 'overdueCases')!.items.length;
        expect([u.unitId, asOf, tallies.overdueCases, tallies.accountability]).toEqual([
          u.unitId,
          asOf,
          overdue,
          facts.accountability.length,
        ]);
      }
    }
    // The version says until when it holds (what a memo shares between requests relies on): up to its
    // changesAt the tallies are those of the instant asked about; there, a deadline has become late.
    const tallied = async (asOf: Date) => (await reader.yearTallies(2026, asOf)).units.map((u) => u.tallies);
    let asOf: Date | null = new Date('2026-10-01T00:00:00Z');
    let changes = 0;
    while (asOf !== null) {
      const { version, changesAt } = await reader.yearVersion(2026, asOf);
      if (changesAt === null) break;
      const justBefore = new Date(changesAt - 1);
      expect((await reader.yearVersion(2026, justBefore)).version).toBe(version);
      expect(await tallied(justBefore)).toEqual(await tallied(asOf));
      expect((await reader.yearVersion(2026, new Date(changesAt))).version).not.toBe(version);
      expect(await tallied(new Date(changesAt))).not.toEqual(await tallied(asOf));
      asOf = new Date(changesAt);
      changes++;
    }
    expect(changes).toBeGreaterThan(2);
    // The counts are not all zero: the history reaches every kind of figure.
    const { units } = await reader.yearTallies(2026, new Date('2026-11-25T00:00:00Z'));
    const market = units.find((u) => u.unit.unitId === 'dept-market')!.tallies;
    expect(market.overdueCases).toBeGreaterThan(0);
    expect(market.accountability).toBe(2); // A-1 on a case, WZ-1 on a finding
    expect(units.find((u) => u.unit.unitId === 'win-tax-01')!.tallies.accountability).toBe(1);
    expect(market.indicators.onTimeCompletionRate).toEqual({ numerator: 1, denominator: 2 });
  });

  it('a batch applied twice changes nothing', async () => {
    const id = randomUUID();
    await append(unitStreamId('dept-market'), unit.registered('dept-market', '区市场监督管理局', 'department'));
    await db.rebuild();
    await append(
      caseStreamId(id),
      ...ev.filedWithLead(id, 'dept-market'),
      ev.deadlinePassed('handling', '2026-10-23', 'dept-market'),
      noticeCirculated('A-1', 'dept-market', '2026-10-30T02:00:00Z'),
      ev.caseReopened({ leadUnitId: 'dept-market' }),
    );
    await append(
      appraisalStreamId('dept-market', 2026),
      input.survey('dept-market', 80),
      input.lapse('dept-market', 'DC-1'),
      input.withdrawn('dept-market', 'DC-1'),
    );
    await append(appraisalSchemeStreamId(2026), scheme(2026, 1, '方案'));
    await append(findingStreamId('MP-1'), ...findingHeldToAccount('MP-1', 'WZ-1', 'dept-market', '2026-11-03T02:00:00Z'));
    const batch = await db.followedLog();
    // The checkpoint skips a repeated batch; the handlers themselves must be idempotent too (a
    // handler may run again after a failed batch): apply the same events straight through them.
    const { once } = await db.applyTwice(batch);
    await db.applyThroughHandlers(batch);
    expect(await db.hash()).toBe(once);
    expect(await fact(id)).toMatchObject({
      handling_rounds: [expect.objectContaining({ round: 1 }), expect.objectContaining({ round: 2 })],
      reopenings: [expect.any(Object)],
    });
    expect(await rows('appraisal_input_events')).toHaveLength(3);
    expect(await rows('appraisal_accountability')).toHaveLength(2);
    expect((await rows('appraisal_unit_tallies')).map((r) => r.accountability)).toEqual([2]);
  });

  it('a rebuild equals the incremental build, and so does the log applied in batches of 1, 3, 7 or all', async () => {
    await db.rebuild(); // generation 1, empty
    const live = async (streamId: string, ...events: TestEvent[]) => {
      await append(streamId, ...events);
      await db.project();
    };
    for (const [unitId, kind] of [
      ['dept-market', 'department'],
      ['win-tax-01', 'window'],
    ])
      await live(unitStreamId(unitId), unit.registered(unitId, unitId, kind));
    await live(appraisalStreamId('dept-market', 2026), input.survey('dept-market', 84), input.evaluation('dept-market', 90));
    await live(appraisalStreamId('dept-market', 2026), input.survey('dept-market', 86.5), input.lapse('dept-market', 'DC-1'));
    // 撤销扣分: one deduction withdrawn in a batch of its own, one recorded and withdrawn in the same batch.
    await live(appraisalStreamId('dept-market', 2026), input.typo('dept-market', 'DC-2'));
    await live(appraisalStreamId('dept-market', 2026), input.withdrawn('dept-market', 'DC-2'));
    await live(appraisalStreamId('win-tax-01', 2026), input.typo('win-tax-01', 'DC-3'), input.withdrawn('win-tax-01', 'DC-3'));
    await live(appraisalSchemeStreamId(2026), scheme(2026, 1, '方案'));
    await live(appraisalSchemeStreamId(2026), scheme(2026, 2, '修订'));
    for (let i = 0; i < 4; i++) {
      const id = randomUUID();
      const events: TestEvent[] = [...ev.filedWithLead(id, 'dept-market'), ev.unitAcknowledged('dept-market', '2026-09-25T02:00:00Z')];
      if (i % 2)
        events.push(
          ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'win-tax-01' }),
          ev.deadlinePassed('handling', '2026-10-23', 'win-tax-01'),
        );
      if (i % 3 === 0)
        events.push(
          ev.returnVisitRecorded('unsatisfied'),
          ev.caseReopened({ leadUnitId: 'dept-market' }),
          noticeCirculated(`A-${i}`, 'dept-market', '2026-11-02T02:00:00Z'),
        );
      await live(caseStreamId(id), ...events.slice(0, 2));
      await live(caseStreamId(id), ...events.slice(2));
    }
    // Transferred away and back: win-tax-01's tallies move and move back, within a batch or across batches.
    const id = randomUUID();
    await live(
      caseStreamId(id),
      ...ev.filedWithLead(id, 'dept-market'),
      ev.caseTransferred({ fromUnitId: 'dept-market', toUnitId: 'win-tax-01' }),
      ev.caseTransferred({ fromUnitId: 'win-tax-01', toUnitId: 'dept-market' }),
    );
    // Findings of the ledger held to account: one decision a batch, and two in one.
    await live(findingStreamId('MP-1'), ...findingHeldToAccount('MP-1', 'WZ-1', 'dept-market', '2026-11-03T02:00:00Z'));
    await live(
      findingStreamId('MP-2'),
      ...findingHeldToAccount('MP-2', 'WZ-2', 'win-tax-01', '2026-11-04T02:00:00Z'),
      noticeCirculated('WZ-3', 'win-tax-01', '2027-01-04T02:00:00Z'),
    );
    await live(unitStreamId('win-tax-01'), unit.renamed('win-tax-01', '税务窗口'), unit.retired('win-tax-01'));
    await live(appraisalSchemeStreamId(2026), scheme(2026, 3, '再修订'));
    const incremental = await db.hash();
    expect((await rows('appraisal_case_facts')).length).toBe(5);
    expect((await rows('appraisal_accountability', 'finding_id IS NOT NULL')).length).toBe(3);
    expect((await rows('appraisal_input_events', "type = 'InspectionDeductionWithdrawn'")).length).toBe(2);
    const { generation } = await db.rebuild();
    expect(generation).toBe(2);
    expect(await db.hash()).toBe(incremental);
    const log = await db.followedLog();
    for (const size of [1, 3, 7, log.length]) expect([size, await hashAppliedInBatches(db, log, size)]).toEqual([size, incremental]);
  });
});

/** The read model's hash once emptied and then given `log` in batches of `size` events, as a runner with that batch size would. */
async function hashAppliedInBatches(db: ProjectionTest, log: readonly EventEnvelope[], size: number): Promise<string> {
  for (const table of appraisalProjection.tables) await db.pool.query(`DELETE FROM ${table.name}`);
  for (let i = 0; i < log.length; i += size) await db.applyThroughHandlers(log.slice(i, i + size));
  return db.hash();
}
