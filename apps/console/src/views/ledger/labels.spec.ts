import { fieldErrorsOf, type ProblemLike } from '../../problems/problem-text';
import { formBanner } from '../../problems/form-banner';
import { findingBackLink, MEASURE_TEXT_FIELDS, measureActions, measureFormFields, type MeasureAction } from './labels';

const measure = (status: string, responsibleUnitId = 'dept-housing') => ({ status, responsibleUnitId });
const staff = (role: string) => ({ role, unitId: null });

describe('measureActions', () => {
  const housing = { role: 'unit', unitId: 'dept-housing' };

  it('lets the unit report on work still owed on its own measures, and nothing else', () => {
    for (const status of ['planned', 'in_progress', 'rejected', 'reopened'])
      expect(measureActions(housing, measure(status))).toEqual(['progress', 'completion']);
    for (const status of ['reported', 'verified', 'rechecked']) expect(measureActions(housing, measure(status))).toEqual([]);
  });

  it("offers a unit nothing on another unit's measure of the same finding", () => {
    expect(measureActions(housing, measure('planned', 'dept-market'))).toEqual([]);
    expect(measureActions({ role: 'unit', unitId: null }, measure('planned'))).toEqual([]);
  });

  it('lets intake and discipline accept or return a report and re-check what was verified, whoever holds the measure', () => {
    for (const role of ['intake', 'discipline']) {
      expect(measureActions(staff(role), measure('reported', 'dept-market'))).toEqual(['verify', 'reject']);
      expect(measureActions(staff(role), measure('verified'))).toEqual(['recheck']);
      expect(measureActions(staff(role), measure('planned'))).toEqual([]);
    }
  });

  it('gives leaders and the admin no measure acts', () => {
    expect(measureActions(staff('dashboard'), measure('reported'))).toEqual([]);
    expect(measureActions(staff('admin'), measure('verified'))).toEqual([]);
  });
});

describe('a measure act’s dialog: a refusal at its fields, or in its banner', () => {
  /** The dialog's banner as FindingView computes it, for the act and the 回头看 verdict chosen. */
  function banner(error: ProblemLike, action: MeasureAction, confirmed = true): ProblemLike | null {
    const labels = { [MEASURE_TEXT_FIELDS[action].field]: MEASURE_TEXT_FIELDS[action].label, confirmed: '结论', newDue: '新的时限' };
    return formBanner(error, fieldErrorsOf(error, labels), measureFormFields(action, confirmed));
  }
  const invalid = (...fields: string[]): ProblemLike => ({
    status: 400,
    problem: { title: 'x', code: 'VALIDATION_FAILED', errors: fields.map((field) => ({ field, message: `${field} should not be empty` })) },
  });

  it('says in the banner a refusal of what the dialog has no input for (the measure in the path, a field of another act); of its own fields at them', () => {
    const badMeasure = invalid('mid');
    expect(banner(badMeasure, 'verify')).toBe(badMeasure);
    // A confirmed 回头看 shows no new due date: a refusal of it would be said nowhere else.
    const newDue: ProblemLike = { status: 422, problem: { title: 'x', code: 'NEW_DUE_REQUIRED', field: 'newDue' } };
    expect(banner(newDue, 'recheck', true)).toBe(newDue);
    const reason = invalid('body.reason');
    expect(banner(reason, 'verify')).toBe(reason);
    // The act's own text, verdict or new due date: at the field, not in the banner too.
    expect(banner(invalid('body.progress'), 'progress')).toBeNull();
    expect(banner(invalid('body.report'), 'completion')).toBeNull();
    expect(banner(invalid('body.reason'), 'reject')).toBeNull();
    expect(banner(invalid('body.confirmed'), 'recheck')).toBeNull();
    expect(banner(newDue, 'recheck', false)).toBeNull();
    expect(banner(invalid('body.newDue.date'), 'recheck', false)).toBeNull();
  });
});

describe('findingBackLink', () => {
  it('leads back to 整改台账 for a role whose menu has it, a unit to 单位待办’s 待整改措施, another role nowhere', () => {
    expect(findingBackLink('intake')).toEqual({ title: '整改台账', to: '/ledger' });
    expect(findingBackLink('discipline')).toEqual({ title: '整改台账', to: '/ledger' });
    expect(findingBackLink('unit')).toEqual({ title: '单位待办', to: '/unit-tasks?tab=measures' });
    expect(findingBackLink('admin')).toBeNull();
    expect(findingBackLink(undefined)).toBeNull();
  });
});
