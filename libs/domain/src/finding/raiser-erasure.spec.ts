import { DeciderSpecification } from '../shared/decider-specification';
import { replay } from '../shared/decider';
import { isDomainError } from '../shared/domain-error';
import type { EraseRaiserIdentity } from './finding.commands';
import { findingDecider } from './finding.decider';
import { FindingErrors as E } from './finding.errors';
import type { FindingEvent, RaiserIdentityErased } from './finding.events';
import { completionReported, findingRaised, measureVerified, plannedFinding } from './finding.fixtures';
import { decideRaiserIdentityRead } from './raiser-access';

const spec = DeciderSpecification.for(findingDecider);
const ERASED_AT = '2031-01-05T10:00:00+08:00';
const MEMBER = { kind: 'member', ref: '0b6f3c1e-5d0a-4f3e-9a51-2f7c8d9e0a11' } as const;

const erase = (reason: EraseRaiserIdentity['reason'] = 'retention_ended'): EraseRaiserIdentity => ({
  type: 'EraseRaiserIdentity',
  at: ERASED_AT,
  reason,
});
const erased = (reason: EraseRaiserIdentity['reason'] = 'retention_ended'): RaiserIdentityErased => ({
  type: 'RaiserIdentityErased',
  data: { reason, erasedAt: ERASED_AT },
});
const raisedByMember: FindingEvent[] = [findingRaised({ raisedBy: MEMBER })];
const withdrawn: FindingEvent = { type: 'FindingWithdrawn', data: { reason: '重复登记', withdrawnAt: '2026-10-22T09:00:00+08:00' } };
const rechecked = (measureId: string): FindingEvent[] => [
  completionReported(measureId),
  measureVerified(measureId),
  { type: 'MeasureRecheckConfirmed', data: { measureId, note: null, recheckedAt: '2026-12-18T10:00:00+08:00' } },
];
/** Both measures done, verified and confirmed at the 回头看: nothing more is owed. */
const finishedByMember: FindingEvent[] = [
  findingRaised({ raisedBy: MEMBER }),
  ...plannedFinding.slice(1),
  ...rechecked('M1'),
  ...rechecked('M2'),
];

describe('EraseRaiserIdentity (crypto-shredding who raised a finding)', () => {
  it('records the erasure of a member who raised a finding once every measure was re-checked as held', () => {
    spec.given(finishedByMember).when(erase()).then([erased()]);
  });

  it('is legal on a withdrawn finding, the one command that is', () => {
    spec
      .given([...raisedByMember, withdrawn])
      .when(erase())
      .then([erased()]);
  });

  it('on a lawful request, erases while the finding is still open', () => {
    spec
      .given(raisedByMember)
      .when(erase('lawful_request'))
      .then([erased('lawful_request')]);
  });

  it('refuses "retention ended" while measures are still owed, or none were planned', () => {
    spec.given(raisedByMember).when(erase()).thenError(E.RETENTION_NOT_ENDED, { findingStatus: 'open' });
    spec
      .given([findingRaised({ raisedBy: MEMBER }), ...plannedFinding.slice(1), ...rechecked('M1')])
      .when(erase())
      .thenError(E.RETENTION_NOT_ENDED);
  });

  it('refuses a finding that does not exist, one raised by an enterprise or an office, and a second erasure', () => {
    spec.given([]).when(erase('lawful_request')).thenError(E.FINDING_NOT_FOUND);
    spec.given([findingRaised()]).when(erase('lawful_request')).thenError(E.RAISER_NOT_A_PERSON);
    spec
      .given([findingRaised({ raisedBy: { kind: 'office', ref: '区营商办' } })])
      .when(erase('lawful_request'))
      .thenError(E.RAISER_NOT_A_PERSON);
    spec
      .given([...raisedByMember, erased('lawful_request')])
      .when(erase('lawful_request'))
      .thenError(E.RAISER_ALREADY_ERASED, { erasedAt: ERASED_AT });
  });

  it('leaves the finding as it was but for when its raiser was erased: its measures go on', () => {
    const before = replay(findingDecider, finishedByMember);
    expect(replay(findingDecider, [...finishedByMember, erased()])).toEqual({ ...before, raiserErasedAt: ERASED_AT });
    spec
      .given([...raisedByMember, erased('lawful_request')])
      .when({ type: 'WithdrawFinding', at: ERASED_AT, reason: '重复登记' })
      .then([{ type: 'FindingWithdrawn', data: { reason: '重复登记', withdrawnAt: ERASED_AT } }]);
  });
});

describe('a read of who raised a finding', () => {
  const stateOf = (events: readonly FindingEvent[]) => replay(findingDecider, events);
  const FINDING = findingRaised().data.findingId;

  it('is recorded with the finding, the purpose and what it may disclose: the person', () => {
    expect(decideRaiserIdentityRead(FINDING, 'verification', stateOf(raisedByMember))).toEqual({
      type: 'RaiserIdentityRead',
      data: { findingId: FINDING, purpose: 'verification', outcome: 'disclosed' },
    });
  });

  it('discloses nothing of an organisation (its name is the reference) or of an erased person, and is still recorded', () => {
    expect(decideRaiserIdentityRead(FINDING, 'supervision', stateOf([findingRaised()]))).toMatchObject({
      data: { outcome: 'organisation' },
    });
    expect(decideRaiserIdentityRead(FINDING, 'investigation', stateOf([...raisedByMember, erased()]))).toMatchObject({
      data: { outcome: 'erased' },
    });
  });

  it('of a finding that does not exist is FINDING_NOT_FOUND', () => {
    const decision = decideRaiserIdentityRead(FINDING, 'verification', stateOf([]));
    expect(isDomainError(decision) && decision.code).toBe(E.FINDING_NOT_FOUND);
  });
});
