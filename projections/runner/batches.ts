/**
 * Groups a live async stream into batches of up to `size` items. A partial batch is yielded when
 * the next item does not arrive within `gapMs` (caught up: a lone event waits no longer than that),
 * or once its first item has waited `maxWaitMs` (a steady stream). One transaction per batch is
 * what makes catching up fast, as reads fill a batch at once; the two bounds keep live latency low.
 *
 * Why both: with the gap alone, a steady load (an item every few milliseconds) kept a batch open
 * until full, and 700 filings a second waited 0.3–0.8 s for their read models. With the age alone
 * at the gap's 20 ms, each of those batches cost the projector a transaction: 13% fewer filings a
 * second with the API beside it on two cores (`npm run bench -- --only post-cases`, BENCHMARKS.md).
 */
export async function* batches<T>(source: AsyncIterable<T>, size: number, gapMs: number, maxWaitMs: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  let batch: T[] = [];
  // Set by the batch's first item.
  let due: Promise<typeof TIMEOUT> = Promise.resolve(TIMEOUT);
  for (;;) {
    pending ??= iterator.next();
    const next = batch.length === 0 ? await pending : await Promise.race([pending, due, delay(gapMs)]);
    if (next === TIMEOUT) {
      yield batch;
      batch = [];
      continue;
    }
    pending = null;
    if (next.done) {
      if (batch.length > 0) yield batch;
      return;
    }
    if (batch.length === 0) due = delay(maxWaitMs);
    batch.push(next.value);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
}

const TIMEOUT = Symbol('timeout');

function delay(ms: number): Promise<typeof TIMEOUT> {
  return new Promise((resolve) => setTimeout(() => resolve(TIMEOUT), ms).unref());
}
