import { matchingUnits } from './unit-search';

const UNITS = [
  { value: 'dept-approval', label: '区行政审批局' },
  { value: 'dept-market', label: '区市场监督管理局' },
  { value: 'win-market-01', label: '区政务服务中心市场准入窗口' },
  { value: 'town-yangluo', label: '阳逻街道' },
];
const ids = (typed: string) => matchingUnits(UNITS, typed).map((u) => u.value);

describe('the unit picker finds registered units by what is typed', () => {
  it('lists every unit, in the order given, while nothing is typed', () => {
    expect(ids('')).toEqual(UNITS.map((u) => u.value));
    expect(ids('  ')).toEqual(UNITS.map((u) => u.value));
  });

  it('finds a unit by part of its name, the name starting with it first (Enter picks the first)', () => {
    expect(ids('市场')).toEqual(['dept-market', 'win-market-01']);
    expect(ids('阳逻')).toEqual(['town-yangluo']);
    expect(ids('区市场')[0]).toBe('dept-market');
  });

  it('finds a unit by its id, whole or in part, in any case; the whole id first', () => {
    expect(ids('DEPT-MARKET')).toEqual(['dept-market']);
    expect(ids('market')).toEqual(['dept-market', 'win-market-01']);
    expect(ids('win-market-01')).toEqual(['win-market-01']);
  });

  it('lists nothing for text no unit has: the picker never holds the text typed', () => {
    expect(ids('dept-nowhere')).toEqual([]);
    expect(ids('不存在的单位')).toEqual([]);
  });
});
