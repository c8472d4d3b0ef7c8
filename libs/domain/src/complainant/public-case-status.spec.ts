import {
  caseClosed,
  caseReopened,
  closedCase,
  complaintAccepted,
  complaintFiled,
  complaintRejected,
  dispatchedCase,
  handlingReported,
  RECEIVED_AT,
  unitNotified,
} from '../case/case.fixtures';
import type { CaseEvent } from '../case/case.events';
import { publicCaseStatus } from './public-case-status';

/** Each event dated a day after the one before, from 2026-09-24. */
const dated = (events: readonly CaseEvent[]) =>
  events.map((event, i) => ({ event, occurredAt: new Date(Date.UTC(2026, 8, 24 + i)).toISOString() }));

describe('the status a query code shows', () => {
  it('is nothing for a case without events', () => {
    expect(publicCaseStatus([])).toBeNull();
  });

  it('follows the case: received, accepted, in progress', () => {
    expect(publicCaseStatus(dated([complaintFiled()]))).toEqual({
      status: 'received',
      receivedAt: RECEIVED_AT,
      acceptedAt: null,
      concludedAt: null,
      answer: null,
    });
    expect(publicCaseStatus(dated([complaintFiled(), complaintAccepted()]))).toMatchObject({
      status: 'accepted',
      acceptedAt: '2026-09-25T00:00:00.000Z',
    });
    expect(publicCaseStatus(dated(dispatchedCase))).toMatchObject({ status: 'in_progress', answer: null });
  });

  it('answers with the reason when the complaint is not accepted', () => {
    expect(publicCaseStatus(dated([complaintFiled(), complaintRejected('不属于本中心受理范围')]))).toMatchObject({
      status: 'rejected',
      concludedAt: '2026-09-25T00:00:00.000Z',
      answer: '不属于本中心受理范围',
    });
  });

  it('answers with the lead unit’s result once closed, and names no unit, official or note', () => {
    const view = publicCaseStatus(dated(closedCase))!;
    expect(view).toMatchObject({ status: 'closed', answer: handlingReported().data.result });
    const shown = JSON.stringify(view);
    for (const internal of ['dept-', '局长', 'M1', '整改']) expect(shown).not.toContain(internal);
  });

  it('is in progress again, with no answer, once a look-back review (回头看) reopens the closed case', () => {
    const events = [...closedCase, caseReopened({ round: 2, lookBack: true })];
    expect(publicCaseStatus(dated(events))).toMatchObject({ status: 'in_progress', concludedAt: null, answer: null });
  });

  it('after a reopening, answers with the result of the last round', () => {
    const events = [
      ...dispatchedCase,
      handlingReported(),
      caseReopened(),
      unitNotified('dept-housing', { role: 'co' }),
      handlingReported(undefined, { result: '重新核查后已为企业办结' }),
      caseClosed(),
    ];
    expect(publicCaseStatus(dated(events))).toMatchObject({ status: 'closed', answer: '重新核查后已为企业办结' });
  });
});
