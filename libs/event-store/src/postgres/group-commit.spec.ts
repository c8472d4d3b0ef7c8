import { GroupCommit } from './group-commit';

/** A commit the test ends when it likes: each call is recorded with its items and waits for `finish`. */
function heldCommits() {
  const calls: { items: readonly string[]; finish(error?: Error): void }[] = [];
  const commit = (items: readonly string[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ items, finish: (error) => (error ? reject(error) : resolve(items.map((item) => `${item} committed`))) });
    });
  return { calls, commit };
}

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );

describe('GroupCommit', () => {
  it('commits an item submitted while idle at once, alone', () => {
    const { calls, commit } = heldCommits();
    const groups = new GroupCommit(commit, { items: 100, chars: 1_000 });
    void groups.submit('a', 1);
    expect(calls.map((c) => c.items)).toEqual([['a']]);
  });

  it('commits the items submitted during a commit together, next, each answered with its own outcome', async () => {
    const { calls, commit } = heldCommits();
    const groups = new GroupCommit(commit, { items: 100, chars: 1_000 });
    const first = groups.submit('a', 1);
    const later = ['b', 'c', 'd'].map((item) => groups.submit(item, 1));
    expect(calls).toHaveLength(1);

    calls[0].finish();
    expect(await first).toBe('a committed');
    await new Promise(setImmediate);
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1].finish();
    expect(await Promise.all(later)).toEqual(['b committed', 'c committed', 'd committed']);

    // Idle again: the next item goes at once.
    void groups.submit('e', 1);
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('keeps a group within its limits, in submission order; an item over the size limit goes alone', async () => {
    const { calls, commit } = heldCommits();
    const groups = new GroupCommit(commit, { items: 3, chars: 10 });
    const all = [groups.submit('first', 1)];
    for (const [item, chars] of [
      ['i1', 1],
      ['i2', 1],
      ['i3', 1],
      ['i4', 1],
      ['big1', 6],
      ['big2', 6],
      ['huge', 25],
      ['tail', 1],
    ] as const) {
      all.push(groups.submit(item, chars));
    }
    // Each group ends in turn; the next starts with what waits.
    for (let i = 0; i < calls.length; i++) {
      calls[i].finish();
      await new Promise(setImmediate);
    }
    await Promise.all(all);
    expect(calls.map((c) => c.items)).toEqual([['first'], ['i1', 'i2', 'i3'], ['i4', 'big1'], ['big2'], ['huge'], ['tail']]);
  });

  it('fails every item of a group whose commit fails, and goes on with the next group', async () => {
    const { calls, commit } = heldCommits();
    const groups = new GroupCommit(commit, { items: 100, chars: 1_000 });
    const first = settle(groups.submit('a', 1));
    const failing = ['b', 'c'].map((item) => settle(groups.submit(item, 1)));
    calls[0].finish();
    await first;
    await new Promise(setImmediate);
    const after = settle(groups.submit('d', 1));
    calls[1].finish(new Error('connection lost'));
    expect(await Promise.all(failing)).toEqual([{ error: 'connection lost' }, { error: 'connection lost' }]);
    await new Promise(setImmediate);
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c'], ['d']]);
    calls[2].finish();
    expect(await after).toEqual({ value: 'd committed' });
  });

  it('settled() waits for the items submitted so far', async () => {
    const { calls, commit } = heldCommits();
    const groups = new GroupCommit(commit, { items: 100, chars: 1_000 });
    await groups.settled();
    const outcomes: string[] = [];
    void groups.submit('a', 1).then((o) => outcomes.push(o));
    void groups.submit('b', 1).then((o) => outcomes.push(o));
    const settled = groups.settled().then(() => [...outcomes]);
    calls[0].finish();
    await new Promise(setImmediate);
    calls[1].finish();
    expect(await settled).toEqual(['a committed', 'b committed']);
  });
});
