import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../calendar/calendar-publication';
import { isCalendarDate } from '../calendar/instant';
import { DomainError } from '../shared/domain-error';
import { CampaignErrors as E } from './campaign.errors';
import { CAMPAIGN_PHASES, type CampaignPhase } from './campaign.model';

/**
 * The stages of a campaign as opened or amended, checked: real dates from 2000 to 2100 (a stage's
 * end in 9999 is a slip, not a plan), each stage ending no earlier
 * than it starts, each stage once, and no stage starting before the one practice runs before it
 * (they may overlap: rectification starts while the consultations go on, 边评边改). Any stage may be
 * left out (an inspection has no self-inspection stage). The field at fault is named.
 */
export function checkPhases(phases: readonly CampaignPhase[]): DomainError | null {
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
