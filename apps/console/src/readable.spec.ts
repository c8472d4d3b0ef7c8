import { mayRead } from './readable';

describe('who may open a case’s or a finding’s page', () => {
  it('leaders open neither (the API refuses them both), so the ledger links neither for them', () => {
    expect(mayRead('dashboard', 'case')).toBe(false);
    expect(mayRead('dashboard', 'finding')).toBe(false);
  });

  it('the offices and units open both; the admin a case only', () => {
    for (const role of ['intake', 'unit', 'discipline'] as const)
      expect([mayRead(role, 'case'), mayRead(role, 'finding')]).toEqual([true, true]);
    expect([mayRead('admin', 'case'), mayRead('admin', 'finding')]).toEqual([true, false]);
    expect(mayRead(undefined, 'case')).toBe(false);
  });
});
