import { accountabilityFormsRule } from '../case/accountability-forms';
import { requireCalendarInstant } from '../calendar/instant';
import { beijingDateOf, yearOf } from '../calendar/local-date';
import { isListed } from '../rectification/ledger-configuration';
import { findMeasure } from '../rectification/measure.rules';
import type { Decision } from '../shared/decider';
import { DomainError, returningDomainErrors } from '../shared/domain-error';
import { hasVisibleCharacter } from '../shared/visible-text';
import type * as C from './finding.commands';
import { FindingErrors as E } from './finding.errors';
import type { FindingEvent } from './finding.events';
import { decideMeasureCommand } from './finding.measures';
import { raisedByPerson, type FindingState } from './finding.state';

/** Decides what a command does to a finding: the events to record, or the rule it would break. */
export function decideFinding(command: C.FindingCommand, state: FindingState): Decision<FindingEvent> {
  return returningDomainErrors(() => decideUnsafe(command, state));
}

function decideUnsafe(command: C.FindingCommand, state: FindingState): Decision<FindingEvent> {
  if (command.type === 'RaiseFinding') return raise(command, state);
  if (state.status === 'none') return new DomainError(E.FINDING_NOT_FOUND, 'There is no such finding');
  // Erasure is the one command legal on a withdrawn finding: that is when its retention can end.
  if (command.type === 'EraseRaiserIdentity') return eraseRaiser(command, state);
  // A withdrawn finding's deadlines are no longer watched: the scheduler's late question records nothing.
  if (state.status === 'withdrawn') {
    if (command.type === 'MarkMeasureDeadlinePassed') return [];
    // The measure of the path first: one the finding never had is MEASURE_NOT_FOUND (404) whatever the
    // finding's state, as on an open finding; an existing measure of a withdrawn finding, FINDING_WITHDRAWN.
    if ('measureId' in command) {
      const measure = findMeasure(state.measures, command.measureId, 'finding');
      if (measure instanceof DomainError) return measure;
    }
    return new DomainError(E.FINDING_WITHDRAWN, 'The finding was withdrawn');
  }
  if (command.type === 'WithdrawFinding') return withdraw(command, state);
  if (command.type === 'IssueAccountability') return issueAccountability(command, state);
  return decideMeasureCommand(command, state);
}

function raise(c: C.RaiseFinding, state: FindingState): Decision<FindingEvent> {
  if (state.status !== 'none') return new DomainError(E.FINDING_ALREADY_EXISTS, 'The finding already exists');
  // Before comparing: Date.parse gives NaN for what is no instant, and NaN is never "later than now".
  const badRaisedAt = requireCalendarInstant(c.raisedAt, 'raisedAt');
  if (badRaisedAt) return badRaisedAt;
  if (Date.parse(c.raisedAt) > Date.parse(c.at)) {
    return new DomainError(E.RAISED_AT_IN_FUTURE, 'raisedAt is later than now', { field: 'raisedAt' });
  }
  if (!hasVisibleCharacter(c.description)) return new DomainError(E.DESCRIPTION_REQUIRED, 'Describe the problem', { field: 'description' });
  if (!hasVisibleCharacter(c.raisedBy?.ref)) {
    return new DomainError(E.RAISED_BY_REQUIRED, 'Name who raised it, by reference', { field: 'raisedBy.ref' });
  }
  if (!isListed(c.ledger.findingCategories, c.category)) {
    return new DomainError(E.UNKNOWN_FINDING_CATEGORY, `"${c.category}" is not a finding category of ${c.ledger.version}`, {
      field: 'category',
      category: c.category,
    });
  }
  const broken = c.source.kind === 'campaign' ? checkCampaign(c.campaign, c.unitId, c.raisedAt) : null;
  if (broken) return broken;
  const { findingId, source, unitId, category, description, raisedBy, raisedAt } = c;
  return [{ type: 'FindingRaised', data: { findingId, source, unitId, category, description, raisedBy, raisedAt } }];
}

/**
 * A campaign's finding is raised while the campaign runs, against a unit it appraises, on a day of
 * the campaign's year in Beijing (as the campaign's own activities are): one of another year is a
 * mistyped date, or the next campaign's finding, and the summary would count it.
 */
