import { fieldErrorsOf } from '../../problems/problem-text';
import { CALENDAR_FIELD_LABELS, SCHEME_FIELD_LABELS, TIME_LIMIT_FIELD_LABELS } from './field-labels';

const refused = (...errors: Array<[string, string]>) => ({
  status: 400,
  problem: { title: 'x', code: 'VALIDATION_FAILED', errors: errors.map(([field, message]) => ({ field, message })) },
});

describe('the admin forms’ field errors name their field', () => {
  it('a scheme’s weight cell by its unit kind and component, its grades by their column, its note', () => {
    const error = refused(
      ['body.kinds.department.indicators.satisfactionRate', 'kinds.department.indicators.satisfactionRate must not be greater than 100'],
      ['body.grades[1].minScore', 'grades[1].minScore must be a number'],
      ['body.note', 'note should not be empty'],
    );
    const said = fieldErrorsOf(error, SCHEME_FIELD_LABELS);
    expect(said['kinds.department.indicators.satisfactionRate']).toMatch(/^部门·.+权重不能大于100$/);
    expect(said).toMatchObject({ 'grades[1].minScore': '等次最低得分须为数字', note: '请填写依据（文号）' });
  });

  it('a time limit by its category column or urgency, the calendar’s lists', () => {
    expect(
      fieldErrorsOf(
        refused(
          ['body.categories[0].label', 'categories[0].label should not be empty'],
          ['body.urgencyOverrides.urgent.handlingWorkingDays', 'urgencyOverrides.urgent.handlingWorkingDays must not be greater than 60'],
        ),
        TIME_LIMIT_FIELD_LABELS,
      ),
    ).toEqual({ 'categories[0].label': '请填写类别名称', 'urgencyOverrides.urgent.handlingWorkingDays': '紧急办理时限不能大于60' });
    expect(fieldErrorsOf(refused(['body.note', 'note must be shorter than or equal to 500 characters']), CALENDAR_FIELD_LABELS)).toEqual({
      note: '依据不能超过500个字',
    });
  });
});
