import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from '@app/platform';
import type {
  AppendOptions,
  AppendResult,
  Backlog,
  BacklogOptions,
  EventEnvelope,
  EventFilter,
  EventStore,
  HeldBack,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { EventIdConflict, InvalidAppend, WrongExpectedVersion } from '../errors';
import { validateAppend } from '../validate-append';
import { canonicalJson } from '../integrity/canonical-json';
import { AppendAnnouncer } from './append-announcer';
import { AppendNotifier } from './append-notifier';
import { readBacklog } from './backlog';
import { readHeldBack } from './visibility-horizon';
import { PostgresSubscription } from './postgres-subscription';
import { EVENT_COLUMNS, filterClause, rowToEnvelope, type EventRow } from './event-rows';
import { GroupCommit, type GroupLimits } from './group-commit';

export interface PostgresEventStoreOptions {
  /** How often a live subscriber re-reads when no notification arrives (the fallback). */
  pollIntervalMs?: number;
  /** Events per read while a subscriber catches up. */
  batchSize?: number;
  /** Told about trouble with the LISTEN or NOTIFY connection; subscribers fall back to polling meanwhile. */
  onNotifierError?: (error: Error) => void;
}

const DEFAULT_READ_LIMIT = 1000;

const APPEND_SQL = 'SELECT next_version, last_position, appended FROM append_to_stream($1, $2, $3, $4::jsonb)';
const GROUP_SQL = 'SELECT refusal, next_version, last_position, appended FROM append_to_streams($1::jsonb)';
interface AppendRow {
  next_version: string;
  last_position: string;
  appended: boolean;
}
/**
 * An append of a group: refused (the SQLSTATE append_to_stream would raise; ES001: next_version is
 * the actual version; 'busy': its stream's lock was held elsewhere, nothing written) or not.
 */
interface GroupRow {
  refusal: string | null;
  next_version: string | null;
  last_position: string | null;
  appended: boolean;
}
/**
 * What became of one append of a group: its row, the error of the append sent alone (see
 * commitGroup), or, for a stream busy elsewhere, what will become of it once sent alone.
 */
type GroupOutcome = { row: GroupRow } | { error: unknown } | { later: Promise<GroupOutcome> };
/** One append as append_to_streams takes it (`json`), and as append_to_stream does (`params`). */
interface GroupAppend {
  json: string;
  params: unknown[];
}

/**
 * A group stays within what one statement handles comfortably: at most 100 appends, about 1 MB of
 * JSON. A larger append goes alone.
 */
const GROUP_LIMITS: GroupLimits = { items: 100, chars: 1_000_000 };

/**
 * Errors of a group's statement that one of its appends can cause alone (a value PostgreSQL refuses,
 * such as \u0000 in the data, or a row too large to index): the transaction is rolled back, so each
 * append is sent again alone and only the one at fault fails, with the error it would get alone.
 * Any other error (the connection, the server) fails the whole group.
 */
const DATA_ERROR_CLASSES = ['22', '23', '54'];

/**
 * EventStore on PostgreSQL. An append goes alone through the `append_to_stream` function (one round
 * trip, the hash chain computed inside it) when nothing else is being appended; the appends made
 * meanwhile go together through `append_to_streams`, as a group in one transaction and one round
 * trip (GroupCommit, the migration 1764200000600_group-commit.sql); `alongside` appends through
 * `append_to_stream` in the caller's transaction. Reads only return events below the snapshot's
 * xmin horizon, so the order a reader sees never changes afterwards (see the migrations for why).
 * Live subscribers are woken after each append (each group) that commits: this store's own at once,
 * those of other processes by a NOTIFY that their store sends outside the append (see
 * AppendAnnouncer for why not inside it).
 */
export class PostgresEventStore implements EventStore {
  private readonly notifier: AppendNotifier;
  private readonly announcer: AppendAnnouncer;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly groups = new GroupCommit<GroupAppend, GroupOutcome>((appends) => this.commitGroup(appends), GROUP_LIMITS);
  /** Appends of busy streams being sent alone (commitGroup). */
  private readonly sentAlone = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: Pool,
    private readonly connectionString: string,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    const mark = randomUUID();
    this.notifier = new AppendNotifier(connectionString, mark, options.onNotifierError);
    this.announcer = new AppendAnnouncer(connectionString, mark, options.onNotifierError);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedVersion);
    const expected = options.expectedVersion;
    const kind = typeof expected === 'number' ? 'version' : expected;
    // Data and metadata in canonical form (RFC 8785): the append function hashes them as sent and
    // the verifier recomputes the same bytes from the stored jsonb.
    const payload = events.map((e) => ({
      event_id: e.eventId,
      type: e.type,
      schema_version: e.schemaVersion,
      data_json: canonicalJson(e.data),
      metadata_json: canonicalJson(e.metadata),
    }));
    const expectedVersion = typeof expected === 'number' ? expected : null;
    if (options.alongside) {
      try {
        const row = await this.appendAlongside([streamId, kind, expectedVersion, JSON.stringify(payload)], options.alongside);
        if (row.appended) this.wakeSubscribers();
        return { nextVersion: Number(row.next_version), position: BigInt(row.last_position) };
      } catch (error) {
        throw translateAppendError(error, streamId, expected, events);
      }
    }
    const eventsJson = JSON.stringify(payload);
    const json = `{"stream_id":${JSON.stringify(streamId)},"expected_kind":"${kind}","expected_version":${expectedVersion},"events":${eventsJson}}`;
    const append: GroupAppend = { json, params: [streamId, kind, expectedVersion, eventsJson] };
    let outcome = await this.groups.submit(append, json.length).catch((error: unknown) => ({ error }));
    if ('later' in outcome) outcome = await outcome.later;
    if ('later' in outcome) throw new Error('an append sent alone answers at once');
    if ('error' in outcome) throw translateAppendError(outcome.error, streamId, expected, events);
    const { refusal, next_version, last_position } = outcome.row;
    if (refusal) throw translateAppendError({ code: refusal, detail: next_version ?? undefined }, streamId, expected, events);
    return { nextVersion: Number(next_version), position: BigInt(last_position!) };
  }

  /**
   * One group of appends (JSON objects as append_to_streams takes them), in one transaction and one
   * round trip; subscribers are woken once for the group. Resolves after the commit: an append is
   * reported appended only once it is. If the statement fails on a value of one of the appends,
   * nothing was committed and each append is sent again alone, in order (a later append to a stream
   * may depend on an earlier one).
   */
  private async commitGroup(appends: readonly GroupAppend[]): Promise<GroupOutcome[]> {
    // Alone, it goes as before group commit: the same work in the database, a little less.
    if (appends.length === 1) return [await this.appendWaiting(appends[0])];
    try {
      const { rows } = await this.pool.query<GroupRow>(GROUP_SQL, [`[${appends.map((a) => a.json).join(',')}]`]);
      if (rows.some((row) => row.appended)) this.wakeSubscribers();
      // The busy ones are sent alone, one after the other, without holding up the rest of the group.
      let chain: Promise<unknown> = Promise.resolve();
      const outcomes = rows.map((row, i): GroupOutcome => {
        if (row.refusal !== 'busy') return { row };
        const later = chain.then(() => this.appendWaiting(appends[i]));
        chain = later;
        return { later };
      });
      if (rows.some((row) => row.refusal === 'busy')) {
        const done: Promise<void> = chain.then(() => void this.sentAlone.delete(done));
        this.sentAlone.add(done);
      }
      return outcomes;
    } catch (error) {
      const code = (error as PgError).code;
      if (!code || !DATA_ERROR_CLASSES.includes(code.slice(0, 2))) throw error;
      const outcomes: GroupOutcome[] = [];
      for (const append of appends) {
        outcomes.push(
          await this.commitGroup([append]).then(
            ([outcome]) => outcome,
            (alone: unknown) => ({ error: alone }),
          ),
        );
      }
      return outcomes;
    }
  }

  /**
   * An append of a group whose stream's lock was held elsewhere, sent alone through append_to_stream,
   * which waits for the lock, so that only this stream's appends wait. The busy appends of a group go
   * one after the other, in order, so a later append to a stream still sees an earlier one.
   */
  private async appendWaiting(append: GroupAppend): Promise<GroupOutcome> {
    try {
      const { rows } = await this.pool.query<AppendRow>(APPEND_SQL, append.params);
      if (rows[0].appended) this.wakeSubscribers();
      return { row: { refusal: null, ...rows[0] } };
    } catch (error) {
      return { error };
    }
  }

  private wakeSubscribers(): void {
    this.notifier.appended();
    this.announcer.announce();
  }

  /**
   * The append and the caller's rows in one transaction. `append_to_stream` must be the first write
   * of its transaction (it takes the stream's lock before the transaction gets its id, see the
   * migration), so the caller's rows come after it. A retry that finds its events writes nothing.
   */
  private appendAlongside(params: unknown[], alongside: NonNullable<AppendOptions['alongside']>): Promise<AppendRow> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<AppendRow>(APPEND_SQL, params);
      if (rows[0].appended) await alongside(client);
      return rows[0];
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_id = $1 AND stream_version >= $2
        ORDER BY stream_version LIMIT $3`,
      [streamId, options.fromVersion ?? 1, options.maxCount ?? null],
    );
    return rows.map(rowToEnvelope);
  }

  async readAll(options: ReadAllOptions = {}): Promise<EventEnvelope[]> {
    const params: unknown[] = [(options.after ?? -1n).toString(), options.limit ?? DEFAULT_READ_LIMIT];
    const filter = filterClause(options.filter, params);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE global_position > $1
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ${filter}
        ORDER BY global_position LIMIT $2`,
      params,
    );
    return rows.map(rowToEnvelope);
  }

  async head(options: { filter?: EventFilter } = {}): Promise<EventEnvelope | null> {
    const params: unknown[] = [];
    const filter = filterClause(options.filter, params);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ${filter}
        ORDER BY global_position DESC LIMIT 1`,
      params,
    );
    return rows[0] ? rowToEnvelope(rows[0]) : null;
  }

  backlog(options: BacklogOptions): Promise<Backlog> {
    return readBacklog(this.pool, options);
  }

  heldBack(options: { limit: number }): Promise<HeldBack> {
    return readHeldBack(this.pool, options.limit);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const subscription = new PostgresSubscription(
      (after, limit) => this.readAll({ after, limit, filter: options.filter }),
      (after) => this.committedAfter(after, options.filter),
      this.notifier,
      { after: options.after, batchSize: this.batchSize, pollIntervalMs: this.pollIntervalMs },
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Whether an event matching `filter` is committed after `after`, below the visibility horizon or
   * not: what a subscriber must still wait for. An index range from `after` on, short for a
   * subscriber that is up to date.
   */
  private async committedAfter(after: bigint | undefined, filter: EventFilter | undefined): Promise<boolean> {
    const params: unknown[] = [(after ?? -1n).toString()];
    const clause = filterClause(filter, params);
    const { rows } = await this.pool.query(`SELECT EXISTS (SELECT 1 FROM events WHERE global_position > $1 ${clause}) AS pending`, params);
    return rows[0].pending === true;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM event_streams LIMIT 1');
  }

  async close(): Promise<void> {
    await this.groups.settled();
    await Promise.all(this.sentAlone);
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await Promise.all([this.notifier.close(), this.announcer.close()]);
  }
}

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
}

function translateAppendError(
  error: unknown,
  streamId: string,
  expected: AppendOptions['expectedVersion'],
  events: readonly NewEvent[],
): unknown {
  const pg = error as PgError;
  switch (pg.code) {
    case 'ES001':
      return new WrongExpectedVersion(streamId, expected, Number(pg.detail));
    case 'ES002':
      return new EventIdConflict(
        streamId,
        events.map((e) => e.eventId),
      );
    case 'ES004':
      return new InvalidAppend(`Stream ${streamId}: too many events in one append`);
    default:
      return error;
  }
}
