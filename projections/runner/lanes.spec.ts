import { Lanes } from './lanes';

/** A lane whose batches end only when the test says so; it records what it started and finished. */
function heldLane(name: string, log: string[]) {
  const waiting: Array<() => void> = [];
  let failWith: Error | undefined;
  return {
    apply: (batch: number) =>
      new Promise<void>((resolve, reject) => {
        log.push(`${name} starts ${batch}`);
        waiting.push(() => {
          log.push(`${name} ends ${batch}`);
          if (failWith) reject(failWith);
          else resolve();
        });
      }),
    /** Ends the batch it is applying (with `error`: fails it). */
    finish(error?: Error) {
      failWith = error;
      const next = waiting.shift();
      if (!next) throw new Error(`${name} is applying nothing`);
      next();
    },
  };
}

/** Lets every callback already due run (the lanes' promise chains). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Lanes: a rebuild batch handed to each read model on a lane of its own', () => {
  it('lets a fast read model go on to the next batches while a slow one is still at the first, up to `ahead` batches', async () => {
    const log: string[] = [];
    const fast = { apply: async (batch: number) => void log.push(`fast applies ${batch}`) };
    const slow = heldLane('slow', log);
    const lanes = new Lanes([fast.apply, slow.apply], 2);

    await lanes.push(1);
    await lanes.push(2);
    let thirdIn = false;
    const third = lanes.push(3).then(() => (thirdIn = true));
    await settle();
    // The fast lane is through all three; the slow one still at its first, so the third push waits.
    expect(log).toEqual(['fast applies 1', 'slow starts 1', 'fast applies 2', 'fast applies 3']);
    expect(thirdIn).toBe(false);

    slow.finish();
    await third;
    expect(thirdIn).toBe(true);
    slow.finish();
    await settle();
    slow.finish();
    await lanes.drain();
    // Each lane took the batches in the order they were pushed.
    expect(log.filter((line) => line.startsWith('slow'))).toEqual([
      'slow starts 1',
      'slow ends 1',
      'slow starts 2',
      'slow ends 2',
      'slow starts 3',
      'slow ends 3',
    ]);
  });

  it('with nothing ahead, waits for every lane at each batch', async () => {
    const log: string[] = [];
    const slow = heldLane('slow', log);
    const lanes = new Lanes([async () => undefined, slow.apply], 0);
    let pushed = false;
    const push = lanes.push(1).then(() => (pushed = true));
    await settle();
    expect(pushed).toBe(false);
    slow.finish();
    await push;
    await lanes.drain();
  });

  it('stops every lane at a failure and lets it out only once each has ended the batch it was applying', async () => {
    const log: string[] = [];
    const failing = heldLane('failing', log);
    const other = heldLane('other', log);
    const lanes = new Lanes([failing.apply, other.apply], 3);
    await lanes.push(1);
    await lanes.push(2);

    failing.finish(new Error('the disk is full'));
    await settle();
    // The other lane is still in its first batch: nothing comes out yet, and the failing lane starts no more.
    let failure: unknown;
    const drained = lanes.drain().catch((error: unknown) => (failure = error));
    await settle();
    expect(failure).toBeUndefined();
    other.finish();
    await drained;
    expect((failure as Error).message).toBe('the disk is full');
    // The other lane ended its batch and started none after the failure.
    expect(log).toEqual(['failing starts 1', 'other starts 1', 'failing ends 1', 'other ends 1']);
    await expect(lanes.push(3)).rejects.toThrow('the disk is full');
    expect(log).toHaveLength(4);
  });
});
