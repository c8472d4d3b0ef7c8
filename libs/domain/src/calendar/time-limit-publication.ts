import { URGENCIES, type Instant, type Urgency } from '../case/case.model';
import type { Decision, StreamDeciderShape } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { hasVisibleCharacter } from '../shared/visible-text';
import { latestPublicationDecider, publish, type LatestPublication, type Publication } from '../shared/publication';
import { DEFAULT_TIME_LIMIT_POLICY, type CaseCategory, type TimeLimitPolicy } from './time-limit-policy';

/**
 * Time limits (办理时限) as an admin publishes them: each publication is a whole policy and replaces
 * the one before. Until the first publication the built-in DEFAULT_TIME_LIMIT_POLICY is in force.
 */
export const TIME_LIMITS_STREAM_ID = 'config-time-limits';

/** The most working days any limit may be (a quarter of a year: beyond that it is no time limit). */
export const MAX_TIME_LIMIT_WORKING_DAYS = 60;
export const CATEGORY_CODE_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;

/** Stable codes of the publication's broken rules (422 problem+json); never rename one. */
export const TimeLimitPublicationErrors = {
  CATEGORIES_EMPTY: 'CATEGORIES_EMPTY',
  INVALID_CATEGORY_CODE: 'INVALID_CATEGORY_CODE',
  DUPLICATE_CATEGORY_CODE: 'DUPLICATE_CATEGORY_CODE',
  CATEGORY_LABEL_MISSING: 'CATEGORY_LABEL_MISSING',
  INVALID_TIME_LIMIT: 'INVALID_TIME_LIMIT',
  UNKNOWN_URGENCY: 'UNKNOWN_URGENCY',
  INVALID_URGENCY_OVERRIDE: 'INVALID_URGENCY_OVERRIDE',
  CATEGORY_IN_USE: 'CATEGORY_IN_USE',
} as const;

export type UrgencyOverrides = TimeLimitPolicy['urgencyOverrides'];

export type PublishTimeLimitPolicy = {
  type: 'PublishTimeLimitPolicy';
  at: Instant;
  categories: readonly CaseCategory[];
  signForWorkingDays: number;
  /** Keyed by urgency (`normal`, `urgent`, `emergency`); each may set either limit or both. */
  urgencyOverrides: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Open cases (filed, accepted, in progress) per category code, as the application counted them
   * when the admin published: a category any of them uses cannot be dropped. The decider sees only
   * this stream, so the application looks them up, as it looks up units for a case's commands.
   */
  openCasesByCategory: Readonly<Record<string, number>>;
};

/** The whole policy; `revision`: the n-th publication (the policy's version is `time-limits@<revision>`). */
export type TimeLimitPolicyPublished = Publication<
  'TimeLimitPolicyPublished',
  { categories: CaseCategory[]; signForWorkingDays: number; urgencyOverrides: UrgencyOverrides }
>;

export type TimeLimitPublicationCommand = PublishTimeLimitPolicy;
export type TimeLimitPublicationEvent = TimeLimitPolicyPublished;

/** The latest publication (current null = none, the default policy is in force). */
export type TimeLimitPublicationState = LatestPublication<TimeLimitPolicyPublished['data']>;

export const TIME_LIMIT_EVENT_SCHEMA_VERSIONS: Readonly<Record<TimeLimitPublicationEvent['type'], number>> = {
  TimeLimitPolicyPublished: 1,
};

export const timeLimitsVersion = (revision: number): string => `time-limits@${revision}`;

/** The publication of the time limits as a decider: stream `config-time-limits`. */
export const timeLimitPublicationDecider: StreamDeciderShape<
  TimeLimitPublicationCommand,
  TimeLimitPublicationEvent,
  TimeLimitPublicationState
> = latestPublicationDecider(decidePublishTimeLimitPolicy, TIME_LIMIT_EVENT_SCHEMA_VERSIONS);

const OVERRIDE_FIELDS = ['signForWorkingDays', 'handlingWorkingDays'] as const;

