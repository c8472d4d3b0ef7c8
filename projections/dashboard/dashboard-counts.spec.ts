import { caseContribution, countedBits, dispatchContribution, termBits } from './dashboard-counts';
import { DASHBOARD_COUNTERS, figureTerm, type DashboardCounter } from './dashboard-figures';
import type { FactRow } from './fact-row';

/** The bits of the counters named. */
const bitsOf = (...counters: DashboardCounter[]) => counters.reduce((bits, c) => bits | (1 << DASHBOARD_COUNTERS.indexOf(c)), 0);

/**
 * The counted bits a figure's list filters on (figure-rows.ts): a row a figure counts must move one
 * of the counters its term reads, or the list would skip it and fall short of the summary's figure.
 */
describe('counted bits', () => {
  const closedCase: FactRow = {
    status: 'closed',
    accepted_on: '2026-11-02',
    lead_unit_id: 'dept-market',
    last_visit: 'satisfied',
    reopen_count: 0,
    handled_on: '2026-11-05',
    open_late_from: null,
    handling_missed_from: '2026-11-05T16:00:00.000Z',
  };

  it('a case row moves the counters of what it is: received, accepted, closed, visited and satisfied, handled, missable', () => {
    expect(countedBits(caseContribution(closedCase))).toBe(
      bitsOf('received', 'accepted', 'closed', 'satisfied', 'visited', 'handled', 'closed_missable'),
    );
  });

  it('a dispatch row not signed for moves only what may lapse', () => {
    const unsigned: FactRow = {
      unit_id: 'dept-market',
      acknowledged_on: null,
      signed_in_time: null,
      ended_on: null,
      sign_for_due: '2026-11-03',
    };
    expect(countedBits(dispatchContribution({ ...unsigned, sign_for_late_from: '2026-11-03T16:00:00.000Z' }))).toBe(
      bitsOf('sign_for_lapsable'),
    );
  });

  it('a figure reads the counters of its term: on-time completion, numerator and denominator', () => {
    expect(termBits(figureTerm('received', null).term)).toBe(bitsOf('received'));
    expect(termBits(figureTerm('onTimeCompletionRate', 'numerator').term)).toBe(bitsOf('closed', 'closed_missable'));
    expect(termBits(figureTerm('onTimeCompletionRate', 'denominator').term)).toBe(bitsOf('closed', 'open_missable'));
    expect(termBits(figureTerm('overdueNow', null).term)).toBe(bitsOf('overdue_open'));
  });

  it('a term with a constant cannot be filtered by its counters, and says so', () => {
    expect(() => termBits((n) => 1 - n('closed'))).toThrow(/constant/);
  });
});
