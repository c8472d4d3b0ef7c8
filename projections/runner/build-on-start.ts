import { Client, type Pool } from 'pg';
import type { EventStore } from '@app/event-store';
import { inTransaction } from '@app/platform';
import { readCheckpoint } from './checkpoint';
import { releaseLeadership, tryLeadership } from './locks';
import type { Projection } from './projection';
import { rebuildProjections, type RebuildOptions } from './rebuild';

/**
 * Before the runners start: builds in one pass over the log every projection that needs it (never
 * built, or built at another version) and that no other instance leads — after a restore or an
 * upgrade that changes several read models, one pass instead of one per projection. It leads them
 * meanwhile (the same session lock as a runner, on a connection of its own), so a runner elsewhere
 * waits, and lets go once they are built; the runners then find them up to date and follow. Whatever
 * it leaves (another instance led, the build failed) each runner still builds on its own.
 * Answers the names it built.
 */
export async function buildStaleProjections(
  pool: Pool,
  store: EventStore,
  projections: readonly Projection[],
  options: Pick<RebuildOptions, 'integrity' | 'upcasters'> & { log?: (message: string) => void } = {},
): Promise<string[]> {
  // Not a pooled connection, as a runner's: the rebuild needs the pool's.
  const leader = new Client(pool.options);
  leader.on('error', () => undefined); // a lost connection ends the leadership; the rebuild goes on as a runner's would
  await leader.connect();
  const led: Projection[] = [];
  try {
    for (const projection of projections) {
      if (!(await tryLeadership(leader, projection.name))) continue;
      led.push(projection);
    }
    // Read under leadership: another instance may have built one since.
    const stale = [];
    for (const projection of led) {
      const checkpoint = await inTransaction(pool, (client) => readCheckpoint(client, projection.name));
      if (checkpoint?.version !== projection.version) stale.push(projection);
    }
    // One alone is the runner's usual rebuild.
    if (stale.length < 2) return [];
    const names = stale.map((p) => p.name);
    options.log?.(`Projections ${names.join(', ')}: building in one pass over the log`);
    await rebuildProjections(pool, store, stale, { integrity: options.integrity, upcasters: options.upcasters });
    return names;
  } finally {
    for (const projection of led) await releaseLeadership(leader, projection.name).catch(() => undefined);
    await leader.end().catch(() => undefined);
  }
}
