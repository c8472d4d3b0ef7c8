import { measureActions } from './labels';

describe('measureActions', () => {
  it('lets the unit report on work still owed, and nothing else', () => {
    for (const status of ['planned', 'in_progress', 'rejected', 'reopened'])
      expect(measureActions('unit', status)).toEqual(['progress', 'completion']);
    for (const status of ['reported', 'verified', 'rechecked']) expect(measureActions('unit', status)).toEqual([]);
  });

  it('lets intake and discipline accept or return a report and re-check what was verified', () => {
    for (const role of ['intake', 'discipline']) {
      expect(measureActions(role, 'reported')).toEqual(['verify', 'reject']);
      expect(measureActions(role, 'verified')).toEqual(['recheck']);
      expect(measureActions(role, 'planned')).toEqual([]);
    }
  });

  it('gives leaders and the admin no measure acts', () => {
    expect(measureActions('dashboard', 'reported')).toEqual([]);
    expect(measureActions('admin', 'verified')).toEqual([]);
  });
});
