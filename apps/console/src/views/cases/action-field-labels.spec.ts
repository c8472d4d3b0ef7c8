import { fieldErrorsOf } from '../../problems/problem-text';
import { ACTION_CHOICE_FIELDS, ACTION_FIELD_LABELS } from './action-field-labels';

const refused = (...errors: Array<[string, string]>) => ({
  status: 400,
  problem: { title: 'x', code: 'VALIDATION_FAILED', errors: errors.map(([field, message]) => ({ field, message })) },
});

describe('a case action’s field errors name the field as its form labels it', () => {
  it('办结, 督办, 回访 and 报告办理情况 say which field, not 此项', () => {
    const blank = (field: string) => refused([`body.${field}`, `${field} should not be empty`]);
    expect(fieldErrorsOf(blank('accountabilityNotRequiredReason'), ACTION_FIELD_LABELS.close)).toEqual({
      accountabilityNotRequiredReason: '请填写不需问责理由',
    });
    expect(fieldErrorsOf(blank('note'), ACTION_FIELD_LABELS.supervise)).toEqual({ note: '请填写督办意见' });
    expect(fieldErrorsOf(blank('note'), ACTION_FIELD_LABELS['record-return-visit'])).toEqual({ note: '请填写回访记录' });
    expect(fieldErrorsOf(blank('factsFound'), ACTION_FIELD_LABELS['report-handling'])).toEqual({ factsFound: '请填写查明情况' });
  });

  it('制定整改方案 names each measure’s field by its column, whatever the row', () => {
    const error = refused(
      ['body.measures[1].dueDate', 'measures[1].dueDate must be a valid ISO 8601 date string'],
      ['body.measures[0].description', 'measures[0].description should not be empty'],
    );
    expect(fieldErrorsOf(error, ACTION_FIELD_LABELS['plan-rectification'])).toEqual({
      'measures[1].dueDate': '请填写有效的日期',
      'measures[0].description': '请填写整改内容',
    });
  });

  it('a unit picker sent empty reads 「请选择…」 with its label, in 制定整改方案, 交办 and 改派', () => {
    const context = (action: keyof typeof ACTION_FIELD_LABELS, sent: unknown) => ({ choices: ACTION_CHOICE_FIELDS[action], sent });
    const measure = refused(['body.measures[0].responsibleUnitId', 'measures[0].responsibleUnitId must be a unit id']);
    const plan = { measures: [{ description: '公示清单', responsibleUnitId: '', responsibleLeader: '张局长', dueDate: '2027-01-29' }] };
    expect(fieldErrorsOf(measure, ACTION_FIELD_LABELS['plan-rectification'], context('plan-rectification', plan))).toEqual({
      'measures[0].responsibleUnitId': '请选择责任单位',
    });
    const unit = refused(['body.unitId', 'unitId must be a unit id']);
    expect(fieldErrorsOf(unit, ACTION_FIELD_LABELS['notify-unit'], context('notify-unit', { unitId: '', role: 'lead' }))).toEqual({
      unitId: '请选择承办单位',
    });
    const to = refused(['body.toUnitId', 'toUnitId must be a unit id']);
    expect(fieldErrorsOf(to, ACTION_FIELD_LABELS.transfer, context('transfer', { fromUnitId: 'dept-market', toUnitId: '' }))).toEqual({
      toUnitId: '请选择改派单位',
    });
  });

  it('every field named a choice has a label, so 「请选择」 always says what to choose', () => {
    for (const [action, fields] of Object.entries(ACTION_CHOICE_FIELDS)) {
      const labels = ACTION_FIELD_LABELS[action as keyof typeof ACTION_FIELD_LABELS];
      expect({ action, unlabelled: fields!.filter((field) => !labels[field]) }).toEqual({ action, unlabelled: [] });
    }
  });
});
