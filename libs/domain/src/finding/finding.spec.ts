import { INVALID_DATE } from '../calendar/working-calendar';
import { DeciderSpecification } from '../shared/decider-specification';
import { findingDecider } from './finding.decider';
import { FindingErrors as E } from './finding.errors';
import type { IssueFindingAccountability } from './finding.commands';
import {
  completionReported,
  CONSTRUCTION,
  findingRaised,
  measureCard,
  measureRejected,
  plannedFinding,
  raisedFinding,
  raiseFinding,
  TAX,
  verifiedFinding,
} from './finding.fixtures';

const spec = DeciderSpecification.for(findingDecider);
const AT = '2026-11-02T09:00:00+08:00';

describe('RaiseFinding (问题)', () => {
  it('records a campaign’s finding against a unit it appraises, with who raised it as a reference only', () => {
    spec.given([]).when(raiseFinding()).then([findingRaised()]);
  });

  it.each([
    ['an unannounced inspection (明查暗访)', { kind: 'inspection' }],
    ['a leader’s instruction (批示)', { kind: 'leader_instruction' }],
    ['an enterprise visit', { kind: 'enterprise_visit' }],
    ['a complaint case it follows from', { kind: 'case', caseId: 'YS-2026-0924-0017' }],
  ] as const)('records a standalone finding from %s, against any unit', (_, source) => {
    spec
      .given([])
      .when(raiseFinding({ source, unitId: 'dept-transport', campaign: null, raisedBy: { kind: 'inspector', ref: 'raiser-inspector-3' } }))
      .then([findingRaised({ source, unitId: 'dept-transport', raisedBy: { kind: 'inspector', ref: 'raiser-inspector-3' } })]);
  });

  it('refuses a category that is not configured', () => {
    spec
      .given([])
      .when(raiseFinding({ category: 'weather' }))
      .thenError(E.UNKNOWN_FINDING_CATEGORY, { field: 'category' });
  });

  it('refuses a campaign’s finding against a unit the campaign does not appraise', () => {
    spec
      .given([])
      .when(raiseFinding({ unitId: 'dept-transport' }))
      .thenError(E.UNIT_NOT_APPRAISED, { field: 'unitId' });
  });

  it('refuses a finding of a campaign that does not exist, or is closed', () => {
    spec
      .given([])
      .when(raiseFinding({ campaign: { exists: false, closed: false, appraisedUnitIds: [], year: 0 } }))
      .thenError(E.CAMPAIGN_NOT_FOUND, { field: 'source.campaignId' });
    spec
      .given([])
      .when(raiseFinding({ campaign: { exists: true, closed: true, appraisedUnitIds: [CONSTRUCTION], year: 2026 } }))
      .thenError(E.CAMPAIGN_CLOSED);
  });

  describe('a campaign’s finding is raised in the campaign’s year, in Beijing, as its activities are', () => {
    it('given the 2026 campaign, refuses a finding of it raised on 1 June 2025, naming raisedAt and the year', () => {
      spec
        .given([])
        .when(raiseFinding({ raisedAt: '2025-06-01T00:00:00+08:00' }))
        .thenError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, { field: 'raisedAt', year: 2026 });
    });

    it('reads the day in Beijing: 1 January 2026 at 01:00 there is in the year, though still 2025 in UTC', () => {
      spec
        .given([])
        .when(raiseFinding({ raisedAt: '2025-12-31T17:00:00Z' }))
        .then([findingRaised({ raisedAt: '2025-12-31T17:00:00Z' })]);
    });

    it('and the last minutes of 2026 in Beijing are the year’s; half past midnight on 1 January 2027 is not', () => {
      const at = '2027-01-05T09:00:00+08:00';
      spec
        .given([])
        .when(raiseFinding({ at, raisedAt: '2026-12-31T23:59:00+08:00' }))
        .then([findingRaised({ raisedAt: '2026-12-31T23:59:00+08:00' })]);
      spec
        .given([])
        .when(raiseFinding({ at, raisedAt: '2026-12-31T16:30:00Z' }))
        .thenError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, { field: 'raisedAt', year: 2026 });
    });

    it('a standalone finding (明查暗访) has no campaign year: one raised in 2025 is recorded', () => {
      const raised = { source: { kind: 'inspection' as const }, raisedAt: '2025-06-01T00:00:00+08:00' };
      spec
        .given([])
        .when(raiseFinding({ ...raised, campaign: null }))
        .then([findingRaised(raised)]);
    });
  });

  it('refuses a finding raised later than now', () => {
    spec
      .given([])
      .when(raiseFinding({ raisedAt: '2026-10-22T09:00:00+08:00' }))
      .thenError(E.RAISED_AT_IN_FUTURE, { field: 'raisedAt' });
  });

  // Each once passed as "not later than now" (Date.parse gave NaN) and was recorded, stopping the projector.
  it.each(['2026-W01-1', '2026', '2026-11-01', '2026-11-01T09:00:00', '2026-02-30T09:00:00+08:00', '1900-01-01T00:00:00Z'])(
    'refuses a raisedAt of %p: no instant with its offset on a day the calendar covers',
    (raisedAt) => {
      spec.given([]).when(raiseFinding({ raisedAt })).thenError(INVALID_DATE, { field: 'raisedAt' });
    },
  );

  it('refuses a finding without a description or without who raised it', () => {
    spec
      .given([])
      .when(raiseFinding({ description: ' ' }))
      .thenError(E.DESCRIPTION_REQUIRED);
    spec
      .given([])
      .when(raiseFinding({ raisedBy: { kind: 'enterprise', ref: '' } }))
      .thenError(E.RAISED_BY_REQUIRED, { field: 'raisedBy.ref' });
    // Text of zero-width characters alone shows nothing either.
    spec
      .given([])
      .when(raiseFinding({ description: '\u200b' }))
      .thenError(E.DESCRIPTION_REQUIRED);
  });

  it('refuses to raise the same finding twice', () => {
    spec.given(raisedFinding).when(raiseFinding()).thenError(E.FINDING_ALREADY_EXISTS);
  });
});

