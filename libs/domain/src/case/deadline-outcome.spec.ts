import type { CaseEvent } from './case.events';
import {
  caseClosed,
  caseReopened,
  caseTransferred,
  dispatchDisputed,
  dispatchedCase,
  extensionGranted,
  HANDLING_DUE,
  handlingReported,
  HOUSING,
  interimReport,
  MARKET,
  REPORTED_AT,
  WINDOW,
} from './case.fixtures';
import { actMeets, deadlineOutcome, lateFrom, missedFrom, roundsMissedFrom, roundsOutcome } from './deadline-outcome';
import { handlingRoundsAfter, type HandlingRound } from './handling-rounds';

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

describe('from when a deadline counts as missed (what read models store to answer "as of")', () => {
  it('never, when its act met it; from the end of the due day in Beijing otherwise', () => {
    expect(missedFrom({ due: '2026-10-15', doneAt: LAST_SECOND_OF_DUE_DAY })).toBeNull();
    expect(missedFrom({ due: '2026-10-15', doneAt: '2026-10-20T02:00:00Z' })?.toISOString()).toBe(FIRST_INSTANT_AFTER);
    expect(missedFrom({ due: '2026-10-15', doneAt: null })?.toISOString()).toBe(FIRST_INSTANT_AFTER);
    expect(
      roundsMissedFrom([
        { due: '2026-11-20', doneAt: null },
        { due: '2026-10-15', doneAt: '2026-10-20T02:00:00Z' },
      ])?.toISOString(),
    ).toBe(FIRST_INSTANT_AFTER);
    expect(roundsMissedFrom([{ due: '2026-10-15', doneAt: '2026-10-14T02:00:00Z' }])).toBeNull();
  });

  it('agrees with the outcome at any instant after the act', () => {
    // Every pairing of due dates, acts (none, or around midnight in Beijing) and instants asked.
    const hours = [-9, -8, -1, 0, 1, 15, 16, 17, 40];
    const instantsAround = (day: string) => hours.map((h) => new Date(Date.parse(`${day}T00:00:00Z`) + h * 3_600_000).toISOString());
    for (const due of ['2026-10-14', '2026-10-15', '2026-10-16']) {
      for (const doneAt of [null, ...instantsAround('2026-10-15')]) {
        for (const asked of [...instantsAround('2026-10-14'), ...instantsAround('2026-10-16')]) {
          const asOf = doneAt !== null && asked < doneAt ? doneAt : asked;
          const from = missedFrom({ due, doneAt });
          expect(from !== null && from.getTime() <= Date.parse(asOf)).toBe(deadlineOutcome({ due, doneAt }, asOf) === 'missed');
        }
      }
    }
  });
});

describe('the lead unit’s handling deadline of each round, as the events record it', () => {
  const after = (events: CaseEvent[]) =>
    events.reduce<HandlingRound[]>((rounds, event, i) => handlingRoundsAfter(rounds, event, '2026-09-30T02:00:00Z', i + 1), []);
  const round = (r: Partial<HandlingRound>): HandlingRound => ({
    round: 1,
    unitId: MARKET,
    due: HANDLING_DUE,
    dueBy: 3,
    doneAt: null,
    doneBy: null,
    ...r,
  });

  it('given the lead notified, when it is granted an extension and reports completely, then the round is due later and done at the report', () => {
    expect(after([...dispatchedCase, extensionGranted(), handlingReported()])).toEqual([
      round({ due: '2026-10-22', dueBy: 4, doneAt: REPORTED_AT, doneBy: 5 }),
    ]);
  });

  it('an interim report, a co-handling unit’s report or a second complete report change nothing', () => {
    const rounds = after([
      ...dispatchedCase,
      interimReport(),
      handlingReported(WINDOW),
      handlingReported(),
      handlingReported(MARKET, { reportedAt: '2026-12-01T00:00:00Z' }),
    ]);
    expect(rounds).toEqual([round({ doneAt: REPORTED_AT, doneBy: 6 })]);
  });

  it('a transfer replaces the open deadline with the new lead’s; a dispute by the lead withdraws it', () => {
    expect(after([...dispatchedCase, caseTransferred()])).toEqual([round({ unitId: HOUSING, due: '2026-10-19', dueBy: 4 })]);
    expect(after([...dispatchedCase, dispatchDisputed()])).toEqual([]);
  });

  it('a reopening starts a new round and leaves the earlier ones as they were, a late one late', () => {
    const late = handlingReported(MARKET, { reportedAt: '2026-10-20T10:00:00+08:00' });
    const rounds = after([...dispatchedCase, late, caseClosed(), caseReopened()]);
    expect(rounds).toEqual([round({ doneAt: '2026-10-20T10:00:00+08:00', doneBy: 4 }), round({ round: 2, due: '2026-11-03', dueBy: 6 })]);
    expect(roundsOutcome(rounds, '2026-10-25T00:00:00Z')).toBe('missed');
  });
});
