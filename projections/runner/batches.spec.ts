import { batches } from './batches';

/** Items as fast as a read gives them: all at once, no time between them. */
async function* atOnce(count: number): AsyncGenerator<number> {
  for (let i = 0; i < count; i++) yield i;
}

/** A steady trickle, an item a millisecond or so, never a pause: a live log under load. */
async function* trickle(stop: { ended: boolean }): AsyncGenerator<number> {
  for (let i = 0; !stop.ended; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield i;
  }
}

/** A few items, then nothing more for as long as the test runs: a quiet log. */
async function* fewThenQuiet(count: number, quiet: Promise<void>): AsyncGenerator<number> {
  for (let i = 0; i < count; i++) yield i;
  await quiet;
}

describe('batches of a live stream', () => {
  it('catching up, fills every batch but the last, in order', async () => {
    const seen: number[][] = [];
    for await (const batch of batches(atOnce(250), 100, 20, 100)) seen.push(batch);
    expect(seen.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(seen.flat()).toEqual([...Array(250).keys()]);
  });

  it('under a steady trickle, yields a batch once its first item has waited, not when it is full', async () => {
    const stop = { ended: false };
    const seen: number[][] = [];
    // The gap (an hour) never closes a batch here, however late a loaded machine runs the trickle's
    // timers: only the first item's wait (30 ms) can close one before it is full.
    for await (const batch of batches(trickle(stop), 1_000, 3_600_000, 30)) {
      seen.push(batch);
      if (seen.length === 3) break;
    }
    stop.ended = true;
    // At most an item a millisecond, a full batch of 1,000 takes a second or more: each closes after its 30 ms wait.
    expect(seen.map((b) => b.length > 0 && b.length < 1_000)).toEqual([true, true, true]);
    expect(seen.flat()).toEqual([...Array(seen.flat().length).keys()]);
  });

  it('a lone event is yielded once no other follows within the gap, before the longest wait', async () => {
    let endQuiet!: () => void;
    const quiet = new Promise<void>((resolve) => (endQuiet = resolve));
    const source = batches(fewThenQuiet(3, quiet), 100, 10, 3_600_000);
    // With only the longest wait (an hour), this would not come before the test's timeout.
    const first = await source.next();
    expect(first.value).toEqual([0, 1, 2]);
    endQuiet();
    await source.return(undefined);
  });
});
