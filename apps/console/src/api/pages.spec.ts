import { allPages, usePagedList, type KeysetPage } from './pages';
import type { ProblemError } from './client';

/** A keyset list of `total` numbers served `size` at a time; the cursor is the next index. */
function list(total: number, size: number) {
  const asked: Array<string | undefined> = [];
  const read = async (cursor: string | undefined): Promise<KeysetPage<number>> => {
    asked.push(cursor);
    const from = Number(cursor ?? 0);
    const items = Array.from({ length: Math.min(size, total - from) }, (_, i) => from + i);
    return { items, nextCursor: from + size < total ? String(from + size) : null };
  };
  return { read, asked };
}

describe('allPages', () => {
  it('reads every page in order, following the cursors', async () => {
    const { read, asked } = list(7, 3);
    expect(await allPages(read)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(asked).toEqual([undefined, '3', '6']);
  });

  it('stops after 20 pages of a list that never ends', async () => {
    const { read, asked } = list(10_000, 1);
    expect(await allPages(read)).toHaveLength(20);
    expect(asked).toHaveLength(20);
  });
});

describe('usePagedList', () => {
  it('appends the next page, and starts again from the first on reset', async () => {
    const { read, asked } = list(5, 2);
    const paged = usePagedList(read);
    await paged.load(true);
    await paged.load(false);
    expect(paged.rows.value).toEqual([0, 1, 2, 3]);
    expect(paged.nextCursor.value).toBe('4');
    await paged.load(true);
    expect(paged.rows.value).toEqual([0, 1]);
    expect(asked).toEqual([undefined, '2', undefined]);
  });

  it('keeps what is shown when a later page fails, and empties the list when the first does; the problem is kept', async () => {
    // The shape the client throws (client.ts needs a browser's window to load).
    const refused = Object.assign(new Error('读模型尚未就绪'), { status: 503 }) as unknown as ProblemError;
    let fail = false;
    const { read } = list(5, 2);
    const paged = usePagedList((cursor) => (fail ? Promise.reject(refused) : read(cursor)));
    await paged.load(true);
    fail = true;
    await paged.load(false);
    expect([paged.rows.value, paged.problem.value, paged.loading.value]).toEqual([[0, 1], refused, false]);
    await paged.load(true);
    expect([paged.rows.value, paged.problem.value]).toEqual([[], refused]);
    fail = false;
    await paged.load(true);
    expect([paged.rows.value, paged.problem.value]).toEqual([[0, 1], null]);
  });
});

describe('usePagedList, asked again before it answered', () => {
  it('shows the last request’s page and problem, not the answer that came back last', async () => {
    const refused = Object.assign(new Error('读模型尚未就绪'), { status: 503 }) as unknown as ProblemError;
    const pending: Array<{ resolve: (page: KeysetPage<string>) => void; reject: (error: unknown) => void }> = [];
    const paged = usePagedList<string>(() => new Promise((resolve, reject) => pending.push({ resolve, reject })));
    const first = paged.load(true);
    const second = paged.load(true);
    // The later request answers first; the earlier one's refusal comes after it.
    pending[1].resolve({ items: ['new filter'], nextCursor: null });
    await second;
    expect(paged.loading.value).toBe(false);
    pending[0].reject(refused);
    await first;
    expect([paged.rows.value, paged.problem.value, paged.loading.value]).toEqual([['new filter'], null, false]);
  });

  it('keeps loading shown until the last request answers', async () => {
    const pending: Array<(page: KeysetPage<string>) => void> = [];
    const paged = usePagedList<string>(() => new Promise((resolve) => pending.push(resolve)));
    const first = paged.load(true);
    const second = paged.load(true);
    pending[0]({ items: ['old filter'], nextCursor: 'x' });
    await first;
    expect([paged.rows.value, paged.loading.value]).toEqual([[], true]);
    pending[1]({ items: ['new filter'], nextCursor: null });
    await second;
    expect([paged.rows.value, paged.nextCursor.value, paged.loading.value]).toEqual([['new filter'], null, false]);
  });
});
