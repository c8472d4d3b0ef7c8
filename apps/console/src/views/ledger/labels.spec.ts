import { measureActions } from './labels';

const measure = (status: string, responsibleUnitId = 'dept-housing') => ({ status, responsibleUnitId });
const staff = (role: string) => ({ role, unitId: null });

describe('measureActions', () => {
  const housing = { role: 'unit', unitId: 'dept-housing' };

  it('lets the unit report on work still owed on its own measures, and nothing else', () => {
    for (const status of ['planned', 'in_progress', 'rejected', 'reopened'])
      expect(measureActions(housing, measure(status))).toEqual(['progress', 'completion']);
    for (const status of ['reported', 'verified', 'rechecked']) expect(measureActions(housing, measure(status))).toEqual([]);
  });

  it("offers a unit nothing on another unit's measure of the same finding", () => {
    expect(measureActions(housing, measure('planned', 'dept-market'))).toEqual([]);
    expect(measureActions({ role: 'unit', unitId: null }, measure('planned'))).toEqual([]);
  });

  it('lets intake and discipline accept or return a report and re-check what was verified, whoever holds the measure', () => {
    for (const role of ['intake', 'discipline']) {
      expect(measureActions(staff(role), measure('reported', 'dept-market'))).toEqual(['verify', 'reject']);
      expect(measureActions(staff(role), measure('verified'))).toEqual(['recheck']);
      expect(measureActions(staff(role), measure('planned'))).toEqual([]);
    }
  });

  it('gives leaders and the admin no measure acts', () => {
    expect(measureActions(staff('dashboard'), measure('reported'))).toEqual([]);
    expect(measureActions(staff('admin'), measure('verified'))).toEqual([]);
  });
});
