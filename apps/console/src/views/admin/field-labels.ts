import {
  APPRAISAL_COMPONENT_NAMES,
  CASE_INDICATORS,
  SCHEME_INPUTS,
  UNIT_KIND_NAMES,
  UNIT_KINDS,
  URGENCIES,
  URGENCY_NAMES,
} from '../../labels';

/**
 * The labels of the admin forms' fields by the path the API names, so a refused field reads
 * 「区直部门·满意率不能大于100」 rather than 「此项不能大于100」. The grid cells of these forms have no
 * label of their own (their row and column say what they are), so the label is the two put together.
 * A row of a list is labelled by its column (`categories[].label`: problem-text.ts).
 */
export const SCHEME_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    UNIT_KINDS.flatMap((kind) => [
      [`kinds.${kind}`, `${UNIT_KIND_NAMES[kind]}权重合计`],
      ...SCHEME_INPUTS.map((name) => [`kinds.${kind}.inputs.${name}`, `${UNIT_KIND_NAMES[kind]}·${APPRAISAL_COMPONENT_NAMES[name]}权重`]),
      ...CASE_INDICATORS.map((name) => [
        `kinds.${kind}.indicators.${name}`,
        `${UNIT_KIND_NAMES[kind]}·${APPRAISAL_COMPONENT_NAMES[name]}权重`,
      ]),
    ]),
  ),
  'caseDeductions.perOverdueCase': '每件超期扣分',
  'caseDeductions.perAccountability': '每次问责扣分',
  'consequence.below': '结果运用分数线',
  'consequence.measure': '结果运用',
  grades: '等次',
  'grades[].grade': '等次名称',
  'grades[].minScore': '等次最低得分',
  note: '依据（文号）',
};

export const TIME_LIMIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  categories: '问题类别',
  'categories[].label': '类别名称',
  'categories[].code': '类别代码',
  'categories[].handlingWorkingDays': '办理时限',
  signForWorkingDays: '签收时限',
  ...Object.fromEntries(
    URGENCIES.flatMap((urgency) => [
      [`urgencyOverrides.${urgency}.signForWorkingDays`, `${URGENCY_NAMES[urgency]}签收时限`],
      [`urgencyOverrides.${urgency}.handlingWorkingDays`, `${URGENCY_NAMES[urgency]}办理时限`],
    ]),
  ),
};

export const CALENDAR_FIELD_LABELS: Readonly<Record<string, string>> = {
  holidays: '放假日期',
  'holidays[]': '放假日期',
  makeUpWorkdays: '调休上班日期',
  'makeUpWorkdays[]': '调休上班日期',
  note: '依据',
};

/**
 * The fields each admin form has an input for, by the path the API names (a row by its column): its
 * banner says a refusal naming any other (problems/form-banner.ts), such as the year picked above the
 * form, the list of categories as a whole, an urgency as a whole, or the unit a dialog acts on.
 */
export const SCHEME_FORM_FIELDS: readonly string[] = Object.keys(SCHEME_FIELD_LABELS);
/** Every labelled field but `categories`: the list as a whole has no place of its own in the form. */
export const TIME_LIMIT_FORM_FIELDS: readonly string[] = Object.keys(TIME_LIMIT_FIELD_LABELS).filter((field) => field !== 'categories');
/** After `foldListErrors`: a date of a list is said at its list. */
export const CALENDAR_FORM_FIELDS: readonly string[] = ['holidays', 'makeUpWorkdays', 'note'];
/** The unit dialog's fields, by its act. */
export const UNIT_FORM_FIELDS: Readonly<Record<'register' | 'rename' | 'retire', readonly string[]>> = {
  register: ['id', 'name', 'kind', 'parentId'],
  rename: ['name'],
  retire: ['reason'],
};
