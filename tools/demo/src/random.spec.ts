import { Random } from './random';

describe('the seeded random source', () => {
  it('draws the same numbers for the same label, and independent ones per fork', () => {
    const draws = (r: Random) => Array.from({ length: 5 }, () => r.next());
    expect(draws(new Random('demo:1'))).toEqual(draws(new Random('demo:1')));
    expect(draws(new Random('demo:1'))).not.toEqual(draws(new Random('demo:2')));
    const a = new Random('demo:1');
    const before = draws(a.fork('case-1'));
    a.next(); // drawing from the parent does not move a fork
    expect(draws(a.fork('case-1'))).toEqual(before);
  });

  it('stays in range and follows the weights', () => {
    const r = new Random('range');
    const ints = Array.from({ length: 2000 }, () => r.int(3, 6));
    expect(Math.min(...ints)).toBe(3);
    expect(Math.max(...ints)).toBe(6);
    const picks = Array.from({ length: 10_000 }, () =>
      r.weighted([
        ['a', 9],
        ['b', 1],
      ] as const),
    );
    expect(picks.filter((p) => p === 'b').length).toBeGreaterThan(800);
    expect(picks.filter((p) => p === 'b').length).toBeLessThan(1200);
  });
});
