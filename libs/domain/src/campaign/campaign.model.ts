import type { LocalDate } from '../calendar/local-date';

/**
 * The five stages of a campaign, in the order practice runs them (seed 000: "发动宣传、自查自纠、
 * 调研座谈、督导整改和回头看五个环节"). Stages may overlap (边评边改), but none starts before the one
 * listed before it.
 */
export const CAMPAIGN_PHASES = [
  'mobilise', // 动员
  'self_inspection', // 自查自纠
  'consultation', // 调研座谈
  'supervised_rectification', // 督导整改
  'look_back', // 回头看
] as const;
export type CampaignPhaseName = (typeof CAMPAIGN_PHASES)[number];

/** One stage with its dates, both days included. */
export interface CampaignPhase {
  phase: CampaignPhaseName;
  startsOn: LocalDate;
  endsOn: LocalDate;
}

/** Meetings a campaign holds: 动员会, 座谈会, 恳谈会, 督办会, 评议会. */
export const MEETING_KINDS = ['mobilisation', 'symposium', 'heart_to_heart', 'supervision', 'appraisal'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Who took part, counted by group: 政协委员, 人大代表, 企业代表, 群众代表, 督查员. */
export const PARTICIPANT_GROUPS = ['cppcc_member', 'deputy', 'enterprise', 'citizen', 'inspector'] as const;
export type ParticipantGroup = (typeof PARTICIPANT_GROUPS)[number];
