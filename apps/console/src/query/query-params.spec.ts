import { integerIn, isLocalDate, oneOf, readQuery, reversedPeriod, withoutDropped } from './query-params';

describe('a view’s query parameters and the values it can use', () => {
  const LIST = {
    status: { label: '状态', accepts: oneOf({ filed: '已登记', closed: '已办结' }) },
    urgency: { label: '紧急程度', accepts: oneOf({ normal: '一般' }) },
    receivedFrom: { label: '受理日期', accepts: isLocalDate },
    q: { label: '关键词' },
  };

  it('keeps the usable values and drops, with a note naming the filter, those the view cannot use', () => {
    expect(readQuery({ status: 'closed', q: ' 许可 ' }, LIST)).toEqual({ values: { status: 'closed', q: '许可' }, dropped: [], note: '' });
    expect(readQuery({ status: 'bogus', urgency: 'xx', q: '许可' }, LIST)).toEqual({
      values: { q: '许可' },
      dropped: ['status', 'urgency'],
      note: '筛选条件“状态”“紧急程度”的值无效，已恢复默认',
    });
    expect(readQuery({ receivedFrom: '2026-13-45' }, LIST).note).toBe('筛选条件“受理日期”的值无效，已恢复默认');
  });

  it('in a strict view, drops the names it does not know too, saying so', () => {
    expect(readQuery({ from: '2026-13-45', status: 'closed' }, LIST, { strict: true })).toEqual({
      values: { status: 'closed' },
      dropped: ['from'],
      note: '网址中的参数“from”无法识别，已忽略',
    });
    expect(readQuery({ from: 'x' }, LIST).dropped).toEqual([]);
  });

  it('drops both ends of a period that ends before it starts', () => {
    const PERIOD = { from: { label: '统计期间', accepts: isLocalDate }, to: { label: '统计期间', accepts: isLocalDate } };
    const together = reversedPeriod<'from' | 'to'>('from', 'to');
    expect(readQuery({ from: '2026-12-31', to: '2026-01-01' }, PERIOD, { together })).toEqual({
      values: {},
      dropped: ['from', 'to'],
      note: '筛选条件“统计期间”的值无效，已恢复默认',
    });
    expect(readQuery({ from: '2026-01-01', to: '2026-12-31' }, PERIOD, { together }).dropped).toEqual([]);
  });

  it('with an end by default (the dashboard: today), a start after it alone is a period ending before it starts', () => {
    const PERIOD = { from: { label: '统计期间', accepts: isLocalDate }, to: { label: '统计期间', accepts: isLocalDate } };
    const together = reversedPeriod<'from' | 'to'>('from', 'to', '2026-12-06');
    expect(readQuery({ from: '2027-01-01' }, PERIOD, { together })).toMatchObject({ values: {}, dropped: ['from', 'to'] });
    expect(readQuery({ from: '2026-12-06' }, PERIOD, { together })).toMatchObject({ values: { from: '2026-12-06' }, dropped: [] });
    // Without one, a start alone is an open period.
    expect(readQuery({ from: '2027-01-01' }, PERIOD, { together: reversedPeriod<'from' | 'to'>('from', 'to') }).dropped).toEqual([]);
  });

  it('says the rule two values break when it gives one, and the others as before', () => {
    const PERIOD = {
      from: { label: '统计期间', accepts: isLocalDate },
      to: { label: '统计期间', accepts: isLocalDate },
      status: { label: '状态', accepts: oneOf({ closed: '已办结' }) },
    };
    const together = () => ({ names: ['from', 'to'] as Array<'from' | 'to'>, note: '统计期间最长三年，已恢复默认期间' });
    expect(readQuery({ from: '1999-01-01', to: '2026-12-07', status: 'bogus', x: '1' }, PERIOD, { together, strict: true })).toEqual({
      values: {},
      dropped: ['status', 'from', 'to', 'x'],
      note: '筛选条件“状态”的值无效，已恢复默认；统计期间最长三年，已恢复默认期间；网址中的参数“x”无法识别，已忽略',
    });
  });

  it('knows a calendar date, a year in range, and removes the dropped names from the query', () => {
    expect(['2026-03-02', '2024-02-29'].map(isLocalDate)).toEqual([true, true]);
    expect(['2026-13-45', '2026-02-29', 'abc', '2026-3-2'].map(isLocalDate)).toEqual([false, false, false, false]);
    expect(['2026', '1999', '20x6'].map(integerIn(2000, 2100))).toEqual([true, false, false]);
    expect(withoutDropped({ status: 'bogus', q: 'a', tab: 'x' }, ['status'])).toEqual({ q: 'a', tab: 'x' });
  });
});
