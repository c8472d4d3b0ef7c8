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
