import { takeFiling } from './filing-state';

/** A history entry's state as the browser keeps it: across a reload, and when the user comes back. */
function entry(state: unknown) {
  return {
    state,
    replaceState(next: unknown) {
      this.state = structuredClone(next);
    },
  };
}

describe('the query code after filing is shown once', () => {
  it('is taken from the entry: a reload of the page, or coming back to it, finds none', () => {
    const history = entry({ back: '/cases/new', current: '/cases/c1', position: 3, filing: { queryCode: 'AB12-CD34-EF56-GH78' } });
    expect(takeFiling(history)).toEqual({ queryCode: 'AB12-CD34-EF56-GH78' });
    expect(takeFiling(history)).toBeNull();
    // vue-router's own keys stay: its back button and scroll restoring read them.
    expect(history.state).toEqual({ back: '/cases/new', current: '/cases/c1', position: 3, filing: null });
  });

  it('a retry’s filing (no code, the page says it was issued) is taken once too; a page not after a filing has none', () => {
    const retry = entry({ current: '/cases/c2', filing: { queryCode: null } });
    expect(takeFiling(retry)).toEqual({ queryCode: null });
    expect(takeFiling(retry)).toBeNull();
    expect(takeFiling(entry({ current: '/cases/c3' }))).toBeNull();
    expect(takeFiling(entry(null))).toBeNull();
  });
});
