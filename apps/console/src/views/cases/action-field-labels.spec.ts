import { fieldErrorsOf } from '../../problems/problem-text';
import { ACTION_FIELD_LABELS } from './action-field-labels';

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
});
