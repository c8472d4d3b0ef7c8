import { DomainError } from '../shared/domain-error';
import { MeasureErrors as E } from './measure.errors';
import type { MeasureStatus } from './measure.model';
import { recheckOutcome, verdictOn } from './measure.rules';

/**
 * The 验收 and 回头看 of a measure, whoever holds it (a case, a finding): a measure asked for again
 * is told what is true of it. Verified already is not "not reported done"; re-checked already is
 * not "not verified".
 */
describe('the shared measure rules: a refusal says what is true of the measure', () => {
  const measure = (status: MeasureStatus) => ({
    measureId: 'M1',
    status,
    dueDate: '2026-11-30',
    responsibleUnitId: 'dept-market',
    duePassedFor: null,
    recheckDue: null,
    recheckPassedFor: null,
  });
  const refusal = (decided: unknown) => {
    expect(decided).toBeInstanceOf(DomainError);
    const { code, details } = decided as DomainError;
    return { code, details };
  };

  it('验收 of a measure verified (or verified and re-checked) is MEASURE_ALREADY_VERIFIED, approving or rejecting', () => {
    for (const status of ['verified', 'rechecked'] as const)
      for (const approve of [true, false]) {
        expect(refusal(verdictOn(measure(status), approve, '再次验收'))).toEqual({
          code: E.MEASURE_ALREADY_VERIFIED,
          details: { measureId: 'M1', measureStatus: status },
        });
      }
  });

  it('验收 of a measure whose work is still owed is MEASURE_NOT_REPORTED, as before', () => {
    for (const status of ['planned', 'in_progress', 'rejected', 'reopened'] as const) {
      expect(refusal(verdictOn(measure(status), true, null))).toEqual({
        code: E.MEASURE_NOT_REPORTED,
        details: { measureId: 'M1', measureStatus: status },
      });
    }
  });

  it('回头看 of a measure re-checked already is MEASURE_ALREADY_RECHECKED; of one not (yet, again) verified MEASURE_NOT_VERIFIED', () => {
    for (const confirmed of [true, false]) {
      expect(refusal(recheckOutcome(measure('rechecked'), confirmed, '再次回头看'))).toEqual({
        code: E.MEASURE_ALREADY_RECHECKED,
        details: { measureId: 'M1', measureStatus: 'rechecked' },
      });
    }
    for (const status of ['planned', 'in_progress', 'reported', 'rejected', 'reopened'] as const) {
      expect(refusal(recheckOutcome(measure(status), true, null))).toEqual({
        code: E.MEASURE_NOT_VERIFIED,
        details: { measureId: 'M1', measureStatus: status },
      });
    }
  });

  it('names the field that named the measure when a body did (a case’s measureId); none when the path did (a finding’s)', () => {
    expect(refusal(verdictOn(measure('verified'), true, null, 'measureId')).details).toEqual({
      measureId: 'M1',
      measureStatus: 'verified',
      field: 'measureId',
    });
    expect(refusal(verdictOn(measure('planned'), true, null, 'measureId')).details).toMatchObject({ field: 'measureId' });
    expect(refusal(recheckOutcome(measure('rechecked'), true, null, 'measureId')).details).toMatchObject({ field: 'measureId' });
    expect(refusal(verdictOn(measure('verified'), true, null)).details).not.toHaveProperty('field');
  });
});
