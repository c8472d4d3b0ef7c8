import { DeciderSpecification } from '../shared/decider-specification';
import { replay } from '../shared/decider';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import type { EraseComplainantIdentity } from './case.commands';
import type { ComplainantIdentityErased } from './case.events';
import { closedCase, complaintFiled, dispatchedCase, filedCase, rejectedCase } from './case.fixtures';

const spec = DeciderSpecification.for(caseDecider);
const ERASED_AT = '2031-01-05T10:00:00+08:00';

const erase = (reason: EraseComplainantIdentity['reason'] = 'retention_ended'): EraseComplainantIdentity => ({
  type: 'EraseComplainantIdentity',
  at: ERASED_AT,
  reason,
});
const erased = (reason: EraseComplainantIdentity['reason'] = 'retention_ended'): ComplainantIdentityErased => ({
  type: 'ComplainantIdentityErased',
  data: { reason, erasedAt: ERASED_AT },
});

describe('EraseComplainantIdentity (crypto-shredding)', () => {
  it('records the erasure of a closed case’s complainant once its retention has ended', () => {
    spec.given(closedCase).when(erase()).then([erased()]);
  });

  it('is legal on a rejected case too: it is final', () => {
    spec.given(rejectedCase).when(erase()).then([erased()]);
  });

  it('on a lawful request, erases at any stage', () => {
    spec
      .given(dispatchedCase)
      .when(erase('lawful_request'))
      .then([erased('lawful_request')]);
  });

  it('refuses "retention ended" while the case is still open', () => {
    spec.given(dispatchedCase).when(erase()).thenError(E.RETENTION_NOT_ENDED, { caseStatus: 'in_progress' });
    spec.given(filedCase).when(erase()).thenError(E.RETENTION_NOT_ENDED, { caseStatus: 'filed' });
  });

  it('refuses a case that does not exist, an anonymous complaint, and a second erasure', () => {
    spec.given([]).when(erase('lawful_request')).thenError(E.CASE_NOT_FOUND);
    spec
      .given([complaintFiled({ complainant: { ref: null, anonymous: true } })])
      .when(erase('lawful_request'))
      .thenError(E.COMPLAINANT_ANONYMOUS);
    spec
      .given([...closedCase, erased()])
      .when(erase('lawful_request'))
      .thenError(E.COMPLAINANT_ALREADY_ERASED, { erasedAt: ERASED_AT });
  });

  it('leaves the case as it was, but for when its complainant was erased: the history still replays', () => {
    const before = replay(caseDecider, closedCase);
    const after = replay(caseDecider, [...closedCase, erased()]);
    expect(after).toEqual({ ...before, complainantErasedAt: ERASED_AT });
    expect(before.complainantErasedAt).toBeNull();
  });
});
