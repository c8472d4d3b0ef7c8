import { readQuery } from '../../query/query-params';
import { defaultPeriod, latestEnd, PERIOD_PARAMS, unfitPeriod } from './period';

describe('领导看板’s period in the address', () => {
  const TODAY = '2026-12-07';
  const read = (query: Record<string, string>) => readQuery(query, PERIOD_PARAMS, { together: unfitPeriod(TODAY) });

  it('ends three years after it starts at the latest, both days included, as the API counts it', () => {
    expect(latestEnd('2024-01-01')).toBe('2026-12-31');
    expect(latestEnd('2023-12-08')).toBe('2026-12-07');
    // 29 February: three years on there is none, so 1 March less a day.
    expect(latestEnd('2024-02-29')).toBe('2027-02-28');
    expect(defaultPeriod(TODAY)).toEqual(['2025-01-01', TODAY]);
  });

  it('resets a period longer than three years to the default, saying the rule and the latest end for that start', () => {
    expect(read({ from: '1999-01-01', to: '2026-12-07' })).toEqual({
      values: {},
      dropped: ['from', 'to'],
      note: '统计期间最长三年（自1999年1月1日起最晚至2001年12月31日），已恢复默认期间',
    });
    // A start alone ends today; three years and a day is too long, three years is not.
    expect(read({ from: '2023-12-07' }).dropped).toEqual(['from', 'to']);
    expect(read({ from: '2023-12-08' })).toEqual({ values: { from: '2023-12-08' }, dropped: [], note: '' });
    expect(read({ from: '2024-01-01', to: '2026-12-31' }).dropped).toEqual([]);
    expect(read({ from: '2024-01-01', to: '2027-01-01' }).dropped).toEqual(['from', 'to']);
  });

  it('resets a period ending before it starts as any value it cannot use; an end alone starts on the default’s first day', () => {
    expect(read({ from: '2026-12-31', to: '2026-01-01' })).toEqual({
      values: {},
      dropped: ['from', 'to'],
      note: '筛选条件“统计期间”的值无效，已恢复默认',
    });
    expect(read({ from: '2099-01-01' }).dropped).toEqual(['from', 'to']);
    expect(read({ to: '2024-06-30' }).dropped).toEqual(['from', 'to']);
    expect(read({ to: '2026-06-30' })).toEqual({ values: { to: '2026-06-30' }, dropped: [], note: '' });
    expect(read({})).toEqual({ values: {}, dropped: [], note: '' });
    expect(read({ from: 'abc' }).note).toBe('筛选条件“统计期间”的值无效，已恢复默认');
  });
});
