import { replay } from '../shared/decider';
import { caseDecider } from '../case/case.decider';
import { CaseErrors } from '../case/case.errors';
import { CASE_ID, closedCase, complaintFiled, dispatchedCase } from '../case/case.fixtures';
import type { CaseEvent } from '../case/case.events';
import { isDomainError } from '../shared/domain-error';
import { decideIdentityRead, decideQueryCodeReissue } from './complainant-access';

const stateOf = (events: readonly CaseEvent[]) => replay(caseDecider, events);
const erased: CaseEvent = { type: 'ComplainantIdentityErased', data: { reason: 'lawful_request', erasedAt: '2027-01-01T00:00:00Z' } };

describe('a read of the complainant’s identity', () => {
  it('is recorded with the case, the purpose and what it may disclose', () => {
    expect(decideIdentityRead(CASE_ID, 'return_visit', stateOf(dispatchedCase))).toEqual({
      type: 'ComplainantIdentityRead',
      data: { caseId: CASE_ID, purpose: 'return_visit', outcome: 'disclosed' },
    });
  });

  it('discloses nothing of an anonymous complaint or of an erased identity, and is still recorded', () => {
    const anonymous = stateOf([complaintFiled({ complainant: { ref: null, anonymous: true } })]);
    expect(decideIdentityRead(CASE_ID, 'verification', anonymous)).toMatchObject({ data: { outcome: 'anonymous' } });
    expect(decideIdentityRead(CASE_ID, 'investigation', stateOf([...closedCase, erased]))).toMatchObject({ data: { outcome: 'erased' } });
  });

  it('of a case that does not exist is CASE_NOT_FOUND', () => {
    const decision = decideIdentityRead(CASE_ID, 'return_visit', stateOf([]));
    expect(isDomainError(decision) && decision.code).toBe(CaseErrors.CASE_NOT_FOUND);
    const reissue = decideQueryCodeReissue(CASE_ID, stateOf([]));
    expect(isDomainError(reissue) && reissue.code).toBe(CaseErrors.CASE_NOT_FOUND);
  });
});