function checkCampaign(campaign: C.RaiseFinding['campaign'], unitId: string, raisedAt: string): DomainError | null {
  if (!campaign?.exists) return new DomainError(E.CAMPAIGN_NOT_FOUND, 'There is no such campaign', { field: 'source.campaignId' });
  if (campaign.closed) return new DomainError(E.CAMPAIGN_CLOSED, 'The campaign is closed', { field: 'source.campaignId' });
  if (!campaign.appraisedUnitIds.includes(unitId)) {
    return new DomainError(E.UNIT_NOT_APPRAISED, `Unit ${unitId} is not appraised in this campaign`, { field: 'unitId', unitId });
  }
  const raisedOn = beijingDateOf(raisedAt);
  if (yearOf(raisedOn) !== campaign.year) {
    return new DomainError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, `${raisedOn} is not in the campaign's year ${campaign.year}`, {
      field: 'raisedAt',
      year: campaign.year,
    });
  }
  return null;
}

/**
 * Raised in error: withdrawn with a reason, unless work on it was ever verified (then it was no
 * error) — also when a 回头看 has reopened that measure since: the problem was real, and is again.
 */
function withdraw(c: C.WithdrawFinding, state: FindingState): Decision<FindingEvent> {
  if (!hasVisibleCharacter(c.reason))
    return new DomainError(E.WITHDRAWAL_REASON_REQUIRED, 'Say why the finding is withdrawn', { field: 'reason' });
  const verified = state.measures.filter((m) => state.everVerified.includes(m.measureId)).map((m) => m.measureId);
  if (verified.length > 0) {
    return new DomainError(E.FINDING_HAS_VERIFIED_MEASURES, `Measures already verified: ${verified.join(', ')}`, { measureIds: verified });
  }
  return [{ type: 'FindingWithdrawn', data: { reason: c.reason, withdrawnAt: c.at } }];
}

/** 问责 on the finding: forms as on a case, against a unit that answers for it. */
function issueAccountability(c: C.IssueFindingAccountability, state: FindingState): Decision<FindingEvent> {
  const forms = accountabilityFormsRule(c.target, c.forms);
  if (forms) return forms;
  const answering = new Set([state.unitId, ...state.measures.map((m) => m.responsibleUnitId)]);
  if (!answering.has(c.target.unitId)) {
    return new DomainError(E.ACCOUNTABILITY_TARGET_NOT_ON_FINDING, `Unit ${c.target.unitId} answers for nothing in this finding`, {
      field: 'target.unitId',
    });
  }
  const { accountabilityId, target, basis } = c;
  return [{ type: 'AccountabilityIssued', data: { accountabilityId, target, forms: [...new Set(c.forms)], basis } }];
}

/**
 * Crypto-shredding of the person who raised the finding (docs/rules.md#who-raised-a-finding), by
 * the complainant's rules: once, of a person only, and for `retention_ended` only once the finding
 * is over — withdrawn, or every measure re-checked (回头看) as held. The finding is unchanged.
 */
function eraseRaiser(c: C.EraseRaiserIdentity, state: FindingState): Decision<FindingEvent> {
  if (!raisedByPerson(state)) return new DomainError(E.RAISER_NOT_A_PERSON, 'An enterprise or an office has no identity to erase');
  if (state.raiserErasedAt !== null) {
    return new DomainError(E.RAISER_ALREADY_ERASED, 'Who raised the finding is already erased', { erasedAt: state.raiserErasedAt });
  }
  if (c.reason === 'retention_ended' && !findingIsOver(state)) {
    return new DomainError(
      E.RETENTION_NOT_ENDED,
      'A retention period ends only once the finding is withdrawn or every measure re-checked',
      {
        findingStatus: state.status,
      },
    );
  }
  return [{ type: 'RaiserIdentityErased', data: { reason: c.reason, erasedAt: c.at } }];
}

/** Nothing more is owed on the finding: withdrawn, or measures planned and every one re-checked as held. */
function findingIsOver(state: FindingState): boolean {
  return state.status === 'withdrawn' || (state.measures.length > 0 && state.measures.every((m) => m.status === 'rechecked'));
}
