import type { CaseEvent, FindingEvent } from '@app/domain';
import * as finding from '@app/domain/finding/finding.fixtures';
import * as ev from '../../../../test/support/case-events';
import { deadlineChangesOf } from './deadline-changes';
import { deadlineIdOf } from './deadline';
import { envelopeOf } from './deadlines.fixtures';

// A measure's deadlines (docs/ledger.md, "How deadlines and cards are shared"), from a case's
// events and a finding's: its due date while owed, its 回头看 once verified.

const CASE_STREAM = 'case-c1';
const FINDING_STREAM = 'finding-f1';
const MARKET = ev.rectificationPlanned().data.measures[0].responsibleUnitId;
const CONSTRUCTION = finding.MEASURES[0].responsibleUnitId;

const ofCase = (event: CaseEvent) => deadlineChangesOf(envelopeOf(event, CASE_STREAM));
const ofFinding = (event: FindingEvent) => deadlineChangesOf(envelopeOf(event, FINDING_STREAM));
const open = (streamId: string, measureId: string, unitId: string | null, kind: string, dueDate: string) => ({
  type: 'open',
  deadline: { streamId, measureId, unitId, kind, dueDate },
});

describe('measure deadline changes of a case event', () => {
  it('RectificationPlanned opens each measure’s due date, pressing its responsible unit', () => {
    expect(ofCase(ev.rectificationPlanned())).toEqual([
      open(CASE_STREAM, 'M1', MARKET, 'measure_due', '2026-10-30'),
      open(CASE_STREAM, 'M2', MARKET, 'measure_due', '2026-11-20'),
    ]);
    // "No rectification needed" plans nothing to watch.
    expect(ofCase(ev.noRectificationNeeded())).toEqual([]);
  });

  it('RectificationReported meets the measure’s due date only if reported before its day ended (its `reportedAt`)', () => {
    expect(ofCase(ev.rectificationReported('M1', MARKET, '2026-10-28T15:00:00+08:00'))).toEqual([
      {
        type: 'close_measure',
        streamId: CASE_STREAM,
        measureId: 'M1',
        kind: 'measure_due',
        metAt: '2026-10-28T15:00:00+08:00',
        state: 'met',
      },
    ]);
  });

  it('a RectificationReported recorded before it carried `reportedAt` meets the due date whenever it came', () => {
    expect(ofCase(ev.rectificationReportedWithoutInstant('M1'))).toEqual([
      { type: 'close_measure', streamId: CASE_STREAM, measureId: 'M1', kind: 'measure_due', state: 'met' },
    ]);
  });

  it('RectificationRejected watches the measure’s due date again; RectificationVerified changes nothing (no 回头看 on a case)', () => {
    expect(ofCase(ev.rectificationRejected('M1'))).toEqual([{ type: 'reopen_measure_due', streamId: CASE_STREAM, measureId: 'M1' }]);
    expect(ofCase(ev.rectificationVerified('M1'))).toEqual([]);
  });

  it('MeasureDeadlinePassed settles that deadline as fired', () => {
    const card: CaseEvent = {
      type: 'MeasureDeadlinePassed',
      data: { measureId: 'M2', deadline: 'measure_due', unitId: MARKET, dueDate: '2026-11-20' },
    };
    expect(ofCase(card)).toEqual([
      { type: 'close_measure', streamId: CASE_STREAM, measureId: 'M2', kind: 'measure_due', dueDate: '2026-11-20', state: 'fired' },
    ]);
  });
});

describe('measure deadline changes of a finding event', () => {
  it('MeasuresPlanned opens each measure’s due date', () => {
    expect(ofFinding(finding.measuresPlanned())).toEqual([
      open(FINDING_STREAM, 'M1', CONSTRUCTION, 'measure_due', '2026-11-13'),
      open(FINDING_STREAM, 'M2', CONSTRUCTION, 'measure_due', '2026-11-06'),
    ]);
  });

  it('a completion meets the due date only if reported before its day ended; progress changes nothing', () => {
    expect(ofFinding(finding.completionReported('M1', '2026-11-12T15:00:00+08:00'))).toEqual([
      {
        type: 'close_measure',
        streamId: FINDING_STREAM,
        measureId: 'M1',
        kind: 'measure_due',
        metAt: '2026-11-12T15:00:00+08:00',
        state: 'met',
      },
    ]);
    expect(ofFinding(finding.progressReported('M1'))).toEqual([]);
  });

  it('MeasureRejected watches the due date again; MeasureVerified opens the 回头看 (its unit taken from the measure’s rows)', () => {
    expect(ofFinding(finding.measureRejected('M1'))).toEqual([{ type: 'reopen_measure_due', streamId: FINDING_STREAM, measureId: 'M1' }]);
    expect(ofFinding(finding.measureVerified('M1'))).toEqual([open(FINDING_STREAM, 'M1', null, 'recheck', finding.RECHECK_DUE)]);
  });

  it('the re-check meets the 回头看; a reopening re-check also opens the new due date', () => {
    const recheck = { type: 'close_measure', streamId: FINDING_STREAM, measureId: 'M1', kind: 'recheck', state: 'met' };
    expect(
      ofFinding({ type: 'MeasureRecheckConfirmed', data: { measureId: 'M1', note: null, recheckedAt: '2026-12-10T10:00:00+08:00' } }),
    ).toEqual([recheck]);
    expect(ofFinding({ type: 'MeasureReopened', data: { measureId: 'M1', reason: '市政项目仍串联办理', dueDate: '2027-01-29' } })).toEqual([
      recheck,
      open(FINDING_STREAM, 'M1', null, 'measure_due', '2027-01-29'),
    ]);
  });

  it('MeasureDeadlinePassed settles that deadline as fired; FindingWithdrawn cancels every measure deadline of the finding', () => {
    expect(ofFinding(finding.measureCard('M1', 'recheck', finding.RECHECK_DUE))).toEqual([
      { type: 'close_measure', streamId: FINDING_STREAM, measureId: 'M1', kind: 'recheck', dueDate: finding.RECHECK_DUE, state: 'fired' },
    ]);
    expect(ofFinding({ type: 'FindingWithdrawn', data: { reason: '误报', withdrawnAt: '2026-11-01T10:00:00+08:00' } })).toEqual([
      { type: 'close_measure', streamId: FINDING_STREAM, state: 'cancelled' },
    ]);
    expect(ofFinding(finding.findingRaised())).toEqual([]);
  });
});

describe('a measure deadline’s identity', () => {
  it('is stream, measure, kind and due date (not the unit), and never a unit deadline’s', () => {
    const due = { streamId: CASE_STREAM, measureId: 'M1', kind: 'measure_due', dueDate: '2026-10-30' } as const;
    expect(deadlineIdOf({ ...due, unitId: MARKET })).toBe('case-c1:M1:measure_due:2026-10-30');
    expect(deadlineIdOf({ ...due, unitId: null })).toBe(deadlineIdOf({ ...due, unitId: MARKET }));
    expect(deadlineIdOf({ ...due, streamId: FINDING_STREAM, unitId: null })).toBe('finding-f1:M1:measure_due:2026-10-30');
  });
});
