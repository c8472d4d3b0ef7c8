import type { Pool } from 'pg';
import type { EventEnvelope, EventStore } from '@app/event-store';
import type { ConfigurationReading } from './configuration-reading';

/** A configuration stream as this process holds it; replaced by a new object whenever it moves. */
export interface StreamSnapshot {
  readonly streamId: string;
  /** The stream's version (0: no such stream). */
  readonly version: number;
  readonly events: readonly EventEnvelope[];
}

/**
 * The versions the log holds now for many streams, in one round trip (a stream not in the map has
 * none). What the held copies are checked against before each use.
 */
export type StreamVersions = (streamIds: readonly string[]) => Promise<ReadonlyMap<string, number>>;

/**
 * PostgreSQL's stream versions: each stream's last event, one backward step of the events'
 * (stream_id, stream_version) index per stream, read as readStream reads, so a version here is a
 * version readStream shows.
 */
export function lastEventVersions(pool: Pool): StreamVersions {
  return async (streamIds) => {
    // Named: parsed and planned once per connection, as it is sent before most commands.
    const { rows } = await pool.query<{ stream_id: string; version: string }>({
      name: 'configuration-streams.versions',
      text: `SELECT s.stream_id, last.stream_version AS version
               FROM unnest($1::text[]) AS s(stream_id)
               CROSS JOIN LATERAL (SELECT e.stream_version FROM events e WHERE e.stream_id = s.stream_id
                                    ORDER BY e.stream_version DESC LIMIT 1) last`,
      values: [streamIds],
    });
    return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
  };
}

/** Absent streams remembered at most (ConfigurationStreams.absent); past it, an absent one is checked each time. */
const MAX_ABSENT = 1_000;

interface Batch {
  readonly streamIds: Set<string>;
  readonly checked: Promise<void>;
}

/**
 * The configuration streams commands decide on — units (`unit-<id>`), the calendar, the time limits —
 * held in memory, so a command does not read them from the log each time, and never used stale:
 * every read first asks the log for the stream's current version and catches up whatever moved
 * (only the new events). A unit retired or a policy published by another API instance is therefore
 * honoured by the very next command here. The check costs one round trip (PostgreSQL: each
 * stream's last event, see lastEventVersions) for every stream asked for in the same tick, however
 * many, and whichever requests asked: a command asks for its unit and the deadline rules together.
 * A command's check is never shared with one already sent, which may predate what the caller must
 * see. A query's may (readForQuery): what it shows is then at most one round trip older than the
 * request, as every read model's rows are, and concurrent lists share one check instead of one each.
 *
 * A case command need not wait for the check: read with a ConfigurationReading taken as held, a
 * stream checked before is used as held, and the command's append confirms its version in the same
 * statement (configuration-reading.ts); what the append cannot confirm is decided again, checked.
 *
 * Without StreamVersions (KurrentDB) each stream is read on from the version held instead: one read
 * per stream, of its new events only.
 *
 * Streams that do not exist are not held, so ids made up by callers cost no memory.
 */
export class ConfigurationStreams {
  private readonly held = new Map<string, StreamSnapshot>();
  /**
   * Streams checked and found absent (a calendar or time limit never published): a held reading
   * takes them as absent. Bounded, as callers may name any id.
   */
  private readonly absent = new Set<string>();
  /** The check being gathered this tick (not sent yet). */
  private batch: Batch | null = null;
  /** The check sent last, until it is answered: what a query may wait for instead of a check of its own. */
  private sent: Batch | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly versions: StreamVersions | null = null,
  ) {}

  /**
   * The stream as the log holds it now (checked since the call began). With a `reading` taken as
   * held (ConfigurationReading.held), a stream checked before is taken as held, with no round trip,
   * and its version recorded for the command's append to confirm; one never checked is checked.
   */
  async read(streamId: string, reading?: ConfigurationReading): Promise<StreamSnapshot> {
    if (reading?.mode === 'held' && (this.held.has(streamId) || this.absent.has(streamId))) {
      const snapshot = this.held.get(streamId) ?? { streamId, version: 0, events: [] };
      reading.record(streamId, snapshot.version, true);
      return snapshot;
    }
    await this.check(streamId);
    const snapshot = this.held.get(streamId) ?? { streamId, version: 0, events: [] };
    reading?.record(streamId, snapshot.version, false);
    return snapshot;
  }

  /**
   * For a query (a list, a page; never a command): the stream as the check sent last finds it, if
   * that check is still on its way and covers the stream, else as read() has it. At most one round
   * trip older than the request.
   */
  async readForQuery(streamId: string): Promise<StreamSnapshot> {
    const sent = this.sent;
    await (sent?.streamIds.has(streamId) ? sent.checked : this.check(streamId));
    return this.held.get(streamId) ?? { streamId, version: 0, events: [] };
  }

  /** Joins the batch still being gathered, or opens one: sent once this tick's callers have asked. */
  private check(streamId: string): Promise<void> {
    if (!this.batch) {
      const streamIds = new Set<string>();
      const batch: Batch = {
        streamIds,
        checked: afterThisTick().then(async () => {
          // Closed before the query is sent: later callers get a check of their own.
          this.batch = null;
          this.sent = batch;
          try {
            await this.refresh([...streamIds]);
          } finally {
            if (this.sent === batch) this.sent = null;
          }
        }),
      };
      this.batch = batch;
    }
    this.batch.streamIds.add(streamId);
    return this.batch.checked;
  }

  private async refresh(streamIds: string[]): Promise<void> {
    if (!this.versions) {
      await Promise.all(streamIds.map((id) => this.catchUp(id)));
      return;
    }
    const current = await this.versions(streamIds);
    const moved = streamIds.filter((id) => {
      const now = current.get(id) ?? 0;
      const held = this.held.get(id)?.version ?? 0;
      this.noteAbsent(id, now === 0);
      // A log behind what is held (a restored backup) is read again from its start.
      if (now < held) this.held.delete(id);
      return now !== held;
    });
    await Promise.all(moved.map((id) => this.catchUp(id)));
  }

  private noteAbsent(streamId: string, absent: boolean): void {
    if (!absent) this.absent.delete(streamId);
    else if (this.absent.size < MAX_ABSENT) this.absent.add(streamId);
  }

  /** Reads the events after the held version and adds them (another catch-up may have got there first). */
  private async catchUp(streamId: string): Promise<void> {
    const fromVersion = (this.held.get(streamId)?.version ?? 0) + 1;
    const events = await this.store.readStream(streamId, { fromVersion });
    if (fromVersion === 1) this.noteAbsent(streamId, events.length === 0);
    const held = this.held.get(streamId) ?? { streamId, version: 0, events: [] };
    const next = events.filter((e) => e.streamVersion > held.version);
    if (next.length === 0 || next[0].streamVersion !== held.version + 1) return;
    this.held.set(streamId, { streamId, version: next[next.length - 1].streamVersion, events: [...held.events, ...next] });
  }
}

/** Resolves once the callers of this tick (their synchronous code and promise callbacks) have run. */
function afterThisTick(): Promise<void> {
  return Promise.resolve().then(() => new Promise<void>((resolve) => process.nextTick(resolve)));
}
