import { formBanner } from '../../problems/form-banner';
import { fieldErrorsOf, type ProblemLike } from '../../problems/problem-text';
import { foldListErrors } from './admin';
import {
  CALENDAR_FIELD_LABELS,
  CALENDAR_FORM_FIELDS,
  SCHEME_FIELD_LABELS,
  SCHEME_FORM_FIELDS,
  TIME_LIMIT_FIELD_LABELS,
  TIME_LIMIT_FORM_FIELDS,
  UNIT_FORM_FIELDS,
} from './field-labels';
import { LEDGER_FIELD_LABELS, LEDGER_FORM_FIELDS } from './ledger-config';

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

describe('the admin forms say a refusal at their fields, or in their banner', () => {
  const rule = (code: string, field: string): ProblemLike => ({ status: 422, problem: { title: 'x', code, field } });
  const banner = (error: ProblemLike, labels: Readonly<Record<string, string>>, shown: readonly string[]) =>
    formBanner(error, fieldErrorsOf(error, labels), shown);

  it('a scheme: a cell, a grade’s row or the note at its field; the year (picked above the form) in the banner', () => {
    expect(banner(rule('SCHEME_NOTE_MISSING', 'note'), SCHEME_FIELD_LABELS, SCHEME_FORM_FIELDS)).toBeNull();
    expect(banner(rule('GRADE_BANDS_NOT_ORDERED', 'grades[1].minScore'), SCHEME_FIELD_LABELS, SCHEME_FORM_FIELDS)).toBeNull();
    expect(banner(rule('WEIGHTS_NOT_100', 'kinds.town'), SCHEME_FIELD_LABELS, SCHEME_FORM_FIELDS)).toBeNull();
    const year = rule('INVALID_APPRAISAL_YEAR', 'year');
    expect(banner(year, SCHEME_FIELD_LABELS, SCHEME_FORM_FIELDS)).toBe(year);
  });

  it('the time limits: a category’s cell or an urgency’s limit at its field; the list or an urgency as a whole in the banner', () => {
    expect(banner(rule('CATEGORY_LABEL_MISSING', 'categories[2].label'), TIME_LIMIT_FIELD_LABELS, TIME_LIMIT_FORM_FIELDS)).toBeNull();
    const limit = rule('INVALID_TIME_LIMIT', 'urgencyOverrides.urgent.handlingWorkingDays');
    expect(banner(limit, TIME_LIMIT_FIELD_LABELS, TIME_LIMIT_FORM_FIELDS)).toBeNull();
    const urgency = rule('INVALID_URGENCY_OVERRIDE', 'urgencyOverrides.urgent');
    expect(banner(urgency, TIME_LIMIT_FIELD_LABELS, TIME_LIMIT_FORM_FIELDS)).toBe(urgency);
    const list = refused(['body.categories', 'categories must be an array']);
    expect(banner(list, TIME_LIMIT_FIELD_LABELS, TIME_LIMIT_FORM_FIELDS)).toBe(list);
  });

  it('the calendar: a date at its list, the year in the banner; the ledger configuration’s rows and lists at their fields', () => {
    const date = rule('INVALID_CALENDAR_DATE', 'holidays[3]');
    const folded = (error: ProblemLike) => foldListErrors(fieldErrorsOf(error, CALENDAR_FIELD_LABELS), ['holidays', 'makeUpWorkdays']);
    expect(formBanner(date, folded(date), CALENDAR_FORM_FIELDS)).toBeNull();
    const year = refused(['year', 'year must be an integer from 2000 to 2100']);
    expect(formBanner(year, folded(year), CALENDAR_FORM_FIELDS)).toBe(year);
    // The ledger configuration: a row's label or a list at its field.
    expect(banner(rule('ENTRY_LABEL_MISSING', 'findingCategories[0].label'), LEDGER_FIELD_LABELS, LEDGER_FORM_FIELDS)).toBeNull();
    expect(banner(rule('LEDGER_LIST_EMPTY', 'measureCategories'), LEDGER_FIELD_LABELS, LEDGER_FORM_FIELDS)).toBeNull();
  });

  it('the unit dialog: by its act; a field of another act, or the unit acted on, in the banner', () => {
    const labels = { id: '单位编号', name: '单位名称', kind: '单位类型', parentId: '上级单位', reason: '撤销原因' };
    expect(banner(rule('PARENT_UNIT_RETIRED', 'parentId'), labels, UNIT_FORM_FIELDS.register)).toBeNull();
    expect(banner(rule('UNIT_NAME_IN_USE', 'name'), labels, UNIT_FORM_FIELDS.rename)).toBeNull();
    expect(banner(rule('RETIREMENT_REASON_REQUIRED', 'reason'), labels, UNIT_FORM_FIELDS.retire)).toBeNull();
    const id = rule('INVALID_UNIT_ID', 'unitId');
    expect(banner(id, labels, UNIT_FORM_FIELDS.register)).toBe(id);
    const name = rule('UNIT_NAME_IN_USE', 'name');
    expect(banner(name, labels, UNIT_FORM_FIELDS.retire)).toBe(name);
  });
});
