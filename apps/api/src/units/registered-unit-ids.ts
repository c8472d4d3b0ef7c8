import type { UnitRegistered } from '@app/domain';
import type { EventFilter, EventStore } from '@app/event-store';

/** Events read from the log per round trip. */
const PAGE = 1000;
const REGISTRATIONS: EventFilter = { eventTypes: ['UnitRegistered'] };
/** How long a scan waits for registrations committed but not visible yet (then it answers what it sees). */
const SETTLE_MS = 5_000;

/**
 * The id of every unit ever registered, retired ones included, from the log's UnitRegistered
 * events: the registry has no list of its own (a unit is its stream, `unit-<id>`), so the units
 * listing and the name check (UnitNames, the seeder's too) both start from here.
 *
 * The global log shows only what is below PostgreSQL's visibility horizon, which a transaction open
 * anywhere on the server holds back: a unit registered a moment ago may not be in it yet, and a
 * name check that missed it would let its name be given twice. So after reading, the scan asks the
 * store whether registrations are committed beyond what it read (Backlog counts those too) and reads
 * again until none is, for up to 5 s.
 */
export async function registeredUnitIds(store: EventStore): Promise<Set<string>> {
  const deadline = Date.now() + SETTLE_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const { ids, last } = await readRegistrations(store);
    const unseen = await store.backlog({ after: last, filter: REGISTRATIONS, limit: 1 });
    if (unseen.count === 0 || Date.now() + pause > deadline) return ids;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

async function readRegistrations(store: EventStore): Promise<{ ids: Set<string>; last: bigint | undefined }> {
  const ids = new Set<string>();
  let last: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after: last, limit: PAGE, filter: REGISTRATIONS });
    for (const e of page) ids.add((e.data as UnitRegistered['data']).unitId);
    if (page.length > 0) last = page[page.length - 1].position;
    if (page.length < PAGE) return { ids, last };
  }
}
