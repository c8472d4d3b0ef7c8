import { readQuery, reversedPeriod } from '../../query/query-params';
import { LIST_PARAMS, type ListFilter } from './list-filters';

describe('the case list’s filters in its URL', () => {
  const read = (query: Record<string, unknown>) =>
    readQuery(query, LIST_PARAMS, { strict: true, together: reversedPeriod<ListFilter>('receivedFrom', 'receivedTo') });

  it('keeps the filters it can use, trimmed, the first of a repeated one', () => {
    expect(read({ status: 'closed', q: ' 许可 ', unitId: '', category: ['a', 'b'], urgency: 'urgent', overdue: 'true' })).toEqual({
      values: { status: 'closed', q: '许可', category: 'a', urgency: 'urgent', overdue: 'true' },
      dropped: [],
      note: '',
    });
  });

  it('drops a status, channel or urgency that is no code of its list (named in the form’s order), a date that is none, and names it does not know', () => {
    expect(read({ status: 'bogus', urgency: 'xx', channel: 'fax' })).toMatchObject({
      values: {},
      note: '筛选条件“状态”“渠道”“紧急程度”的值无效，已恢复默认',
    });
    expect(read({ receivedFrom: '2026-13-45', receivedTo: '2026-03-01' })).toMatchObject({
      values: { receivedTo: '2026-03-01' },
      note: '筛选条件“受理日期”的值无效，已恢复默认',
    });
    expect(read({ receivedFrom: '2026-03-31', receivedTo: '2026-03-01' }).dropped).toEqual(['receivedFrom', 'receivedTo']);
    expect(read({ from: '2026-13-45', page: '2' })).toMatchObject({
      dropped: ['from', 'page'],
      note: '网址中的参数“from”“page”无法识别，已忽略',
    });
  });
});
