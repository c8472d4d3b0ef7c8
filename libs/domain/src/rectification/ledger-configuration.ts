/**
 * The ledger's configurable lists (整改台账的可配置项): campaign kinds, finding categories, measure
 * categories and the 回头看 interval. Places differ, so these are data: the defaults below are in
 * force until an admin publishes the ledger's configuration (a later slice: a `config-ledger`
 * stream, published as the time limits are, calendar/time-limit-publication.ts). Commands that check
 * against a list carry the configuration in force, so `decide` stays pure; events record the codes.
 */

/** One entry of a configured list: a stable code (recorded in events) and its Chinese label. */
export interface LedgerListEntry {
  code: string;
  label: string;
}

export interface LedgerConfiguration {
  /** e.g. `ledger@default`, or `ledger@3` once published. */
  version: string;
  /** Kinds of campaign (评议活动 / 专项督查). */
  campaignKinds: readonly LedgerListEntry[];
  /** Categories of a finding (问题类别): by default the seven problem kinds of the seed reports. */
  findingCategories: readonly LedgerListEntry[];
  /** Categories of a finding's measure (整改措施类别): by default eight. */
  measureCategories: readonly LedgerListEntry[];
  /** Working days after verification (验收) by which the 回头看 re-check of a measure is due. */
  recheckAfterWorkingDays: number;
}

export const DEFAULT_LEDGER_CONFIGURATION: LedgerConfiguration = {
  version: 'ledger@default',
  campaignKinds: [
    { code: 'democratic_appraisal', label: '民主评议' },
    { code: 'unannounced_inspection', label: '明查暗访' },
    { code: 'special_supervision', label: '专项督查' },
    { code: 'member_inspection', label: '委员视察' },
    { code: 'televised_inquiry', label: '电视问政' },
  ],
  // Seed 000 "对照政务环境七项内容" (also seed 001's seven kinds of opinion); the codes are the
  // complaint categories' of the default time limits, so a finding and a case of one kind match.
  findingCategories: [
    { code: 'cumbersome_approval', label: '审批繁琐' },
    { code: 'complaint_runaround', label: '投诉处理难' },
    { code: 'policy_not_honoured', label: '政策落实缺乏连贯性' },
    { code: 'poor_service_attitude', label: '服务意识不强' },
    { code: 'irregular_enforcement', label: '执法行为不够规范' },
    { code: 'market_disorder', label: '市场环境有待改善' },
    { code: 'high_business_cost', label: '商务成本较高' },
  ],
  // Seed 000 counts 93 measures "in eight categories" (八大类) without naming them. These eight are
  // read from the measures the seed describes; a place replaces them with its own by configuration.
  measureCategories: [
    { code: 'approval_streamlining', label: '简化审批流程' },
    { code: 'time_limited_service', label: '限时办结与服务承诺' },
    { code: 'policy_delivery', label: '政策兑现' },
    { code: 'conduct_and_attitude', label: '作风与服务态度' },
    { code: 'enforcement_regulation', label: '规范执法' },
    { code: 'market_order', label: '规范中介与市场秩序' },
    { code: 'cost_reduction', label: '降低企业成本' },
    { code: 'doorstep_service', label: '上门服务与企业走访' },
  ],
  // About three months of working days: seed 000 returns for its 回头看 months after the campaign.
  recheckAfterWorkingDays: 60,
};

/** Whether `code` is an entry of the list. */
export function isListed(list: readonly LedgerListEntry[], code: string): boolean {
  return list.some((entry) => entry.code === code);
}
