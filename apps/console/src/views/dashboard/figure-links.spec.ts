import { figureWords, listQuery, parseListQuery, periodWords, topAndBottom, type RankedUnit } from './figure-links';

describe('the list behind a dashboard figure', () => {
  it("the list query round-trips: a count, a rate's part, with a unit, a kind or a category", () => {
    const period = { from: '2025-01-01', to: '2025-06-30' };
    for (const [link, scope] of [
      [{ figure: 'closed' }, { ...period, category: 'enquiry' }],
      [
        { figure: 'onTimeCompletionRate', part: 'denominator' },
        { ...period, unitId: 'dept-market' },
      ],
      [
        { figure: 'responseRate', part: 'numerator' },
        { ...period, unitKind: 'none' },
      ],
    ] as const)
      expect(parseListQuery(listQuery(link, scope))).toEqual({ link, scope });
    expect(listQuery({ figure: 'reopenRate', part: 'numerator' }, period)).toEqual({ figure: 'reopenRate', part: 'numerator', ...period });
  });

  it('a rate needs its part, a count takes none; an unknown figure, kind or period is no list', () => {
    const period = { from: '2025-01-01', to: '2025-01-31' };
    expect(parseListQuery({ ...period, figure: 'completionRate' })).toBeNull();
    expect(parseListQuery({ ...period, figure: 'completionRate', part: 'half' })).toBeNull();
    expect(parseListQuery({ ...period, figure: 'closed', part: 'numerator' })).toBeNull();
    expect(parseListQuery({ ...period, figure: 'overdue' })).toBeNull();
    expect(parseListQuery({ ...period, figure: 'closed', unitKind: 'ministry' })).toBeNull();
    expect(parseListQuery({ figure: 'received', from: '2025-13-01', to: '2025-01-31' })).toBeNull();
    expect(parseListQuery({ figure: 'received', from: '2025-01-01' })).toBeNull();
  });

  it("the links of before (leadUnitId) still open the unit's list", () => {
    expect(parseListQuery({ figure: 'received', from: '2025-01-01', to: '2025-12-31', leadUnitId: 'dept-market' })?.scope.unitId).toBe(
      'dept-market',
    );
  });

  it('says what it counts in words', () => {
    expect(figureWords({ figure: 'onTimeCompletionRate', part: 'denominator' })).toEqual({
      title: '按时办结率的分母',
      what: '已办结或已超期的案件',
    });
    expect(figureWords({ figure: 'closed' }).what).toBe('已办结的案件');
    expect([
      periodWords('2025-01-01', '2025-12-31'),
      periodWords('2024-02-01', '2024-02-29'),
      periodWords('2025-01-01', '2025-06-30'),
    ]).toEqual(['2025年', '2024年2月', null]);
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
