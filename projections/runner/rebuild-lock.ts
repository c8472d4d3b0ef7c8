import { Client, type ClientBase, type Pool } from 'pg';
import { tryRebuildLock, waitForRebuildLock } from './locks';

/** Another rebuild of some of these read models is under way, and this one was asked not to wait for it. */
export class RebuildUnderWay extends Error {
  constructor(readonly projections: readonly string[]) {
    super(
      `Another rebuild of ${projections.join(', ')} is under way (the projector building it, or another ` +
        `"npm run projections -- rebuild"): try again once it has finished`,
    );
    this.name = 'RebuildUnderWay';
  }
}

/** The connection holding a rebuild's locks ended before the rebuild did: another may have started meanwhile. */
export class RebuildLockLost extends Error {
  constructor(projections: readonly string[]) {
    super(`The rebuild of ${projections.join(', ')} lost its lock (its connection ended) and stopped before swapping anything in`);
    this.name = 'RebuildLockLost';
  }
}

/**
 * One rebuild of a read model at a time, whoever runs it: the projector building one at first start
 * or at a new version, `npm run projections -- rebuild`, the demo, an instance that lost its
 * leadership while building. Two at once fill the same generation's tables: the second drops the
 * tables the first is filling and creates them afresh, the first goes on writing into those, and
 * whichever swaps first puts in tables missing rows or holding the other's half-done ones (seen:
 * dashboard and appraisal figures unlike any single rebuild's).
 *
 * A session advisory lock per read model, on a connection of the rebuild's own (not the pool's: it
 * is held for minutes), taken before anything is created. A rebuild that dies releases its locks
 * with its connection; a connection that ends while the rebuild runs makes the rebuild stop at its
 * next batch (`assertHeld`) rather than go on unguarded.
 */
export class RebuildLock {
  private lost = false;

  private constructor(
    private readonly client: Client,
    private readonly names: readonly string[],
  ) {
    client.on('error', () => (this.lost = true));
    client.on('end', () => (this.lost = true));
  }

  /**
   * Takes the lock of every read model named, or none: `wait` false refuses at once when another
   * rebuild holds any of them (RebuildUnderWay); true waits for it to end. Taken in name order, so
   * two waiting rebuilds of overlapping read models never wait for each other.
   */
  static async take(pool: Pool, names: readonly string[], { wait }: { wait: boolean }): Promise<RebuildLock> {
    const client = new Client(pool.options);
    // Until the lock exists to listen, an error of the connection comes out of connect or a query.
    client.on('error', () => undefined);
    await client.connect().catch(async (error: unknown) => {
      await client.end().catch(() => undefined);
      throw error;
    });
    try {
      const sorted = [...new Set(names)].sort();
      if (wait) for (const name of sorted) await waitForRebuildLock(client, name);
      else {
        const held: string[] = [];
        for (const name of sorted) if (!(await tryRebuildLock(client, name))) held.push(name);
        if (held.length > 0) throw new RebuildUnderWay(held);
      }
      return new RebuildLock(client, sorted);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** The locks' connection, idle between their statements: for reads of the rebuild's own, outside the pool. */
  get connection(): ClientBase {
    return this.client;
  }

  /** Throws RebuildLockLost if the locks' connection has ended: another rebuild may hold them now. */
  assertHeld(): void {
    if (this.lost) throw new RebuildLockLost(this.names);
  }

  /** Ends the connection, and with it the locks. */
  async release(): Promise<void> {
    this.lost = true;
    await this.client.end().catch(() => undefined);
  }
}
