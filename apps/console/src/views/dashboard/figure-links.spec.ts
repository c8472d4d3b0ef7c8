import { caseListFilters, listQuery, nextDay, parseListQuery, topAndBottom, type RankedUnit } from './figure-links';

describe('the cases behind a dashboard figure', () => {
  it('the received figure is the cases received from the first Beijing midnight to the one after the last day', () => {
    expect(caseListFilters('received', { from: '2025-01-01', to: '2025-12-31' })).toEqual({
      receivedFrom: '2025-01-01T00:00:00+08:00',
      receivedTo: '2026-01-01T00:00:00+08:00',
    });
  });

  it('closed adds the status; a unit row is the unit it leads, a category row its category', () => {
    expect(caseListFilters('closed', { from: '2025-02-01', to: '2025-02-28', leadUnitId: 'dept-market', category: 'enquiry' })).toEqual({
      receivedFrom: '2025-02-01T00:00:00+08:00',
      receivedTo: '2025-03-01T00:00:00+08:00',
      leadUnitId: 'dept-market',
      category: 'enquiry',
      status: 'closed',
    });
  });

  it('the next day crosses months, years and 29 February', () => {
    expect([nextDay('2024-02-28'), nextDay('2024-02-29'), nextDay('2025-02-28'), nextDay('2025-12-31')]).toEqual([
      '2024-02-29',
      '2024-03-01',
      '2025-03-01',
      '2026-01-01',
    ]);
  });

  it('the list query round-trips, and a query without a figure or a valid period is none', () => {
    const scope = { from: '2025-01-01', to: '2025-06-30', category: 'enquiry' };
    expect(parseListQuery(listQuery('closed', scope))).toEqual({ figure: 'closed', scope });
    expect(parseListQuery({ figure: 'overdue', from: '2025-01-01', to: '2025-01-31' })).toBeNull();
    expect(parseListQuery({ figure: 'received', from: '2025-13-01', to: '2025-01-31' })).toBeNull();
    expect(parseListQuery({ figure: 'received', from: '2025-01-01' })).toBeNull();
  });
});

describe('top and bottom units', () => {
  const unit = (key: string, numerator: number, denominator: number): RankedUnit => ({
    key,
    label: key,
    received: denominator,
    rate: { numerator, denominator, value: denominator === 0 ? null : numerator / denominator },
  });

  it('ranks by the rate, more cases judged first on a tie, and leaves out units with nothing due', () => {
    const units = [unit('a', 1, 2), unit('b', 3, 3), unit('c', 0, 0), unit('d', 2, 2), unit('e', 0, 4), unit('f', 1, 4)];
    const { top, bottom } = topAndBottom(units, 2);
    expect(top.map((u) => u.key)).toEqual(['b', 'd']);
    expect(bottom.map((u) => u.key)).toEqual(['e', 'f']);
  });

  it('with few units, none is both best and worst', () => {
    const { top, bottom } = topAndBottom([unit('a', 1, 2), unit('b', 2, 2), unit('c', 0, 1)], 2);
    expect(top.map((u) => u.key)).toEqual(['b', 'a']);
    expect(bottom.map((u) => u.key)).toEqual(['c']);
  });
});
