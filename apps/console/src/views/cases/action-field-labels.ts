import type { CaseAction } from './labels';

/**
 * The labels of each action form's fields (ActionDialog.vue's el-form-items), by the field the API
 * names, so a refused field reads 「请填写不予受理理由」 rather than 「请填写此项」. One field has a
 * different label in different forms (`note`: 受理意见, 督办意见, 回访记录), hence a table per action.
 * Kept beside the dialog: a label changed there is changed here.
 */
export const ACTION_FIELD_LABELS: Record<CaseAction, Readonly<Record<string, string>>> = {
  accept: { note: '受理意见' },
  reject: { reason: '不予受理理由' },
  'dispute-dispatch': { reason: '退回理由' },
  reopen: { reason: '重办理由' },
  'review-reopen': { reason: '重办理由' },
  'notify-unit': { unitId: '承办单位', role: '承办方式', responsibleLeader: '责任领导' },
  transfer: { fromUnitId: '原承办单位', toUnitId: '改派单位', responsibleLeader: '责任领导', reason: '改派理由' },
  acknowledge: {},
  'request-extension': { workingDays: '延期工作日', reason: '延期理由' },
  'decide-extension': { unitId: '申请单位', approve: '审批结果', reason: '审批意见' },
  'report-handling': { factsEstablished: '问题是否查清', factsFound: '查明情况', result: '办理结果' },
  'plan-rectification': {
    measures: '整改措施',
    'measures[].description': '整改内容',
    'measures[].responsibleUnitId': '责任单位',
    'measures[].responsibleLeader': '责任领导',
    'measures[].dueDate': '完成期限',
    noRectificationReason: '无需整改理由',
  },
  'report-rectification': { report: '整改情况' },
  'verify-rectification': { approve: '验收结果', note: '验收意见' },
  'record-return-visit': { satisfaction: '满意度', note: '回访记录' },
  supervise: {
    unitId: '督办单位',
    level: '督办方式',
    interview: '约谈',
    'interview.heldOn': '约谈日期',
    'interview.attendees': '参加人员',
    note: '督办意见',
  },
  close: { accountabilityNotRequiredReason: '不需问责理由' },
  'issue-accountability': {},
};

/**
 * The fields of each action form picked from a list (a unit, a satisfaction): one sent empty reads
 * 「请选择责任单位」 (problem-text.ts, FieldErrorContext), not the API's rule for an id (「…格式不正确」).
 */
export const ACTION_CHOICE_FIELDS: Partial<Record<CaseAction, readonly string[]>> = {
  'notify-unit': ['unitId'],
  transfer: ['fromUnitId', 'toUnitId'],
  'decide-extension': ['unitId'],
  'plan-rectification': ['measures[].responsibleUnitId'],
  'record-return-visit': ['satisfaction'],
  supervise: ['unitId'],
};

/**
 * The fields each action form shows an error at (ActionDialog.vue's `:error="errors.…"` slots), for
 * `formBanner`: a refusal about these only is said at them, anything else (a field with no slot, as
 * 审批延期's or 验收's `approve` and 报告办理情况's `factsEstablished`, radio buttons that cannot be
 * wrong; a refusal naming no field) in the banner. A slot showing another field's error lists that
 * field too: `interview` shows at `interview.heldOn`'s, `measures` at `noRectificationReason`'s.
 * action-field-labels.spec.ts reads the template and fails when this and its slots differ.
 */
export const ACTION_FORM_FIELDS: Record<CaseAction, readonly string[]> = {
  accept: ['note'],
  reject: ['reason'],
  'dispute-dispatch': ['reason'],
  reopen: ['reason'],
  'review-reopen': ['reason'],
  'notify-unit': ['unitId', 'role', 'responsibleLeader'],
  transfer: ['fromUnitId', 'toUnitId', 'responsibleLeader', 'reason'],
  acknowledge: [],
  'request-extension': ['workingDays', 'reason'],
  'decide-extension': ['unitId', 'reason'],
  'report-handling': ['factsFound', 'result'],
  'plan-rectification': [
    'measures[].description',
    'measures[].responsibleUnitId',
    'measures[].responsibleLeader',
    'measures[].dueDate',
    'noRectificationReason',
    'measures',
  ],
  'report-rectification': ['report'],
  'verify-rectification': ['note'],
  'record-return-visit': ['satisfaction', 'note'],
  supervise: ['unitId', 'level', 'interview.heldOn', 'interview', 'interview.attendees', 'note'],
  close: ['accountabilityNotRequiredReason'],
  'issue-accountability': [],
};

/** What of the form decides which of its slots are on screen (ActionDialog.vue's `v-if`s). */
export interface ActionFormState {
  factsEstablished: boolean;
  measureCount: number;
  level: string;
  accountabilityIssued: number;
}

/**
 * The fields an action form shows an error at as it stands: a slot its `v-if` hides says nothing,
 * so a refusal about it goes to the banner (a `measures` refusal once a measure is added, when the
 * 无需整改理由 slot is gone; 办结's reason once accountability was issued).
 */
export function actionFieldsShown(action: CaseAction, form: ActionFormState): readonly string[] {
  const onScreen = (field: string): boolean => {
    if (action === 'report-handling' && field === 'result') return form.factsEstablished;
    if (action === 'plan-rectification' && (field === 'noRectificationReason' || field === 'measures')) return form.measureCount === 0;
    if (action === 'supervise' && field.startsWith('interview')) return form.level === 'interview';
    if (action === 'close') return form.accountabilityIssued === 0;
    return true;
  };
  return ACTION_FORM_FIELDS[action].filter(onScreen);
}
