import { DomainError } from '../shared/domain-error';
import type { Urgency } from '../case/case.model';

/** A problem kind of the taxonomy, with the working days a unit has to handle it. */
export interface CaseCategory {
  code: string;
  /** 中文 name shown to people. */
  label: string;
  handlingWorkingDays: number;
}

/**
 * Time limits (办理时限) as versioned data: per category, with urgency overriding. Published by an
 * admin as an event; every due date records the version that produced it.
 */
export interface TimeLimitPolicy {
  /** `time-limits@default` for the built-in policy, `time-limits@<n>` for the n-th published one. */
  version: string;
  categories: readonly CaseCategory[];
  /** 签收时限 for normal cases. */
  signForWorkingDays: number;
  /** Overrides per urgency, e.g. emergencies are signed for and handled the same day (0). */
  urgencyOverrides: Partial<Record<Urgency, { signForWorkingDays?: number; handlingWorkingDays?: number }>>;
}

export const UNKNOWN_CATEGORY = 'UNKNOWN_CATEGORY';

/**
 * The defaults of practice (docs/rules.md#time-limits-办理时限): the seven problem kinds of the seed reports take 10
 * working days, enquiries 3, sign-for 1, emergencies the same day.
 */
export const DEFAULT_TIME_LIMIT_POLICY: TimeLimitPolicy = {
  version: 'time-limits@default',
  categories: [
    { code: 'cumbersome_approval', label: '审批繁琐', handlingWorkingDays: 10 },
    { code: 'complaint_runaround', label: '投诉处理难', handlingWorkingDays: 10 },
    { code: 'policy_not_honoured', label: '政策落实不到位', handlingWorkingDays: 10 },
    { code: 'poor_service_attitude', label: '服务意识不强', handlingWorkingDays: 10 },
    { code: 'irregular_enforcement', label: '执法行为不规范', handlingWorkingDays: 10 },
    { code: 'market_disorder', label: '市场环境不规范', handlingWorkingDays: 10 },
    { code: 'high_business_cost', label: '商务成本较高', handlingWorkingDays: 10 },
    { code: 'enquiry', label: '政策咨询', handlingWorkingDays: 3 },
  ],
  signForWorkingDays: 1,
  urgencyOverrides: { emergency: { signForWorkingDays: 0, handlingWorkingDays: 0 } },
};

/**
 * UNKNOWN_CATEGORY for a category the policy does not list, null for one it does. `field`: the
 * request field that gave the category, when one did (a filing's `category`); a later count on a
 * case (dispatch, transfer, extension, reopening) uses the category recorded at filing, which no
 * field of that request names.
 */
export function requireKnownCategory(policy: TimeLimitPolicy, category: string, field?: string): DomainError | null {
  return policy.categories.some((c) => c.code === category) ? null : unknownCategory(policy, category, field);
}

function unknownCategory(policy: TimeLimitPolicy, category: string, field?: string): DomainError {
  return new DomainError(UNKNOWN_CATEGORY, `Category "${category}" is not in the taxonomy (${policy.version})`, {
    ...(field === undefined ? {} : { field }),
    category,
    known: policy.categories.map((c) => c.code),
  });
}

/** Working days to sign for and to handle a case of this category and urgency (UNKNOWN_CATEGORY, thrown, for a category the policy does not list). */
export function timeLimitsFor(policy: TimeLimitPolicy, category: string, urgency: Urgency): { signFor: number; handling: number } {
  const found = policy.categories.find((c) => c.code === category);
  if (!found) throw unknownCategory(policy, category);
  const override = policy.urgencyOverrides[urgency] ?? {};
  return {
    signFor: override.signForWorkingDays ?? policy.signForWorkingDays,
    handling: override.handlingWorkingDays ?? found.handlingWorkingDays,
  };
}
