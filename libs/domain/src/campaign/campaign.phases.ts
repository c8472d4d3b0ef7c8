import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../calendar/calendar-publication';
import { isCalendarDate } from '../calendar/instant';
import { yearOf } from '../calendar/local-date';
import { DomainError } from '../shared/domain-error';
import { CampaignErrors as E } from './campaign.errors';
import { CAMPAIGN_PHASES, type CampaignPhase } from './campaign.model';

/**
 * The stages of a campaign as opened or amended, checked: real dates from 2000 to 2100 (a stage's
 * end in 9999 is a slip, not a plan), inside the campaign's `year` (a 2026 campaign's stage in 2019
 * is a mistyped year, and one running into 2027 belongs to the next campaign), each stage ending no
 * earlier than it starts, each stage once, and no stage starting before the one practice runs before it
 * (they may overlap: rectification starts while the consultations go on, 边评边改). Any stage may be
 * left out (an inspection has no self-inspection stage). The field at fault is named. Stages are a
 * plan: their dates may lie ahead.
 */
export function checkPhases(phases: readonly CampaignPhase[], year: number): DomainError | null {
  const seen = new Set<string>();
  for (const [i, p] of phases.entries()) {
    if (!CAMPAIGN_PHASES.includes(p.phase)) {
      return new DomainError(E.UNKNOWN_PHASE, `"${p.phase}" is not a stage of a campaign`, { field: `phases[${i}].phase` });
    }
    for (const end of ['startsOn', 'endsOn'] as const) {
      if (!isCalendarDate(p[end])) {
        const message = `"${p[end]}" is not a date from ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}`;
        return new DomainError(E.INVALID_DATE, message, { field: `phases[${i}].${end}` });
      }
    }
    for (const end of ['startsOn', 'endsOn'] as const) {
      const outside = requireInCampaignYear(p[end], `phases[${i}].${end}`, year);
      if (outside) return outside;
    }
    if (p.endsOn < p.startsOn) {
      return new DomainError(E.PHASE_DATES_OUT_OF_ORDER, `Stage ${p.phase} ends before it starts`, { field: `phases[${i}].endsOn` });
    }
    if (seen.has(p.phase))
      return new DomainError(E.PHASE_LISTED_TWICE, `Stage ${p.phase} is listed twice`, { field: `phases[${i}].phase` });
    seen.add(p.phase);
  }
  const inPracticeOrder = [...phases].sort((a, b) => CAMPAIGN_PHASES.indexOf(a.phase) - CAMPAIGN_PHASES.indexOf(b.phase));
  for (let i = 1; i < inPracticeOrder.length; i++) {
    const [before, stage] = [inPracticeOrder[i - 1], inPracticeOrder[i]];
    if (stage.startsOn < before.startsOn) {
      return new DomainError(E.PHASES_OUT_OF_ORDER, `Stage ${stage.phase} starts before stage ${before.phase}`, {
        field: `phases[${phases.indexOf(stage)}].startsOn`,
      });
    }
  }
  return null;
}

/** A date (a real one, checked before) in the campaign's year; DATE_OUTSIDE_CAMPAIGN_YEAR naming `field` otherwise. */
export function requireInCampaignYear(date: string, field: string, year: number): DomainError | null {
  return yearOf(date) === year
    ? null
    : new DomainError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, `${date} is not in the campaign's year ${year}`, { field, year });
}

/**
 * Whether two lists of stages are the same: each stage with the same dates, in the same order (the
 * order they are listed in is what the campaign shows). Fields compared by name, so their order in
 * a request or a stored event does not matter.
 */
export function samePhases(a: readonly CampaignPhase[], b: readonly CampaignPhase[]): boolean {
  return a.length === b.length && a.every((p, i) => p.phase === b[i].phase && p.startsOn === b[i].startsOn && p.endsOn === b[i].endsOn);
}
