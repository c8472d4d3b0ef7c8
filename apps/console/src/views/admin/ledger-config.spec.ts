import { fieldErrorsOf } from '../../problems/problem-text';
import {
  bodyOf,
  draftOf,
  isChanged,
  LEDGER_FIELD_LABELS,
  newEntry,
  publishMessage,
  removedEntries,
  restorable,
  restoreEntry,
  versionText,
  type LedgerConfigurationInForce,
} from './ledger-config';

const inForce = (): LedgerConfigurationInForce => ({
  version: 'ledger@default',
  revision: null,
  campaignKinds: [{ code: 'democratic_appraisal', label: '民主评议' }],
  findingCategories: [
    { code: 'cumbersome_approval', label: '审批繁琐' },
    { code: 'complaint_runaround', label: '投诉处理难' },
  ],
  measureCategories: [{ code: 'approval_streamlining', label: '简化审批流程' }],
  recheckAfterWorkingDays: 60,
  retired: { campaignKinds: [], findingCategories: [{ code: 'slow_reply', label: '答复迟缓' }], measureCategories: [] },
});

describe('台账配置 helpers', () => {
  it('opens the form on the configuration in force, its codes fixed, a row added with its code to type', () => {
    const draft = draftOf(inForce());
    expect(draft.recheckAfterWorkingDays).toBe(60);
    expect(draft.lists.findingCategories.map(({ code, label, inForce }) => ({ code, label, inForce }))).toEqual([
      { code: 'cumbersome_approval', label: '审批繁琐', inForce: true },
      { code: 'complaint_runaround', label: '投诉处理难', inForce: true },
    ]);
    const added = newEntry();
    expect(added).toMatchObject({ code: '', label: '', inForce: false });
    const keys = [...Object.values(draft.lists).flat(), added].map((row) => row.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('sends every row in the form’s order, trimmed, blank ones too, so the API’s index is the row’s', () => {
    const draft = draftOf(inForce());
    draft.lists.findingCategories.push({ ...newEntry(), code: ' slow_reply ', label: ' 答复迟缓 ' }, newEntry());
    draft.recheckAfterWorkingDays = 40;
    expect(bodyOf(draft)).toEqual({
      campaignKinds: [{ code: 'democratic_appraisal', label: '民主评议' }],
      findingCategories: [
        { code: 'cumbersome_approval', label: '审批繁琐' },
        { code: 'complaint_runaround', label: '投诉处理难' },
        { code: 'slow_reply', label: '答复迟缓' },
        { code: '', label: '' },
      ],
      measureCategories: [{ code: 'approval_streamlining', label: '简化审批流程' }],
      recheckAfterWorkingDays: 40,
    });
  });

  it('tells whether the form changes anything: a label, the order, a row, the interval; not blanks around a label', () => {
    const config = inForce();
    const draft = draftOf(config);
    expect(isChanged(config, draft)).toBe(false);
    draft.lists.findingCategories[0].label = ' 审批繁琐 ';
    expect(isChanged(config, draft)).toBe(false);
    draft.lists.findingCategories[0].label = '审批环节繁琐';
    expect(isChanged(config, draft)).toBe(true);

    const reordered = draftOf(config);
    reordered.lists.findingCategories.reverse();
    expect(isChanged(config, reordered)).toBe(true);
    const added = draftOf(config);
    added.lists.measureCategories.push(newEntry());
    expect(isChanged(config, added)).toBe(true);
    const interval = draftOf(config);
    interval.recheckAfterWorkingDays = 61;
    expect(isChanged(config, interval)).toBe(true);
  });

  it('names the entries dropped, and the confirmation says the records citing them keep their codes', () => {
    const config = inForce();
    const draft = draftOf(config);
    expect(removedEntries(config, draft)).toEqual([]);
    expect(publishMessage(config, draft)).not.toContain('将删除');

    draft.lists.findingCategories.splice(0, 1);
    draft.lists.measureCategories.push({ ...newEntry(), code: 'cumbersome_approval', label: '同代码不同列表' });
    expect(removedEntries(config, draft)).toEqual([{ list: 'findingCategories', code: 'cumbersome_approval', label: '审批繁琐' }]);
    expect(publishMessage(config, draft)).toContain('将删除：问题类别「审批繁琐」。删除后不能再选用；已登记的记录不受影响');
  });

  it('says the version: 默认配置 until the admin publishes one, then its revision', () => {
    expect(versionText({ version: 'ledger@default', revision: null })).toBe('默认配置（ledger@default）');
    expect(versionText({ version: 'ledger@3', revision: 3 })).toBe('管理员发布 第3版（ledger@3）');
  });

  it('puts the API’s refusals at the field they name, in Chinese', () => {
    const refused = (problem: Record<string, unknown>) => ({ status: 422, problem: { title: 'x', code: 'X', ...problem } });
    expect(fieldErrorsOf(refused({ code: 'DUPLICATE_ENTRY_CODE', field: 'findingCategories[2].code' }), LEDGER_FIELD_LABELS)).toEqual({
      'findingCategories[2].code': '分类代码重复',
    });
    expect(fieldErrorsOf(refused({ code: 'LEDGER_LIST_EMPTY', field: 'campaignKinds' }), LEDGER_FIELD_LABELS)).toEqual({
      campaignKinds: '台账分类不能为空',
    });
    const invalid = {
      status: 400,
      problem: {
        title: 'x',
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'measureCategories[0].label', message: 'measureCategories[0].label must be shorter than or equal to 100 characters' },
          { field: 'recheckAfterWorkingDays', message: 'recheckAfterWorkingDays must be an integer number' },
        ],
      },
    };
    expect(fieldErrorsOf(invalid, LEDGER_FIELD_LABELS)).toEqual({
      'measureCategories[0].label': '措施类别名称不能超过100个字',
      recheckAfterWorkingDays: '回头看间隔须为整数',
    });
  });

  it('offers a dropped entry back until the form lists its code again, restored with its code fixed and its last label', () => {
    const config = inForce();
    const draft = draftOf(config);
    expect(restorable(config, draft, 'findingCategories')).toEqual([{ code: 'slow_reply', label: '答复迟缓' }]);
    expect(restorable(config, draft, 'measureCategories')).toEqual([]);
    restoreEntry(draft, 'findingCategories', config.retired.findingCategories[0]);
    expect(restorable(config, draft, 'findingCategories')).toEqual([]);
    expect(draft.lists.findingCategories.at(-1)).toMatchObject({ code: 'slow_reply', label: '答复迟缓', inForce: true });
    expect(bodyOf(draft).findingCategories.map((e) => e.code)).toEqual(['cumbersome_approval', 'complaint_runaround', 'slow_reply']);
    expect(isChanged(config, draft)).toBe(true);
  });
});