function decidePublishTimeLimitPolicy(
  command: PublishTimeLimitPolicy,
  state: TimeLimitPublicationState,
): Decision<TimeLimitPublicationEvent> {
  if (command.categories.length === 0) {
    return new DomainError(TimeLimitPublicationErrors.CATEGORIES_EMPTY, 'A time-limit policy needs at least one category');
  }
  const codes = new Set<string>();
  const categories: CaseCategory[] = [];
  // The categories are a list: a rule a category breaks names it by its index in the list sent
  // (`categories[3].code`), as a 400 names a field of it and as the admin's form lays its rows out.
  for (const [index, category] of command.categories.entries()) {
    const { code, label, handlingWorkingDays } = category;
    const at = `categories[${index}]`;
    if (typeof code !== 'string' || !CATEGORY_CODE_PATTERN.test(code)) {
      return new DomainError(
        TimeLimitPublicationErrors.INVALID_CATEGORY_CODE,
        `Category code "${String(code)}" must be 2–41 lower-case letters, digits or _, starting with a letter`,
        { categoryCode: code, field: `${at}.code` },
      );
    }
    if (codes.has(code)) {
      return new DomainError(TimeLimitPublicationErrors.DUPLICATE_CATEGORY_CODE, `Category code "${code}" appears twice`, {
        categoryCode: code,
        field: `${at}.code`,
      });
    }
    codes.add(code);
    if (!hasVisibleCharacter(label)) {
      return new DomainError(TimeLimitPublicationErrors.CATEGORY_LABEL_MISSING, `Category "${code}" needs a label`, {
        categoryCode: code,
        field: `${at}.label`,
      });
    }
    const invalid = checkWorkingDays(handlingWorkingDays, `${at}.handlingWorkingDays`);
    if (invalid) return invalid;
    categories.push({ code, label: label.trim(), handlingWorkingDays });
  }

  const invalidSignFor = checkWorkingDays(command.signForWorkingDays, 'signForWorkingDays');
  if (invalidSignFor) return invalidSignFor;

  const urgencyOverrides: Partial<Record<Urgency, { signForWorkingDays?: number; handlingWorkingDays?: number }>> = {};
  for (const [urgency, override] of Object.entries(command.urgencyOverrides)) {
    if (!(URGENCIES as readonly string[]).includes(urgency)) {
      return new DomainError(
        TimeLimitPublicationErrors.UNKNOWN_URGENCY,
        `"${urgency}" is not an urgency (known: ${URGENCIES.join(', ')})`,
        { urgency, known: [...URGENCIES], field: `urgencyOverrides.${urgency}` },
      );
    }
    if (typeof override !== 'object' || override === null || Array.isArray(override)) {
      return new DomainError(TimeLimitPublicationErrors.INVALID_URGENCY_OVERRIDE, `The override for "${urgency}" must be an object`, {
        urgency,
        field: `urgencyOverrides.${urgency}`,
      });
    }
    const unknownField = Object.keys(override).find((field) => !(OVERRIDE_FIELDS as readonly string[]).includes(field));
    if (unknownField) {
      return new DomainError(
        TimeLimitPublicationErrors.INVALID_URGENCY_OVERRIDE,
        `The override for "${urgency}" may only set ${OVERRIDE_FIELDS.join(' and ')}, not "${unknownField}"`,
        { urgency, field: `urgencyOverrides.${urgency}.${unknownField}` },
      );
    }
    const clean: { signForWorkingDays?: number; handlingWorkingDays?: number } = {};
    for (const field of OVERRIDE_FIELDS) {
      if (override[field] === undefined) continue;
      const invalid = checkWorkingDays(override[field], `urgencyOverrides.${urgency}.${field}`);
      if (invalid) return invalid;
      clean[field] = override[field] as number;
    }
    urgencyOverrides[urgency as Urgency] = clean;
  }

  // The policy replaces the one before whole; the same policy again (a retried PUT) records nothing.
  const decision = publish(
    'TimeLimitPolicyPublished',
    { categories, signForWorkingDays: command.signForWorkingDays, urgencyOverrides },
    state,
  );
  return decision.length === 0 ? decision : (droppedInUse(codes, command.openCasesByCategory) ?? decision);
}

/**
 * A category an open case uses must stay: every later count on that case (dispatch, transfer,
 * extension, reopening) looks its time limit up and would be refused with UNKNOWN_CATEGORY, leaving
 * the case stuck. Renaming a label or changing its limit is fine; due dates already recorded stand.
 */
function droppedInUse(kept: ReadonlySet<string>, openCasesByCategory: Readonly<Record<string, number>>): DomainError | null {
  const dropped = Object.entries(openCasesByCategory)
    .filter(([code, count]) => count > 0 && !kept.has(code))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (dropped.length === 0) return null;
  const openCases = dropped.reduce((sum, [, count]) => sum + count, 0);
  return new DomainError(
    TimeLimitPublicationErrors.CATEGORY_IN_USE,
    `Open cases still use ${dropped.map(([code, count]) => `${code} (${count})`).join(', ')}: keep the categories until those cases are closed`,
    { categories: dropped.map(([code]) => code), openCases, openCasesByCategory: Object.fromEntries(dropped) },
  );
}

/**
 * A limit is a whole number of working days from 0 to MAX_TIME_LIMIT_WORKING_DAYS. A value that is no
 * number at all (`"5"`, text) is told so: "from 0 to 60, got 5" would blame a value in range.
 */
function checkWorkingDays(value: unknown, field: string): DomainError | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TIME_LIMIT_WORKING_DAYS) return null;
  const message =
    typeof value === 'number'
      ? `${field} must be a whole number of working days from 0 to ${MAX_TIME_LIMIT_WORKING_DAYS}, got ${String(value)}`
      : `${field} must be a whole number of working days (a number, not ${typeof value === 'string' ? `text: "${value}"` : (JSON.stringify(value) ?? String(value))})`;
  return new DomainError(TimeLimitPublicationErrors.INVALID_TIME_LIMIT, message, { field, value });
}

/** A publication as the policy it puts in force. */
export function policyOf(published: TimeLimitPolicyPublished['data']): TimeLimitPolicy {
  return {
    version: timeLimitsVersion(published.revision),
    categories: published.categories,
    signForWorkingDays: published.signForWorkingDays,
    urgencyOverrides: published.urgencyOverrides,
  };
}

/** The policy in force: the latest publication, or DEFAULT_TIME_LIMIT_POLICY when there is none. */
export function policyFrom(published: Iterable<TimeLimitPolicyPublished>): TimeLimitPolicy {
  let latest: TimeLimitPolicyPublished | undefined;
  for (const event of published) latest = event;
  return latest ? policyOf(latest.data) : DEFAULT_TIME_LIMIT_POLICY;
}
