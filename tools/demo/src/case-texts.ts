import type { Channel, PersonAccountabilityForm, OrganisationAccountabilityForm } from '@app/domain';

/**
 * The words staff write at each step of a case that do not depend on its category: reasons,
 * notes and answers, as they read in practice. Category-specific text is in complaint-catalogue.ts.
 */

/** How a complaint names its complainant, by channel. */
export const WHO_BY_CHANNEL: Readonly<Record<Channel, string>> = {
  hotline: '来电人',
  web: '网民',
  letter: '来信人',
  visit: '来访人',
  email: '来信人',
  media: '媒体报道称，群众',
  leader_referral: '领导批转件：群众',
};

export const REJECTION_REASONS = [
  '该诉求已进入诉讼程序，不属于受理范围，已告知当事人通过司法途径解决。',
  '诉求内容不明确且无法联系反映人补充，不予受理。',
  '属于重复投诉，已于此前办结并答复，无新情况、新理由，不予受理。',
  '反映事项属于企业之间的民事合同纠纷，不属于受理范围，已引导通过仲裁或诉讼途径解决。',
  '该事项属于其他地区管辖，已告知当事人向属地反映。',
] as const;

export const ACCEPTANCE_NOTES = ['符合受理条件，予以受理。', '属于营商环境投诉受理范围，予以受理。'] as const;

export const disputeReason = (rightUnit: string) => `经核实，该事项属于${rightUnit}的职责范围，不属于我单位职责，申请退单改派。`;
export const transferReason = (rightUnit: string) => `经协调核实，该事项由${rightUnit}负责办理，予以改派。`;

export const EXTENSION_REASONS = [
  '该事项涉及多个部门，需现场勘验和会商，申请延期办理。',
  '需调取历史档案并征求上级部门意见，无法在规定时限内办结。',
  '涉及第三方检测鉴定，检测周期较长，申请延期。',
] as const;
export const EXTENSION_GRANTED = '理由充分，同意延期，请在延长期限内办结。';
export const EXTENSION_DENIED = '延期理由不充分，请按原时限办结。';

export const SUPERVISION_NOTES = {
  yellowCard: '该件即将到期（黄牌），请抓紧办理并按时反馈。',
  overdue: '该件已超期（红牌），请立即办理并说明超期原因。',
  supervise: '该件超期未办结，现予督办，请于3个工作日内报送办理结果。',
  listed: '该件超期时间较长，经研究予以挂牌督办，请单位主要负责人亲自过问。',
} as const;

export const INTERIM_FINDINGS = '已组织人员开展调查，正在调取相关材料、约谈有关人员，待核实后报送最终办理结果。';
export const CO_HANDLING_FINDINGS = [
  '已配合主办单位开展现场核查，并将本单位掌握的情况和处理意见函告主办单位。',
  '已按职责对涉及本单位的事项进行核实，情况已反馈主办单位。',
] as const;
export const CO_HANDLING_RESULT = '本单位职责范围内的事项已处理完毕，配合主办单位答复投诉人。';

export const SECOND_ROUND = {
  findings: '重新组织调查，与投诉人当面沟通，进一步核实了遗留问题。',
  result: '已针对投诉人提出的遗留问题逐项处理，并当面反馈处理情况。',
  extraMeasure: '针对回访反映的遗留问题，开展“回头看”专项检查',
  noFurtherRectification: '遗留问题已在重新办理中当场解决，原整改措施继续落实，无需新增整改措施。',
};

export const VISIT_NOTES = {
  satisfied: ['投诉人对办理结果表示满意。', '投诉人表示问题已解决，对办理结果满意。'],
  basically_satisfied: ['投诉人表示基本满意，希望今后加强管理。', '投诉人对结果基本认可，对办理时效有意见。'],
  unsatisfied: ['投诉人对办理结果不满意，认为问题没有真正解决。', '投诉人不认可办理结果，认为答复避重就轻。'],
} as const;
export const REOPEN_REASON = '回访不满意：投诉人认为问题没有实质解决，要求重新办理。';

export const rectificationReport = (measure: string) => `已完成：${measure}。相关制度文件、台账和照片已上传备查。`;
export const rectificationReportAgain = (measure: string) => `已按验收意见补充整改：${measure}。补充材料已上传。`;
export const VERIFICATION_NOTES = ['经现场核查，整改到位。', '经查阅资料和回访企业，整改措施已落实。'] as const;
export const VERIFICATION_REJECTED = '整改材料不完整，现场核查发现问题仍未彻底解决，请继续整改后重新报送。';

/** Forms of accountability and the rule they rest on, from the lightest to the heaviest. */
export const PERSON_ACCOUNTABILITY: ReadonlyArray<{ forms: PersonAccountabilityForm[]; rule: string }> = [
  { forms: ['admonishment'], rule: '《中国共产党问责条例》第七条、第八条' },
  { forms: ['circulated_notice', 'performance_deduction'], rule: '《优化营商环境条例》第六十九条' },
  { forms: ['removal_from_post'], rule: '《优化营商环境条例》第六十九条' },
  { forms: ['disciplinary_sanction'], rule: '《中华人民共和国公职人员政务处分法》' },
];
export const ORGANISATION_ACCOUNTABILITY: ReadonlyArray<{ forms: OrganisationAccountabilityForm[]; rule: string }> = [
  { forms: ['written_self_examination'], rule: '《中国共产党问责条例》第八条' },
  { forms: ['circulated_notice'], rule: '《中国共产党问责条例》第八条' },
];

/** The fault found, by what went wrong. */
export const ACCOUNTABILITY_FAULTS = {
  overdue: '承办案件超期未办结，经催办、督办仍未按时反馈',
  irregular_enforcement: '执法过程不规范，损害企业合法权益',
  poor_service_attitude: '服务态度生硬，首问负责、一次性告知制度落实不到位',
  other: '履职不到位，影响营商环境',
} as const;
export const accountabilityFacts = (title: string, unit: string, fault: string) =>
  `经查，在办理“${title}”一事中，${unit}${fault}，造成不良影响。`;

export const CLOSE_REASONS = {
  unfounded: '反映问题不属实，不涉及责任追究。',
  enquiry: '属政策咨询事项，不涉及问责。',
  rectified: ['经核查，相关人员已按规定履职，问题已整改到位，无需问责。', '问题系制度衔接不畅所致，已通过整改完善制度，不需追究个人责任。'],
} as const;
