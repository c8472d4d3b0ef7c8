import { VersionedMemo } from './versioned-memo';

describe('VersionedMemo', () => {
  it('computes once per key and version, and again when the version moves', async () => {
    const memo = new VersionedMemo<number>(4);
    let computed = 0;
    const compute = async () => ({ value: ++computed, keep: true });
    expect(await memo.get('a', 'v1', compute)).toBe(1);
    expect(await memo.get('a', 'v1', compute)).toBe(1);
    expect(await memo.get('b', 'v1', compute)).toBe(2);
    expect(await memo.get('a', 'v2', compute)).toBe(3);
    expect(await memo.get('a', 'v2', compute)).toBe(3);
  });

  it('answers with a computation whose version moved meanwhile, but does not keep it', async () => {
    const memo = new VersionedMemo<number>(4);
    let computed = 0;
    expect(await memo.get('a', 'v1', async () => ({ value: ++computed, keep: false }))).toBe(1);
    expect(await memo.get('a', 'v1', async () => ({ value: ++computed, keep: true }))).toBe(2);
    expect(await memo.get('a', 'v1', async () => ({ value: ++computed, keep: true }))).toBe(2);
  });

  it('forgets a failed computation', async () => {
    const memo = new VersionedMemo<number>(4);
    await expect(memo.get('a', 'v1', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await memo.get('a', 'v1', async () => ({ value: 7, keep: true }))).toBe(7);
  });

  it('holds at most its capacity, the least recently asked dropped first', async () => {
    const memo = new VersionedMemo<string>(2);
    const value = (v: string) => async () => ({ value: v, keep: true });
    await memo.get('a', 'v', value('a1'));
    await memo.get('b', 'v', value('b1'));
    await memo.get('a', 'v', value('a2'));
    await memo.get('c', 'v', value('c1'));
    expect(memo.size).toBe(2);
    expect(await memo.get('a', 'v', value('a3'))).toBe('a1');
    expect(await memo.get('b', 'v', value('b2'))).toBe('b2');
  });
});
