import { filtersTag, isTag } from './cursor-filters';

describe('filtersTag: the filters a keyset cursor was handed out with', () => {
  it('is the same for the same filters, in any order, and a filter left out, null or empty is no filter', () => {
    const tag = filtersTag('case-list', { status: 'closed', sort: 'received_desc' });
    expect(filtersTag('case-list', { sort: 'received_desc', status: 'closed' })).toBe(tag);
    expect(filtersTag('case-list', { sort: 'received_desc', status: 'closed', q: undefined, unitScope: null, channel: '' })).toBe(tag);
  });

  it('differs for another value, another filter, another list, and false is a filter (not its absence)', () => {
    const tag = filtersTag('case-list', { status: 'closed' });
    expect(
      new Set([
        tag,
        filtersTag('case-list', { status: 'in_progress' }),
        filtersTag('case-list', { category: 'closed' }),
        filtersTag('case-list', { status: 'closed', overdue: false }),
        filtersTag('case-list', { status: 'closed', overdue: true }),
        filtersTag('rectifications', { status: 'closed' }),
      ]).size,
    ).toBe(6);
  });

  it('is opaque and bounded: 12 base64url characters, naming no filter, however many filters', () => {
    const tag = filtersTag('case-list', { q: '营业执照'.repeat(50), status: 'closed', receivedFrom: '2026-11-01T00:00:00+08:00' });
    expect(tag).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(isTag(tag)(tag)).toBe(true);
    expect(isTag(tag)(filtersTag('case-list', {}))).toBe(false);
  });
});
