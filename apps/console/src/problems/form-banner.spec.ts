import { formBanner, standingErrors } from './form-banner';
import { fieldErrorsOf, type ProblemLike } from './problem-text';

const refusal = (status: number, problem: { code: string; [fact: string]: unknown }): ProblemLike => ({
  status,
  problem: { title: 'x', ...problem },
});

/** The banner of the 撤销扣分 dialog, whose form shows the reason alone, as the view computes it. */
function withdrawalBanner(error: ProblemLike | null): ProblemLike | null {
  return formBanner(error, fieldErrorsOf(error, { reason: '撤销理由' }), ['reason']);
}

describe('a refused form: at its fields, or in its banner', () => {
  it('says in the banner a refusal about a field the form has no input for, with or without `field`; one of its own fields only there', () => {
    // deductionId is the path's: the API names it (or, once changed, names no field at all).
    for (const code of ['DEDUCTION_ALREADY_WITHDRAWN', 'DEDUCTION_NOT_FOUND']) {
      const named = refusal(422, { code, field: 'deductionId', deductionId: 'DC-1' });
      expect(withdrawalBanner(named)).toBe(named);
      const unnamed = refusal(422, { code, deductionId: 'DC-1' });
      expect(withdrawalBanner(unnamed)).toBe(unnamed);
    }
    const retired = refusal(422, { code: 'UNIT_RETIRED', field: 'unitId', unitId: 'dept-x' });
    expect(withdrawalBanner(retired)).toBe(retired);
    const badPath = refusal(400, { code: 'VALIDATION_FAILED', errors: [{ field: 'deductionId', message: 'deductionId is invalid' }] });
    expect(withdrawalBanner(badPath)).toBe(badPath);

    // Naming no field, or listing none (an empty `errors`): the banner.
    const unnamed = refusal(503, { code: 'PROJECTION_NOT_READY' });
    expect(withdrawalBanner(unnamed)).toBe(unnamed);
    const empty = refusal(400, { code: 'VALIDATION_FAILED', errors: [] });
    expect(withdrawalBanner(empty)).toBe(empty);
    // Every field error at a field the form shows: said there, not twice. Nothing refused, nothing said.
    expect(withdrawalBanner(refusal(422, { code: 'DEDUCTION_WITHDRAWAL_REASON_REQUIRED', field: 'reason' }))).toBeNull();
    const blank = refusal(400, { code: 'VALIDATION_FAILED', errors: [{ field: 'body.reason', message: 'reason should not be empty' }] });
    expect(withdrawalBanner(blank)).toBeNull();
    expect(withdrawalBanner(null)).toBeNull();
  });

  it('shows the banner when some field errors are at the form and some are not; the shown ones stay at their fields', () => {
    const both = refusal(400, {
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'body.reason', message: 'reason should not be empty' },
        { field: 'deductionId', message: 'deductionId is invalid' },
      ],
    });
    expect(withdrawalBanner(both)).toBe(both);
    expect(fieldErrorsOf(both, { reason: '撤销理由' }).reason).toBe('请填写撤销理由');
  });

  it('takes a row of a list by its column, and tells a field the form shows from its parent it does not', () => {
    const labels = { 'grades[].minScore': '等次最低得分', 'urgencyOverrides.urgent.signForWorkingDays': '紧急签收时限' };
    const shown = ['grades[].minScore', 'urgencyOverrides.urgent.signForWorkingDays'];
    const row = refusal(422, { code: 'GRADE_BANDS_NOT_ORDERED', field: 'grades[2].minScore' });
    expect(formBanner(row, fieldErrorsOf(row, labels), shown)).toBeNull();
    // The form has inputs for an urgency's two limits, none for the urgency as a whole.
    const whole = refusal(422, { code: 'INVALID_URGENCY_OVERRIDE', field: 'urgencyOverrides.urgent' });
    expect(formBanner(whole, fieldErrorsOf(whole, labels), shown)).toBe(whole);
  });
});

describe('a refusal’s field errors, as the user changes the form', () => {
  const errors = { reason: '请填写理由', 'interview.heldOn': '请选择约谈日期', measures: '请填写整改措施' };
  const sent = { reason: '', interview: { heldOn: '' }, measures: [{ description: '' }] };

  it('stand while their fields are sent as they were, nested or whole lists alike (a body is built anew at each change)', () => {
    expect(standingErrors(errors, sent, { reason: '', interview: { heldOn: '' }, measures: [{ description: '' }] })).toEqual(errors);
  });

  it('go once their field changes, found by its path', () => {
    expect(
      standingErrors(errors, sent, { reason: '已核实', interview: { heldOn: '2026-12-01' }, measures: [{ description: '' }] }),
    ).toEqual({
      measures: '请填写整改措施',
    });
    expect(standingErrors(errors, sent, { reason: '', interview: { heldOn: '' }, measures: [{ description: '公示' }] })).toEqual({
      reason: '请填写理由',
      'interview.heldOn': '请选择约谈日期',
    });
  });
});
