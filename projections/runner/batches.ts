/**
 * Groups a live async stream into batches: up to `size` items, or fewer when the next item does
 * not arrive within `waitMs` (the catch-up is over and the stream is live). One transaction per
 * batch is what makes catching up fast and keeps live latency low.
 */
export async function* batches<T>(source: AsyncIterable<T>, size: number, waitMs: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  let batch: T[] = [];
  for (;;) {
    pending ??= iterator.next();
    const next = batch.length === 0 ? await pending : await Promise.race([pending, delay(waitMs)]);
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
