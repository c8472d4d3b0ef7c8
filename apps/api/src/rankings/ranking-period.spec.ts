import { periodNotBegun } from '@app/domain';
import { PERIOD_PATTERN, periodOf } from './ranking-period';

describe('a ranking period (`2026-11` or `2026`)', () => {
  it('is well formed for any year from 2000, 2100 and beyond included: whether it has begun is a rule, not a shape', () => {
    for (const label of ['2000', '2026-11', '2099-12', '2100-01', '2100', '9999-12'])
      expect([label, PERIOD_PATTERN.test(label)]).toEqual([label, true]);
    for (const label of ['1999', '1999-12', '26-11', '2026-13', '2026-00', '2026-1', '10000', '2026-11-01']) {
      expect([label, PERIOD_PATTERN.test(label)]).toEqual([label, false]);
    }
  });

  it('names its Beijing dates, December of the last four-digit year included', () => {
    expect(periodOf('2100-01')).toEqual({ kind: 'month', label: '2100-01', from: '2100-01-01', to: '2100-01-31' });
    expect(periodOf('2028-02')).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodOf('9999-12')).toMatchObject({ from: '9999-12-01', to: '9999-12-31' });
    expect(periodOf('2100')).toMatchObject({ kind: 'year', from: '2100-01-01', to: '2100-12-31' });
  });

  it('has not begun until its first Beijing day: RANKING_PERIOD_NOT_BEGUN naming `period`', () => {
    const at = '2026-11-30T16:00:00.000Z'; // 1 December 00:00 in Beijing
    expect(periodNotBegun(periodOf('2026-12'), at)).toBeNull();
    expect(periodNotBegun(periodOf('2026'), at)).toBeNull();
    for (const label of ['2027-01', '2100-01', '9999']) {
      expect(periodNotBegun(periodOf(label), at)).toMatchObject({ code: 'RANKING_PERIOD_NOT_BEGUN', details: { field: 'period' } });
    }
    expect(periodNotBegun(periodOf('2026-12'), '2026-11-30T15:59:59.999Z')).toMatchObject({ code: 'RANKING_PERIOD_NOT_BEGUN' });
  });
});
