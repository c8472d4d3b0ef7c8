import { readQuery } from '../../query/query-params';
import { ledgerFilters, ledgerParams, ledgerQuery, unfitDuePeriod } from './ledger-filters';

describe('整改台账’s address: its tab and the ledger’s filters', () => {
  const CAMPAIGN = '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
  const unknownYet = ledgerParams(() => null);
  const listed = ledgerParams(() => (id) => id === CAMPAIGN);
  const read = (query: Record<string, string>, params = unknownYet) => readQuery(query, params, { strict: true, together: unfitDuePeriod });

  it('reads every filter the API takes, beside the tab', () => {
    const query = {
      tab: 'campaigns',
      status: 'overdue',
      holderKind: 'finding',
      sizeClass: 'immediate',
      campaignId: CAMPAIGN,
      dueFrom: '2026-01-01',
      dueTo: '2026-06-30',
    };
    expect(read(query, listed)).toEqual({ values: query, dropped: [], note: '' });
    expect(ledgerFilters(read(query, listed).values)).toEqual({
      status: 'overdue',
      holderKind: 'finding',
      sizeClass: 'immediate',
      campaignId: CAMPAIGN,
      dueFrom: '2026-01-01',
      dueTo: '2026-06-30',
    });
  });

  it('drops, with a note, a value of no list, a malformed or unlisted campaign, and a name it does not know', () => {
    expect(read({ status: 'bogus', holderKind: 'x', sizeClass: 'huge', campaignId: 'a b' })).toEqual({
      values: {},
      dropped: ['status', 'holderKind', 'sizeClass', 'campaignId'],
      note: '筛选条件“状态”“来源”“类别”“活动”的值无效，已恢复默认',
    });
    // Until the campaigns are listed, a well-formed id is the API's to judge; then it must be listed.
    expect(read({ campaignId: 'c-2' }).values).toEqual({ campaignId: 'c-2' });
    expect(read({ campaignId: 'c-2' }, listed).dropped).toEqual(['campaignId']);
    expect(read({ from: '2026-01-01' }).note).toBe('网址中的参数“from”无法识别，已忽略');
  });

  it('takes the due period only as the picker shows one: both ends, in order', () => {
    expect(read({ dueFrom: '2026-03-01', dueTo: '2026-03-01' }).dropped).toEqual([]);
    expect(read({ dueFrom: '2026-03-02', dueTo: '2026-03-01' })).toEqual({
      values: {},
      dropped: ['dueFrom', 'dueTo'],
      note: '筛选条件“完成时限”的值无效，已恢复默认',
    });
    expect(read({ dueFrom: '2026-03-01', status: 'planned' })).toEqual({
      values: { status: 'planned' },
      dropped: ['dueFrom'],
      note: '筛选条件“完成时限”的值无效，已恢复默认',
    });
    expect(read({ dueTo: '2026-02-30' }).dropped).toEqual(['dueTo']);
  });

  it('writes a tab’s address with the filters kept, the default tab unnamed and empty filters left out', () => {
    expect(ledgerQuery('rankings', { campaignId: CAMPAIGN, status: '' })).toEqual({ tab: 'rankings', campaignId: CAMPAIGN });
    expect(ledgerQuery('ledger', { campaignId: CAMPAIGN, holderKind: 'case' })).toEqual({ campaignId: CAMPAIGN, holderKind: 'case' });
    expect(ledgerQuery('ledger', { campaignId: '' })).toEqual({});
  });
});