describe('WithdrawFinding (raised in error)', () => {
  const withdraw = (reason = '经核实系对政策的误解，不属于问题') => ({ type: 'WithdrawFinding', at: AT, reason }) as const;

  it('withdraws the finding, with the reason', () => {
    spec
      .given(plannedFinding)
      .when(withdraw())
      .then([{ type: 'FindingWithdrawn', data: { reason: '经核实系对政策的误解，不属于问题', withdrawnAt: AT } }]);
  });

  it('needs a reason', () => {
    spec.given(raisedFinding).when(withdraw('')).thenError(E.WITHDRAWAL_REASON_REQUIRED, { field: 'reason' });
    spec.given(raisedFinding).when(withdraw('\u200b')).thenError(E.WITHDRAWAL_REASON_REQUIRED, { field: 'reason' });
  });

  it('refuses once a measure was verified: work was done on it, it was no error', () => {
    spec
      .given(verifiedFinding)
      .when(withdraw())
      .thenError(E.FINDING_HAS_VERIFIED_MEASURES, { measureIds: ['M1'] });
  });

  it('refuses once a measure was verified, also after a 回头看 reopened it: the work was verified, and the 回头看 found it wanting', () => {
    const reopened = { type: 'MeasureReopened', data: { measureId: 'M1', reason: '回头看发现问题反弹', dueDate: '2026-12-30' } } as const;
    spec
      .given([...verifiedFinding, reopened])
      .when(withdraw())
      .thenError(E.FINDING_HAS_VERIFIED_MEASURES, { measureIds: ['M1'] });
    // Reported and rejected again since: still verified once.
    spec
      .given([...verifiedFinding, reopened, completionReported('M1', '2026-12-20T15:00:00+08:00'), measureRejected('M1')])
      .when(withdraw())
      .thenError(E.FINDING_HAS_VERIFIED_MEASURES, { measureIds: ['M1'] });
  });

  it('withdraws a finding whose measures were reported, or rejected, but never verified', () => {
    spec
      .given([...plannedFinding, completionReported('M1'), measureRejected('M1'), completionReported('M2')])
      .when(withdraw())
      .then([{ type: 'FindingWithdrawn', data: { reason: '经核实系对政策的误解，不属于问题', withdrawnAt: AT } }]);
  });

  describe('a withdrawn finding', () => {
    const withdrawn = [...plannedFinding, { type: 'FindingWithdrawn', data: { reason: '误报', withdrawnAt: AT } } as const];

    it('takes no more reports', () => {
      spec
        .given(withdrawn)
        .when({ type: 'ReportMeasureCompletion', at: AT, unitId: CONSTRUCTION, measureId: 'M1', report: '已完成' })
        .thenError(E.FINDING_WITHDRAWN);
    });

    it('still has no measure it never had: MEASURE_NOT_FOUND, as on an open finding, before FINDING_WITHDRAWN', () => {
      spec
        .given(withdrawn)
        .when({ type: 'ReportMeasureProgress', at: AT, unitId: CONSTRUCTION, measureId: 'M9', progress: '推进中' })
        .thenError('MEASURE_NOT_FOUND', { measureId: 'M9', field: 'measureId' });
      spec
        .given(withdrawn)
        .when({ type: 'ReportMeasureProgress', at: AT, unitId: CONSTRUCTION, measureId: 'M1', progress: '推进中' })
        .thenError(E.FINDING_WITHDRAWN);
    });

    it('gets no red card when the scheduler asks late about a measure’s due date', () => {
      spec
        .given(withdrawn)
        .when({
          type: 'MarkMeasureDeadlinePassed',
          at: '2026-11-13T16:00:00Z',
          measureId: 'M1',
          deadline: 'measure_due',
          dueDate: '2026-11-13',
        })
        .thenNothing();
    });
  });
});

