import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_MESSAGES } from './code-messages';
import { fieldMessage } from './field-messages';
import { fieldErrorsOf, problemMessage, supportLine } from './problem-text';

/** Every problem code the API's OpenAPI document lists for its routes (the `code` enums of schema.d.ts). */
function documentedCodes(): string[] {
  const schema = fs.readFileSync(path.join(__dirname, '../api/schema.d.ts'), 'utf8');
  const codes = new Set<string>();
  for (const [, union] of schema.matchAll(/code\?: ((?:"[A-Z0-9_]+"(?: \| )?)+);/g)) {
    for (const [, code] of union!.matchAll(/"([A-Z0-9_]+)"/g)) codes.add(code!);
  }
  return [...codes].sort();
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('a refusal in Chinese', () => {
  it('has a Chinese message for every code the API documents', () => {
    const codes = documentedCodes();
    expect(codes.length).toBeGreaterThan(150); // the parse found the enums
    const said = (code: string) => problemMessage({ status: 0, problem: { title: '', code } });
    expect(codes.filter((code) => !CODE_MESSAGES[code] || !CHINESE.test(said(code)))).toEqual([]);
  });

  it('says the code’s message, not the API’s English; the English stays for support', () => {
    const refused = {
      status: 422,
      problem: {
        title: 'Unprocessable entity',
        code: 'CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED',
        detail: 'No accountability was issued and no reason given',
      },
    };
    expect(problemMessage(refused)).toBe('办结前须作出问责决定，或填写不需问责的理由');
    expect(supportLine(refused)).toBe(
      'CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED · Unprocessable entity · No accountability was issued and no reason given',
    );
  });

  it('says what the status means for a code it does not know, and a generic sentence for an unknown status', () => {
    expect(problemMessage({ status: 422, problem: { title: 'Unprocessable entity', code: 'SOMETHING_NEW', detail: 'x' } })).toBe(
      '不符合办理规则，无法办理',
    );
    expect(problemMessage({ status: 418, problem: { title: 'I am a teapot', code: 'HTTP_418' } })).toMatch(CHINESE);
  });

  it('says each field’s rule with the form’s label, and 此项有误 for a rule it does not know', () => {
    expect(fieldMessage('title must not be blank', '标题')).toBe('请填写标题');
    expect(fieldMessage('complainant.phone must be a telephone number', '联系电话')).toBe('请填写有效的电话号码');
    expect(fieldMessage('title must be shorter than or equal to 200 characters', '标题')).toBe('标题不能超过200个字');
    expect(fieldMessage('measures must contain no more than 50 elements', '整改措施')).toBe('整改措施最多50项');
    expect(fieldMessage('workingDays must not be greater than 30', '延期天数')).toBe('延期天数不能大于30');
    expect(fieldMessage('satisfaction must be one of the following values: satisfied', '满意度')).toBe('请选择满意度');
    expect(fieldMessage('unitId must be a unit id', '单位')).toBe('单位格式不正确');
    expect(fieldMessage('id must be 1 to 64 lowercase letters, digits and hyphens, not starting or ending with a hyphen', '单位编号')).toBe(
      '单位编号只能由小写字母、数字和连字符组成，不以连字符开头或结尾',
    );
    expect(fieldMessage('note must not be blank')).toBe('请填写此项');
    expect(fieldMessage('something the console never saw')).toBe('此项有误');
  });

  it('puts each message at its field, and a domain rule’s at the field it names', () => {
    const invalid = {
      status: 400,
      problem: {
        title: 'Bad request',
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'body.title', message: 'title must not be blank' },
          { field: 'body.complainant.phone', message: 'complainant.phone must be a telephone number' },
        ],
      },
    };
    expect(fieldErrorsOf(invalid, { title: '投诉标题' })).toEqual({ title: '请填写投诉标题', 'complainant.phone': '请填写有效的电话号码' });
    const row = {
      status: 400,
      problem: {
        title: 'x',
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'body.measures[2].dueDate', message: 'dueDate should not be empty' }],
      },
    };
    expect(fieldErrorsOf(row, { 'measures[].dueDate': '完成期限' })).toEqual({ 'measures[2].dueDate': '请填写完成期限' });
    const weights = { status: 422, problem: { title: 'x', code: 'WEIGHTS_NOT_100', detail: 'add up to 50%', field: 'kinds.department' } };
    expect(fieldErrorsOf(weights)).toEqual({ 'kinds.department': '各项权重之和须为100%' });
    const date = { status: 422, problem: { title: 'x', code: 'INVALID_CALENDAR_DATE', field: 'holidays', date: '2027-01-02', year: 2026 } };
    expect(fieldErrorsOf(date)).toEqual({ holidays: '2027-01-02不是2026年的日期（格式：年-月-日）' });
    expect(fieldErrorsOf(null)).toEqual({});
  });
});
