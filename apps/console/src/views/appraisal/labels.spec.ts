import { formatPoints, groupByKind, lastYear, yearNotBegun } from './labels';

describe('appraisal labels', () => {
  it('groups units by kind, departments first, each by rank with the unranked last', () => {
    const rows = [
      { unitId: 't', kind: 'town' as const, rank: 1, name: '阳逻街道' },
      { unitId: 'b', kind: 'department' as const, rank: 2, name: '乙' },
      { unitId: 'c', kind: 'department' as const, rank: null, name: '丙' },
      { unitId: 'a', kind: 'department' as const, rank: 1, name: '甲' },
    ];
    expect(groupByKind(rows).map((g) => [g.kind, g.rows.map((r) => r.unitId)])).toEqual([
      ['department', ['a', 'b', 'c']],
      ['town', ['t']],
    ]);
  });

  it('writes points with two decimals and nothing as a dash', () => {
    expect(formatPoints(87.5)).toBe('87.50');
    expect(formatPoints(89.995)).toBe('89.995');
    expect(formatPoints(12.345678)).toBe('12.3457');
    expect(formatPoints(null)).toBe('—');
  });

  it('takes last year in Beijing: on 31 December 23:30 in UTC it is already the new year in Beijing', () => {
    expect(lastYear(new Date('2026-12-31T17:00:00Z'))).toBe(2026);
    expect(lastYear(new Date('2026-06-01T00:00:00Z'))).toBe(2025);
  });

  it('offers no year after the current one in Beijing: its appraisal has not begun', () => {
    const june = new Date('2026-06-01T00:00:00Z');
    expect([2025, 2026, 2027].map((y) => yearNotBegun(new Date(y, 0, 1), june))).toEqual([false, false, true]);
    expect(yearNotBegun(new Date(2027, 0, 1), new Date('2026-12-31T17:00:00Z'))).toBe(false); // 1 January 2027 in Beijing
  });
});
