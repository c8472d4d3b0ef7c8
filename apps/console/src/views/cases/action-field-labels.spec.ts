import * as fs from 'node:fs';
import * as path from 'node:path';
import { formBanner } from '../../problems/form-banner';
import { fieldErrorsOf } from '../../problems/problem-text';
import {
  ACTION_CHOICE_FIELDS,
  ACTION_FIELD_LABELS,
  ACTION_FORM_FIELDS,
  actionFieldsShown,
  type ActionFormState,
} from './action-field-labels';
import { ACTIONS, type CaseAction } from './labels';

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

describe('a case action’s refusal is said once: at its fields, or in the dialog’s banner', () => {
  const form: ActionFormState = { factsEstablished: true, measureCount: 0, level: 'urge', accountabilityIssued: 0 };
  /** The refusal ActionDialog's banner shows (null: none), as the dialog decides it. */
  const banner = (action: CaseAction, error: ReturnType<typeof refused> | ReturnType<typeof rule>, state: Partial<ActionFormState> = {}) =>
    formBanner(error, fieldErrorsOf(error, ACTION_FIELD_LABELS[action]), actionFieldsShown(action, { ...form, ...state }));
  const rule = (code: string, field?: string) => ({ status: 422, problem: { title: 'x', code, ...(field ? { field } : {}) } });

  it('办结 refused for a blank 不需问责理由: at the reason only, while the form has it', () => {
    const undecided = rule('CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED', 'accountabilityNotRequiredReason');
    expect(banner('close', undecided)).toBeNull();
    // Accountability issued: the form has no reason to show it at, so the banner says it.
    expect(banner('close', undecided, { accountabilityIssued: 1 })).toBe(undecided);
  });

  it('交办 sent empty: each field says what it needs, no generic banner above them', () => {
    const empty = refused(['body.unitId', 'unitId must be a unit id'], ['body.responsibleLeader', 'responsibleLeader should not be empty']);
    expect(banner('notify-unit', empty)).toBeNull();
  });

  it('a field the form has no slot for stays in the banner: 审批延期’s and 验收’s approve, 报告办理情况’s factsEstablished', () => {
    const approve = refused(['body.approve', 'approve must be a boolean value'], ['body.reason', 'reason should not be empty']);
    expect(banner('decide-extension', approve)).toBe(approve);
    expect(banner('verify-rectification', refused(['body.approve', 'approve must be a boolean value']))).not.toBeNull();
    expect(banner('report-handling', refused(['body.factsEstablished', 'factsEstablished must be a boolean value']))).not.toBeNull();
    // 报告整改's measure is the row's, not a field of its form.
    expect(banner('report-rectification', refused(['body.measureId', 'measureId should not be empty']))).not.toBeNull();
  });

  it('a refusal naming no field is said in the banner, whatever the action', () => {
    const closed = rule('CASE_CLOSED');
    for (const action of Object.keys(ACTIONS) as CaseAction[]) expect([action, banner(action, closed)]).toEqual([action, closed]);
  });

  it('a slot showing another field’s error counts for it, while on screen: 约谈 at its date, 整改措施 at 无需整改理由', () => {
    const interview = rule('INTERVIEW_DETAILS_REQUIRED', 'interview.heldOn');
    expect(banner('supervise', interview, { level: 'interview' })).toBeNull();
    expect(banner('supervise', refused(['body.interview', 'interview must be an object']), { level: 'interview' })).toBeNull();
    expect(banner('supervise', interview, { level: 'urge' })).toBe(interview);
    const empty = rule('RECTIFICATION_EMPTY', 'measures');
    expect(banner('plan-rectification', empty)).toBeNull();
    expect(banner('plan-rectification', empty, { measureCount: 1 })).toBe(empty);
    expect(banner('plan-rectification', refused(['body.measures[3].dueDate', 'measures[3].dueDate should not be empty']))).toBeNull();
    expect(banner('report-handling', refused(['body.result', 'result must be a string']), { factsEstablished: false })).not.toBeNull();
  });

  it('lists for each action exactly the fields its form in ActionDialog.vue has an error slot for', () => {
    const template = fs.readFileSync(path.join(__dirname, 'ActionDialog.vue'), 'utf8');
    const slots: Partial<Record<CaseAction, Set<string>>> = {};
    // Each action's fields sit in a `<template v-if="…">` of the form naming the action(s) it is for.
    const blocks = template.matchAll(/^ {6}<template v-if="([^"]+)">\n([\s\S]*?)^ {6}<\/template>$/gm);
    for (const [, condition, block] of blocks) {
      const actions = [...condition!.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] as CaseAction);
      const fields = [...block!.matchAll(/errors(?:\.([\w]+)|\['([^']+)'\]|\[`([^`]+)`\])/g)].map((m) =>
        (m[1] ?? m[2] ?? m[3])!.replace(/\[\$\{\w+\}\]/g, '[]'),
      );
      // A measure row's slots, by the row's key: `measureErrors[m.key]?.dueDate` is `measures[].dueDate`.
      fields.push(...[...block!.matchAll(/measureErrors\[\w+\.key\]\?\.(\w+)/g)].map((m) => `measures[].${m[1]}`));
      for (const action of actions) slots[action] = new Set([...(slots[action] ?? []), ...fields]);
    }
    for (const action of Object.keys(ACTIONS) as CaseAction[]) {
      expect({ action, fields: [...ACTION_FORM_FIELDS[action]].sort() }).toEqual({ action, fields: [...(slots[action] ?? [])].sort() });
    }
  });
});
