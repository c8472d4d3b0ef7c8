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
