/**
 * Event types by their Chinese name, as docs/glossary.md gives them: the audit log's tags. Imports
 * nothing, so that a spec outside the console (test/contract/console-event-names.spec.ts) can hold
 * the table to every type the domain writes.
 */
/** A type not listed shows its code. */
export const EVENT_TYPE_NAMES: Readonly<Record<string, string>> = {
  ComplaintFiled: '登记',
  ComplaintAccepted: '受理',
  ComplaintRejected: '不予受理',
  UnitNotified: '交办',
  UnitAcknowledged: '签收',
  DispatchDisputed: '退单',
  CaseTransferred: '改派',
  ExtensionRequested: '延期申请',
  ExtensionGranted: '同意延期',
  ExtensionDenied: '不同意延期',
  SupervisionIssued: '督办',
  DeadlinePassed: '超期',
  HandlingReported: '办理结果',
  RectificationPlanned: '整改方案',
  RectificationReported: '整改报告',
  RectificationVerified: '验收通过',
  RectificationRejected: '验收不通过',
  MeasureDeadlinePassed: '整改超期',
  ReturnVisitRecorded: '回访',
  CaseReopened: '重办',
  AccountabilityIssued: '问责',
  CaseClosed: '办结',
  ComplainantIdentityRead: '调阅投诉人信息',
  ComplainantIdentityErased: '个人信息删除',
  QueryCodeReissued: '补发查询码',
  FindingRaised: '提出问题',
  FindingWithdrawn: '撤回问题',
  MeasuresPlanned: '制定整改措施',
  MeasureProgressReported: '整改进展',
  MeasureCompletionReported: '整改完成',
  MeasureVerified: '措施验收通过',
  MeasureRejected: '措施验收不通过',
  MeasureRecheckConfirmed: '回头看通过',
  MeasureReopened: '回头看重新整改',
  RaiserIdentityRead: '调阅反映人信息',
  RaiserIdentityErased: '反映人信息删除',
  UnitRegistered: '登记单位',
  UnitRenamed: '单位更名',
  UnitNameClaimed: '单位名称占用',
  UnitRetired: '撤销单位',
  CalendarYearPublished: '发布节假日安排',
  TimeLimitPolicyPublished: '发布办理时限',
  AppraisalSchemePublished: '发布考核方案',
  LedgerConfigurationPublished: '发布台账配置',
  SurveyScoreRecorded: '录入问卷调查得分',
  ConcentratedEvaluationScoreRecorded: '录入集中评议得分',
  OnlineVoteScoreRecorded: '录入网上投票得分',
  InspectionDeductionRecorded: '录入日常督查扣分',
  InspectionDeductionWithdrawn: '撤销日常督查扣分',
  RankingPublished: '发布排名',
  RankingAmended: '更正排名',
  CampaignOpened: '开展评议活动',
  MeetingHeld: '召开会议',
  CampaignClosed: '结束评议活动',
  CampaignPhasesAmended: '调整活动阶段',
  QuestionnairesRecorded: '录入问卷',
  ParticipantsRecorded: '录入参评人员',
  AuditLogVerified: '审计日志校验',
};

/** `登记（ComplaintFiled）`, or the code alone when the glossary has no Chinese name for it. */
export function eventTypeLabel(type: string): string {
  const name = EVENT_TYPE_NAMES[type];
  return name ? `${name}（${type}）` : type;
}
