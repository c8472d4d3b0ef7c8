import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_MESSAGES } from './code-messages';
import { fieldMessage } from './field-messages';
import { fieldErrorsOf, fieldLines, isUnreadable, problemMessage, supportDetail, supportLine, valueAt } from './problem-text';

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

  it('says the code’s message, not the API’s English; support reads the code, the English only in its tooltip', () => {
    const refused = {
      status: 422,
      problem: {
        title: 'Unprocessable entity',
        code: 'CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED',
        detail: 'No accountability was issued and no reason given',
      },
    };
    expect(problemMessage(refused)).toBe('办结前须作出问责决定，或填写不需问责的理由');
    expect(supportLine(refused)).toBe('错误代码：CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED');
    expect(supportDetail(refused)).toBe('Unprocessable entity · No accountability was issued and no reason given');
  });

  it('says why a unit’s appraisal is not shown truthfully: a unit reads its own only, or the unit is not appraised that year', () => {
    const refused = (facts: object) => problemMessage({ status: 404, problem: { title: 'Not Found', code: 'UNIT_NOT_FOUND', ...facts } });
    expect(refused({ unitId: 'dept-market', year: 2026, ownUnitId: 'win-tax-01' })).toBe('单位只能查看本单位的考核结果');
    expect(refused({ unitId: 'dept-nowhere', year: 2026 })).toBe('该单位未参加2026年度考核');
    expect(refused({ unitId: 'dept-nowhere' })).toBe('该单位未登记');
  });

  it('says a read’s refused parameters in Chinese for a screen with no form: the dashboard’s period too long', () => {
    const refused = {
      status: 400,
      problem: {
        title: 'Bad request',
        code: 'VALIDATION_FAILED',
        detail: 'The request has invalid fields',
        errors: [{ field: 'to', message: 'to must be at most 3 years after from (2001-12-31)' }],
      },
    };
    expect(fieldLines(refused, { from: '开始日期', to: '结束日期' })).toEqual(['结束日期距开始日期不能超过3年']);
    const reversed = { ...refused, problem: { ...refused.problem, errors: [{ field: 'to', message: 'to must not be before from' }] } };
    expect(fieldLines(reversed, { from: '开始日期', to: '结束日期' })).toEqual(['结束日期不能早于开始日期']);
    // A parameter the screen does not name (its own `after`) is not said; a domain rule naming a field
    // is the banner's title already, not a line again.
    const after = { ...refused, problem: { ...refused.problem, errors: [{ field: 'after', message: 'after must be a log position' }] } };
    expect(fieldLines(after, { from: '开始日期', to: '结束日期' })).toEqual([]);
    expect(fieldLines({ status: 422, problem: { title: 'x', code: 'UNIT_RETIRED', field: 'unitId' } }, { unitId: '单位' })).toEqual([]);
  });

  it('takes a link to an id no record could have as one to nothing: 404, 403, or a 400 about the path’s id alone', () => {
    const malformed = (field: string) => ({
      status: 400,
      problem: { title: 'Bad request', code: 'VALIDATION_FAILED', errors: [{ field, message: `${field} must be a case id (a uuid)` }] },
    });
    expect(isUnreadable(malformed('id'))).toBe(true);
    expect(isUnreadable({ status: 404, problem: { title: 'x', code: 'CASE_NOT_FOUND' } })).toBe(true);
    expect(isUnreadable({ status: 403, problem: { title: 'x', code: 'FORBIDDEN_UNIT' } })).toBe(true);
    // Another parameter at fault, or nothing named: a refusal to say as such.
    expect(isUnreadable(malformed('after'))).toBe(false);
    expect(isUnreadable({ status: 400, problem: { title: 'x', code: 'VALIDATION_FAILED' } })).toBe(false);
    expect(isUnreadable({ status: 503, problem: { title: 'x', code: 'PROJECTION_NOT_READY' } })).toBe(false);
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
    expect(
      fieldMessage(
        'complainant.idNumber must be a passport or permit number (5–30 letters and digits) or a resident identity card number (18 characters with a real date of birth and its check digit)',
        '证件号码',
      ),
    ).toBe('请填写有效的证件号码：身份证号码请核对出生日期和末位校验码');
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

  it('says a required field sent blank as 「请填写…」, whatever rule the API states of it (its format, its type); one sent with a value keeps its rule', () => {
    const refused = {
      status: 400,
      problem: {
        title: 'Bad request',
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'body.receivedAt', message: 'receivedAt must be an ISO-8601 instant with an offset, e.g. 2026-11-01T00:00:00+08:00' },
          { field: 'body.workingDays', message: 'workingDays must be an integer number' },
          { field: 'body.workingDays', message: 'workingDays must not be less than 1' },
          { field: 'body.measures[1].dueDate', message: 'measures.1.dueDate must be a valid ISO 8601 date string' },
          { field: 'body.complainant.idNumber', message: 'complainant.idNumber should not exist' },
        ],
      },
    };
    const labels = {
      receivedAt: '受理时间',
      workingDays: '延期工作日',
      'measures[].dueDate': '完成期限',
      'complainant.idNumber': '证件号码',
    };
    const blank = {
      receivedAt: '',
      workingDays: null,
      measures: [{ dueDate: '2026-12-31' }, { dueDate: '' }],
      complainant: { idNumber: '' },
    };
    expect(fieldErrorsOf(refused, labels, { sent: blank })).toEqual({
      receivedAt: '请填写受理时间',
      workingDays: '请填写延期工作日',
      'measures[1].dueDate': '请填写完成期限',
      // Sent blank where nothing may be sent: the rule still.
      'complainant.idNumber': '此项不应填写',
    });
    const typed = {
      receivedAt: '2026-13-01T00:00+08:00',
      workingDays: 1.5,
      measures: [{}, { dueDate: '2026-02-30' }],
      complainant: { idNumber: 'x' },
    };
    expect(fieldErrorsOf(refused, labels, { sent: typed })).toEqual({
      receivedAt: '请填写有效的日期',
      workingDays: '延期工作日须为整数；延期工作日不能小于1',
      'measures[1].dueDate': '请填写有效的日期',
      'complainant.idNumber': '此项不应填写',
    });
    // Without the body sent, or a field the body does not carry (a path's id): the rule as the API states it.
    expect(fieldErrorsOf(refused, labels)).toMatchObject({
      receivedAt: '请填写有效的日期',
      workingDays: '延期工作日须为整数；延期工作日不能小于1',
    });
    expect(fieldErrorsOf(refused, labels, { sent: {} })).toMatchObject({ receivedAt: '请填写有效的日期' });
  });

  it('says a picker left empty as 「请选择…」, whatever rule the API states of it; a malformed value keeps its rule', () => {
    const refused = {
      status: 400,
      problem: {
        title: 'Bad request',
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'body.category', message: 'category must be a category code' },
          { field: 'body.complainedUnitId', message: 'complainedUnitId must be a unit id' },
          { field: 'body.title', message: 'title must not be blank' },
        ],
      },
    };
    const labels = { category: '问题类别', complainedUnitId: '被投诉单位', title: '投诉标题' };
    const choices = ['category', 'complainedUnitId'];
    expect(fieldErrorsOf(refused, labels, { choices, sent: { category: '', complainedUnitId: '', title: '' } })).toEqual({
      category: '请选择问题类别',
      complainedUnitId: '请选择被投诉单位',
      title: '请填写投诉标题',
    });
    // Sent with a value the API cannot read: its rule, said as before.
    expect(fieldErrorsOf(refused, labels, { choices, sent: { category: 'X!', complainedUnitId: 'Dept Market', title: '' } })).toEqual({
      category: '问题类别格式不正确',
      complainedUnitId: '被投诉单位格式不正确',
      title: '请填写投诉标题',
    });
    // Without the body sent, nothing is known to be empty: the rule as the API states it.
    expect(fieldErrorsOf(refused, labels, { choices })).toMatchObject({ category: '问题类别格式不正确' });
    // A row's picker by its column; left out (null, undefined) is empty too.
    const rows = {
      status: 400,
      problem: {
        title: 'x',
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'body.measures[0].responsibleUnitId', message: 'measures[0].responsibleUnitId must be a unit id' },
          { field: 'body.measures[1].responsibleUnitId', message: 'measures[1].responsibleUnitId must be a unit id' },
        ],
      },
    };
    const sent = { measures: [{ responsibleUnitId: '' }, { responsibleUnitId: 'no such' }] };
    expect(
      fieldErrorsOf(rows, { 'measures[].responsibleUnitId': '责任单位' }, { choices: ['measures[].responsibleUnitId'], sent }),
    ).toEqual({
      'measures[0].responsibleUnitId': '请选择责任单位',
      'measures[1].responsibleUnitId': '责任单位格式不正确',
    });
    expect(valueAt({ a: [{ b: null }] }, 'a[0].b')).toBeNull();
    expect(valueAt({ a: [] }, 'a[3].b')).toBeUndefined();
  });

  it('names the fact the user needs: the year a calendar is missing for, the categories open cases use and how many', () => {
    const say = (code: string, facts: Record<string, unknown> = {}, names?: Parameters<typeof problemMessage>[1]) =>
      problemMessage({ status: 422, problem: { title: 'x', code, ...facts } }, names);
    // The year, and who can fix it where: a verifier meets it, the admin publishes the calendar.
    const fix = '：办理期限或回头看日期落在该年，需系统管理员在「系统管理 › 工作日历」中发布该年度日历后再办理';
    expect(say('CALENDAR_YEAR_MISSING', { year: 2027 })).toBe(`2027年度的工作日历尚未发布${fix}`);
    expect(say('CALENDAR_YEAR_MISSING')).toBe(`该年度的工作日历尚未发布${fix}`);

    const labels = { category: (code: string) => ({ cumbersome_approval: '审批繁琐', runaround: '推诿扯皮' })[code] ?? code };
    const inUse = { categories: ['cumbersome_approval'], openCases: 6, openCasesByCategory: { cumbersome_approval: 6 } };
    expect(say('CATEGORY_IN_USE', inUse, labels)).toBe('类别「审批繁琐」仍有 6 件未办结案件使用，不能删除');
    // No label known: the code, as the API gave it.
    expect(say('CATEGORY_IN_USE', inUse)).toBe('类别「cumbersome_approval」仍有 6 件未办结案件使用，不能删除');
    const two = {
      categories: ['cumbersome_approval', 'runaround'],
      openCases: 5,
      openCasesByCategory: { cumbersome_approval: 3, runaround: 2 },
    };
    expect(say('CATEGORY_IN_USE', two, labels)).toBe('类别「审批繁琐」（3 件）、「推诿扯皮」（2 件）仍有未办结案件使用，不能删除');
    expect(say('CATEGORY_IN_USE', { categories: ['cumbersome_approval', 'runaround'], openCases: 5 }, labels)).toBe(
      '类别「审批繁琐」、「推诿扯皮」仍有 5 件未办结案件使用，不能删除',
    );
    expect(say('CATEGORY_IN_USE')).toBe('该类别仍有未办结案件使用，不能删除');
  });

  it('names the facts of the other refusals that carry them, and says them as before when they are missing', () => {
    const say = (code: string, facts: Record<string, unknown> = {}) =>
      problemMessage(
        { status: 422, problem: { title: 'x', code, ...facts } },
        { unit: (id) => ({ 'dept-market': '区市场监督管理局' })[id] ?? id },
      );
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [
        'UNIT_HAS_OPEN_CASES',
        { unitId: 'dept-market', openCases: 3 },
        '该单位还有 3 件未办结的案件，请先改派',
        '该单位还有未办结的案件，请先改派',
      ],
      [
        'UNIT_HAS_ACTIVE_CHILDREN',
        { unitId: 'dept-approval', children: ['dept-market', 'win-tax-01'] },
        '该单位还有在用的下级单位（区市场监督管理局、win-tax-01），请先撤销或调整下级单位',
        '该单位还有在用的下级单位，请先撤销或调整下级单位',
      ],
      // A look-back whose lead was retired since names no field: the banner says which unit.
      ['UNIT_RETIRED', { unitId: 'dept-market' }, '区市场监督管理局已撤销', '该单位已撤销'],
      // At a field (the unit picked there), as before: the field says which unit.
      ['UNIT_RETIRED', { unitId: 'dept-market', field: 'unitId' }, '该单位已撤销', '该单位已撤销'],
      ['LEAD_UNIT_ALREADY_ASSIGNED', { leadUnitId: 'dept-market' }, '该案件已有主办单位：区市场监督管理局', '该案件已有主办单位'],
      [
        'CLOSURE_GATE_MEASURES_UNVERIFIED',
        { measureIds: ['M1', 'M3'] },
        '整改措施 M1、M3 尚未验收通过，不能办结',
        '还有整改措施未验收通过，不能办结',
      ],
      ['FINDING_HAS_VERIFIED_MEASURES', { measureIds: ['M2'] }, '整改措施 M2 已验收通过，不能撤回', '已有整改措施验收通过，不能撤回'],
      [
        'EXTENSION_AFTER_DEADLINE',
        { handlingDue: '2026-03-02' },
        '办理期限（2026年3月2日）已过，不能再申请延期',
        '办理期限已过，不能再申请延期',
      ],
      ['DEADLINE_NOT_YET_PASSED', { dueDate: '2026-12-31' }, '期限（2026年12月31日）尚未届满', '期限尚未届满'],
      ['WEIGHTS_NOT_100', { unitKind: 'department', total: 90 }, '各项权重之和须为100%（现为90%）', '各项权重之和须为100%'],
      ['CALENDAR_DAY_CONFLICT', { date: '2026-10-08' }, '2026-10-08不能既是休息日又是调休上班日', '同一天不能既是休息日又是调休上班日'],
      ['MAKE_UP_DAY_NOT_WEEKEND', { date: '2026-10-09' }, '2026-10-09不是周六或周日：调休上班日须为周六或周日', '调休上班日须为周六或周日'],
      ['CATEGORY_LABEL_MISSING', { categoryCode: 'runaround' }, '请填写类别「runaround」的名称', '请填写类别名称'],
      ['DUPLICATE_CATEGORY_CODE', { categoryCode: 'runaround' }, '类别代码「runaround」重复', '类别代码重复'],
    ];
    for (const [code, facts, told, bare] of cases) {
      expect({ code, said: say(code, facts) }).toEqual({ code, said: told });
      expect({ code, said: say(code) }).toEqual({ code, said: bare });
    }
  });

  it('names the limit of one inspection deduction, 100 points, where a count or person-times passed it; a withdrawal’s refusals in Chinese', () => {
    const say = (code: string, facts: Record<string, unknown> = {}) =>
      problemMessage({ status: 422, problem: { title: 'x', code, ...facts } });
    expect(say('INVALID_DEDUCTION', { field: 'count' })).toBe(
      '日常工作不到位的次数须为1到1000之间的整数：每处扣0.1分，一项扣分最多扣100分',
    );
    expect(say('INVALID_DEDUCTION', { field: 'personTimes' })).toBe('人次须为正整数，且人次×每人次扣分不超过100分（一项扣分最多扣100分）');
    expect(say('INVALID_DEDUCTION', { field: 'pointsPerPersonTime' })).toBe('违反作风建设规定每人次扣0.5到1分，最多两位小数');
    expect(say('INVALID_DEDUCTION')).toBe(
      '扣分不符合规则：一项扣分最多扣100分（日常工作不到位最多1000处，违反作风建设规定人次×每人次扣分不超过100分）',
    );
    expect(['DEDUCTION_NOT_FOUND', 'DEDUCTION_ALREADY_WITHDRAWN', 'DEDUCTION_WITHDRAWAL_REASON_REQUIRED'].map((code) => say(code))).toEqual(
      ['该单位本年度没有这项扣分', '该扣分已撤销', '请填写撤销扣分的理由'],
    );
  });
});
