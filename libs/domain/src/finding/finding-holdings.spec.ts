import type { FindingEvent } from './finding.events';
import { findingAsksOf } from './finding-holdings';
import {
  completionReported,
  CONSTRUCTION,
  MEASURES,
  measureRejected,
  measuresPlanned,
  measureVerified,
  plannedFinding,
  raisedFinding,
  TAX,
  verifiedFinding,
} from './finding.fixtures';
import { findingDecider } from './finding.decider';

const fold = (events: FindingEvent[]) => events.reduce(findingDecider.evolve, findingDecider.initialState());
const rechecked = (measureId: string): FindingEvent => ({
  type: 'MeasureRecheckConfirmed',
  data: { measureId, note: null, recheckedAt: '2026-12-10T10:00:00+08:00' },
});
const withdrawn: FindingEvent = { type: 'FindingWithdrawn', data: { reason: '重复登记', withdrawnAt: '2026-10-22T09:00:00+08:00' } };

describe('what a finding still asks of a unit (a unit it asks something of is not retired)', () => {
  it('a finding raised against the unit, no measure planned yet: the unit owes its plan', () => {
    expect(findingAsksOf(fold(raisedFinding), CONSTRUCTION)).toBe(true);
  });

  it('measures planned, owed, reported, rejected, or verified and awaiting the 回头看: each is still the unit’s', () => {
    expect(findingAsksOf(fold(plannedFinding), CONSTRUCTION)).toBe(true);
    expect(findingAsksOf(fold([...plannedFinding, completionReported('M1')]), CONSTRUCTION)).toBe(true);
    expect(findingAsksOf(fold([...plannedFinding, completionReported('M1'), measureRejected('M1')]), CONSTRUCTION)).toBe(true);
    const bothVerified = [...verifiedFinding, completionReported('M2'), measureVerified('M2')];
    expect(findingAsksOf(fold(bothVerified), CONSTRUCTION)).toBe(true);
  });

  it('every measure re-checked as held: nothing more is asked', () => {
    const done = [...verifiedFinding, completionReported('M2'), measureVerified('M2'), rechecked('M1'), rechecked('M2')];
    expect(findingAsksOf(fold(done), CONSTRUCTION)).toBe(false);
    expect(findingAsksOf(fold(done.slice(0, -1)), CONSTRUCTION)).toBe(true);
  });

  it('a withdrawn finding asks nothing', () => {
    expect(findingAsksOf(fold([...plannedFinding, withdrawn]), CONSTRUCTION)).toBe(false);
  });

  it('a unit named responsible for one measure of another unit’s finding answers for that measure only', () => {
    const shared = [...raisedFinding, measuresPlanned([MEASURES[0], { ...MEASURES[1], responsibleUnitId: TAX }])];
    expect(findingAsksOf(fold(shared), TAX)).toBe(true);
    expect(findingAsksOf(fold([...shared, completionReported('M2'), measureVerified('M2'), rechecked('M2')]), TAX)).toBe(false);
    // The unit the finding is against answers for every measure of it, the other unit's included.
    expect(findingAsksOf(fold([...shared, completionReported('M1'), measureVerified('M1'), rechecked('M1')]), CONSTRUCTION)).toBe(true);
  });

  it('a finding that names the unit nowhere asks nothing of it', () => {
    expect(findingAsksOf(fold(plannedFinding), TAX)).toBe(false);
  });
});