describe('a finding that does not exist', () => {
  it('is not found by any command but RaiseFinding', () => {
    spec
      .given([])
      .when({ type: 'ReportMeasureProgress', at: AT, unitId: TAX, measureId: 'M1', progress: '…' })
      .thenError(E.FINDING_NOT_FOUND);
  });

  it('gets no card for a deadline of the scheduler either', () => {
    spec
      .given([])
      .when({
        type: 'MarkMeasureDeadlinePassed',
        at: '2026-11-13T16:00:00Z',
        measureId: 'M1',
        deadline: 'measure_due',
        dueDate: '2026-11-13',
      })
      .thenError(E.FINDING_NOT_FOUND);
  });
});

// Keeps the builders honest: a late report after the card is a plain completion report.
describe('the fixtures', () => {
  it('record the card and the report as the decider does', () => {
    spec
      .given([...plannedFinding, measureCard('M2', 'measure_due', '2026-11-06')])
      .when({
        type: 'ReportMeasureCompletion',
        at: '2026-11-12T15:00:00+08:00',
        unitId: CONSTRUCTION,
        measureId: 'M1',
        report: completionReported('M1').data.report,
      })
      .then([completionReported('M1')]);
  });
});

describe('IssueAccountability on a finding (问责)', () => {
  const AT = '2026-11-25T10:00:00+08:00';
  const issue = (over: Partial<IssueFindingAccountability> = {}): IssueFindingAccountability => ({
    type: 'IssueAccountability',
    at: AT,
    accountabilityId: 'WZ-2026-003',
    target: { kind: 'person', unitId: CONSTRUCTION, name: '王海', position: '区城建局副局长' },
    forms: ['admonishment'],
    basis: { facts: '施工许可并联审批整改逾期未完成', rule: '《问责条例》第七条' },
    ...over,
  });

  it('is recorded on the finding, against its unit, as on a case', () => {
    const { type: _t, at: _a, ...data } = issue();
    spec
      .given(plannedFinding)
      .when(issue())
      .then([{ type: 'AccountabilityIssued', data }]);
  });

  it('names at least one form, each one for the kind of target', () => {
    spec
      .given(plannedFinding)
      .when(issue({ forms: [] }))
      .thenError('ACCOUNTABILITY_FORMS_EMPTY', { field: 'forms' });
    spec
      .given(plannedFinding)
      .when(issue({ target: { kind: 'organisation', unitId: CONSTRUCTION }, forms: ['dismissal'] }))
      .thenError('ACCOUNTABILITY_FORM_NOT_FOR_TARGET', { field: 'forms' });
  });

  it('is against a unit that answers for the finding, and not on a withdrawn one', () => {
    spec
      .given(plannedFinding)
      .when(issue({ target: { kind: 'organisation', unitId: TAX }, forms: ['circulated_notice'] }))
      .thenError(E.ACCOUNTABILITY_TARGET_NOT_ON_FINDING, { field: 'target.unitId' });
    const withdrawn = { type: 'FindingWithdrawn' as const, data: { reason: '重复登记', withdrawnAt: AT } };
    spec
      .given([...raisedFinding, withdrawn])
      .when(issue())
      .thenError(E.FINDING_WITHDRAWN);
  });
});
