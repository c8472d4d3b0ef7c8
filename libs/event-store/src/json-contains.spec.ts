import { jsonContains } from './json-contains';

describe('jsonContains, as jsonb @> reads it', () => {
  it('finds a key with its value, whatever else the object holds', () => {
    expect(jsonContains({ unitId: 'dept-market', note: 'x' }, { unitId: 'dept-market' })).toBe(true);
    expect(jsonContains({ unitId: 'dept-tax' }, { unitId: 'dept-market' })).toBe(false);
    expect(jsonContains({ parentId: 'dept-market' }, { unitId: 'dept-market' })).toBe(false);
  });

  it('finds an element of an array in any element of the value’s array', () => {
    const planned = {
      measures: [
        { responsibleUnitId: 'dept-tax', id: 'M1' },
        { responsibleUnitId: 'dept-market', id: 'M2' },
      ],
    };
    expect(jsonContains(planned, { measures: [{ responsibleUnitId: 'dept-market' }] })).toBe(true);
    expect(jsonContains(planned, { measures: [{ responsibleUnitId: 'town-a' }] })).toBe(false);
    expect(jsonContains({ measures: { responsibleUnitId: 'dept-market' } }, { measures: [{ responsibleUnitId: 'dept-market' }] })).toBe(
      false,
    );
  });

  it('compares scalars by value and type', () => {
    expect(jsonContains({ n: 1 }, { n: 1 })).toBe(true);
    expect(jsonContains({ n: '1' }, { n: 1 })).toBe(false);
    expect(jsonContains({ n: null }, { n: null })).toBe(true);
  });
});
