import { actMeets, deadlineOutcome, lateFrom, roundsOutcome } from './deadline-outcome';

// Beijing is UTC+8: 2026-10-15T15:59:59Z is 23:59:59 on the 15th in Beijing, 16:00Z is midnight of the 16th.
const LAST_SECOND_OF_DUE_DAY = '2026-10-15T15:59:59.999Z';
const FIRST_INSTANT_AFTER = '2026-10-15T16:00:00.000Z';

describe('deadline met or missed, from the recorded due date and the recorded act', () => {
  it('is met by an act on the due day in Beijing, up to its last instant', () => {
    expect(deadlineOutcome({ due: '2026-10-15', doneAt: LAST_SECOND_OF_DUE_DAY }, '2026-12-31T00:00:00Z')).toBe('met');
    expect(actMeets('2026-10-15', '2026-10-14T20:00:00Z')).toBe(true); // 04:00 on the 15th in Beijing
  });

  it('is missed by an act on a later Beijing day, even when it is still the due date in UTC', () => {
    expect(deadlineOutcome({ due: '2026-10-15', doneAt: FIRST_INSTANT_AFTER }, FIRST_INSTANT_AFTER)).toBe('missed');
  });

  it('does not change with the instant it is asked about once the act is recorded', () => {
    for (const asOf of ['2026-10-01T00:00:00Z', FIRST_INSTANT_AFTER, '2030-01-01T00:00:00Z']) {
      expect(deadlineOutcome({ due: '2026-10-15', doneAt: '2026-10-10T02:00:00Z' }, asOf)).toBe('met');
      expect(deadlineOutcome({ due: '2026-10-15', doneAt: '2026-10-20T02:00:00Z' }, asOf)).toBe('missed');
    }
  });

  it('is open without an act until the due day has ended in Beijing, and missed from then on', () => {
    expect(deadlineOutcome({ due: '2026-10-15', doneAt: null }, LAST_SECOND_OF_DUE_DAY)).toBe('open');
    expect(deadlineOutcome({ due: '2026-10-15', doneAt: null }, FIRST_INSTANT_AFTER)).toBe('missed');
    expect(lateFrom('2026-10-15').toISOString()).toBe(FIRST_INSTANT_AFTER);
  });
});

describe('a case handled over several rounds (重办)', () => {
  const asOf = '2026-12-31T00:00:00Z';
  const lateRound = { due: '2026-10-15', doneAt: '2026-10-20T02:00:00Z' };
  const onTimeRound = { due: '2026-11-15', doneAt: '2026-11-10T02:00:00Z' };

  it('stays late when a late round is followed by a reopened round handled on time', () => {
    expect(roundsOutcome([lateRound, onTimeRound], asOf)).toBe('missed');
  });

  it('is on time only when every round was on time', () => {
    expect(roundsOutcome([{ due: '2026-10-15', doneAt: '2026-10-14T02:00:00Z' }, onTimeRound], asOf)).toBe('met');
  });

  it('is open while the last round is open and no round was late', () => {
    expect(roundsOutcome([onTimeRound, { due: '2027-01-10', doneAt: null }], asOf)).toBe('open');
    expect(roundsOutcome([], asOf)).toBe('open');
  });
});
