import type { ReadModelVersion } from '@app/projections';

/** What a batch of version reads reads at: the earliest instant its callers asked about. */
interface Batch {
  asOf: number;
  read: Promise<ReadModelVersion>;
}

/**
 * The version reads of a memo (DashboardFiguresMemo, RankedYears), one statement for all the
 * requests that ask in the same turn of the event loop instead of one each. A memoised answer costs
 * a request nothing but its version's read, and that round trip was most of its cost: without it the
 * dashboard's summary answered twice the requests at half the API's CPU each (the journal).
 *
 * A batch is sent once the turn's callers have asked (setImmediate: after the I/O callbacks of the
 * turn, each request's synchronous code and promise callbacks), so it reads the read model after
 * every caller asked — after each has waited for its read-your-writes position — and never a reading
 * older than the request. It reads at the earliest instant asked about; a caller's own instant,
 * later, has the same version while it is before the reading's `changesAt` (nothing pending is
 * reached in between), and reads its own otherwise.
 */
export class SharedVersionReads {
  private readonly gathering = new Map<string, Batch>();

  constructor(private readonly readAt: (key: string, asOf: Date) => Promise<ReadModelVersion>) {}

  /** The version of `key` at `asOf`, as `readAt` would read it now. */
  async version(key: string, asOf: Date): Promise<string> {
    const at = asOf.getTime();
    let batch = this.gathering.get(key);
    if (batch) batch.asOf = Math.min(batch.asOf, at);
    else {
      const opened: Batch = {
        asOf: at,
        read: new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          this.gathering.delete(key); // later callers: a batch of their own, read after they asked
          return this.readAt(key, new Date(opened.asOf));
        }),
      };
      this.gathering.set(key, (batch = opened));
    }
    const read = await batch.read;
    if (read.changesAt === null || at < read.changesAt) return read.version;
    return (await this.readAt(key, asOf)).version;
  }
}
