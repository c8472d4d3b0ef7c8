import type { Pool, PoolClient } from 'pg';
import { isLockNotGranted } from '@app/platform';
import { bounded, quoted, type EventEnvelope, type ReadModelFailure, type ReadModelVerification } from '@app/event-store';
import { AUDIT_COLUMNS, auditRow, type AuditColumn, type AuditRow } from './audit.projection';
import { AUDIT_EVENTS_TABLE, AUDIT_READ_MODEL } from './audit.reader';

/** Rows per keyset page: as many as verify's log pages, so about one of each is held at a time. */
const ROWS_PER_PAGE = 5_000;
const LISTED_FAILURES = 100;
/**
 * How long the check waits for the read model's lock (`lock_timeout`, as the append functions wait
 * for theirs): a session holding the view or its generation (a LOCK, a long migration) would
 * otherwise hold GET /audit/verify and the CLI for as long as it likes.
 */
export const READ_MODEL_LOCK_WAIT_MS = 5_000;
/** What a caller refused for it is told to wait before trying again. */
const LOCKED_RETRY_AFTER_SECONDS = 5;

/**
 * The audit read model stayed locked by another session for READ_MODEL_LOCK_WAIT_MS: nothing was
 * compared or recorded. The API answers 503 SERVICE_UNAVAILABLE with Retry-After (its lock_timeout's
 * SQLSTATE, 55P03, kept as `code`); the CLI says so and exits 1.
 */
export class AuditReadModelLocked extends Error {
  readonly code = '55P03';
  readonly retryAfterSeconds = LOCKED_RETRY_AFTER_SECONDS;
  constructor(cause: unknown) {
    super(
      `The audit read model (${AUDIT_EVENTS_TABLE}) stayed locked by another session for ${READ_MODEL_LOCK_WAIT_MS / 1000} s ` +
        '(a rebuild swapping it in, a migration, or a LOCK): nothing was verified; try again shortly',
      { cause },
    );
    this.name = 'AuditReadModelLocked';
  }
}

/** Below every position: the first page starts here, so a row planted at 0 or below is read too. */
const MIN_POSITION = '-9223372036854775808';

/**
 * The audit read model (`audit_events`) against the log, row by row, as `audit verify` reads the
 * log (verifyLog's `onPage`): every event up to the read model's checkpoint must have exactly its
 * row, holding what `auditRow` (the projection's own derivation) gives for it. Events past the
 * checkpoint are not looked for (the projector has not reached them), but every row is read, and a
 * row past the checkpoint is extra: the generation the view serves gets its rows and its checkpoint
 * in one transaction, whether from a live batch (live-batch.ts) or from the rebuild's swap, which
 * applies the tail, points the views at the new generation and moves the checkpoint together
 * (rebuild.ts swapIn). A rebuild fills its generation ahead of its checkpoint, but in tables of its
 * own that no view reads until that swap; so in this snapshot, of the view's generation, a row past
 * the checkpoint is one nobody's commit put there with the checkpoint: planted. (Left out, such a row
 * would go unreported while the audit list refuses the pages that reach it.)
 *
 * Its rows are read in one REPEATABLE READ, READ ONLY transaction (no transaction id: it holds back
 * no reader of the log), in position order by keyset pages beside the log's. The view is locked
 * (ACCESS SHARE) before the snapshot is taken, so the checkpoint read in the snapshot names the
 * generation the view reads, and a rebuild's swap waits until the comparison ends (the swap sees
 * the holder and says so: view-swap.ts) rather than pull the compared generation away. The snapshot
 * does hold back vacuum for as long as verify reads the log, as any long read would.
 *
 * Events are compared as the log holds them: the projector applies them without upcasters
 * (apps/projector/src/projections.providers.ts gives it none); were it given some, they belong here too.
 */
export class AuditReadModelCheck {
  private readonly failures: ReadModelFailure[] = [];
  private failureCount = 0;
  private rows = 0;
  private page: DatabaseRow[] = [];
  private next = 0;
  private after: string | null = null;
  private exhausted = false;
  private closed = false;

  private constructor(
    private readonly client: PoolClient | null,
    private readonly generation: number | null,
    private readonly upTo: bigint | null,
  ) {
    this.exhausted = client === null;
  }

  /** Opens the snapshot and reads the checkpoint: before the log is read, so the log holds every event up to it. */
  static async open(pool: Pool): Promise<AuditReadModelCheck> {
    // Asked outside the transaction: any SELECT in it would take its snapshot before the lock.
    const { rows: views } = await pool.query(`SELECT to_regclass($1) IS NOT NULL AS built`, [AUDIT_EVENTS_TABLE]);
    if (!views[0].built) return new AuditReadModelCheck(null, null, null);
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Every lock of the transaction (the view's, its generation's, taken by the LOCK or a page's SELECT) waits this long at most.
      await client.query(`SET LOCAL lock_timeout = '${READ_MODEL_LOCK_WAIT_MS}ms'`);
      // LOCK takes no snapshot: the SELECT after it does, the swap then held off for as long as this runs.
      await client.query(`LOCK TABLE ${AUDIT_EVENTS_TABLE} IN ACCESS SHARE MODE`);
      const { rows } = await client.query(`SELECT generation, position::text AS position FROM projection_checkpoints WHERE name = $1`, [
        AUDIT_READ_MODEL,
      ]);
      const checkpoint = rows[0] as { generation: number; position: string | null } | undefined;
      return new AuditReadModelCheck(client, checkpoint?.generation ?? null, checkpoint?.position ? BigInt(checkpoint.position) : null);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw isLockNotGranted(error) ? new AuditReadModelLocked(error) : error;
    }
  }

  /** Compares the next page of the log (in log order, as verifyLog hands it). */
  async compare(events: readonly EventEnvelope[]): Promise<void> {
    if (this.client === null) return;
    for (const event of events) {
      // Past the checkpoint (or none yet): not applied yet, so no row is looked for; the rows left are read by finish.
      if (this.upTo === null || event.position > this.upTo) return;
      let row = await this.peek();
      while (row && BigInt(row.position as string) < event.position) {
        this.extra(row);
        row = await this.take();
      }
      if (row && BigInt(row.position as string) === event.position) {
        this.differences(event, row);
        await this.take();
      } else {
        this.add({
          kind: 'row_missing',
          message: `${AUDIT_EVENTS_TABLE} has no row for ${bounded(event.streamId)} version ${event.streamVersion} (${bounded(event.type)})`,
          ...at(event),
          column: null,
        });
      }
    }
  }

  /** The rows left name no event of the log (those past the checkpoint none it applied); then the verdict. Ends the transaction. */
  async finish(): Promise<ReadModelVerification> {
    for (let row = await this.peek(); row; row = await this.take()) this.extra(row);
    await this.close();
    return {
      readModel: AUDIT_READ_MODEL,
      table: AUDIT_EVENTS_TABLE,
      ok: this.failureCount === 0,
      generation: this.generation,
      upToPosition: this.upTo?.toString() ?? null,
      rows: this.rows,
      firstFailure: this.failures[0] ?? null,
      failureCount: this.failureCount,
      failures: this.failures,
    };
  }

  /** Lets the snapshot go (idempotent: after finish, or when the log could not be read). */
  async close(): Promise<void> {
    const client = this.client;
    if (!client || this.closed) return;
    this.closed = true;
    try {
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  }

  private differences(event: EventEnvelope, row: DatabaseRow): void {
    const expected = auditRow(event);
    for (const column of AUDIT_COLUMNS) {
      const want = normalised(column, expected[column]);
      const have = normalised(column, row[column]);
      if (want === have) continue;
      this.add({
        kind: 'row_differs',
        message: `${AUDIT_EVENTS_TABLE} row of ${bounded(event.streamId)} version ${event.streamVersion}: ${column} is ${bounded(have)}, the event gives ${bounded(want)}`,
        ...at(event),
        column,
      });
    }
  }

  private extra(row: DatabaseRow): void {
    this.add({
      kind: 'row_extra',
      // The row's values are whatever was planted: quoted cut short and escaped (quoted.ts).
      message: `${AUDIT_EVENTS_TABLE} has a row at position ${row.position} (${quoted(row.stream_id)} version ${row.stream_version}, ${quoted(row.type)}) and the log no event there`,
      streamId: row.stream_id === null ? null : bounded(row.stream_id),
      version: row.stream_version as number,
      position: row.position as string,
      eventId: row.event_id as string,
      column: null,
    });
  }

  private add(failure: ReadModelFailure): void {
    this.failureCount++;
    if (this.failures.length < LISTED_FAILURES) this.failures.push(failure);
  }

  /** The next row not yet compared, wherever it is; a page is fetched when the last is used up. */
  private async peek(): Promise<DatabaseRow | undefined> {
    if (this.next < this.page.length) return this.page[this.next];
    if (this.exhausted) return undefined;
    // ORDER BY the table's column: a bare `position` would be the text output column of that name,
    // and positions of different lengths (999… before 1000…) would come out of order.
    const { rows } = await this.client!.query(
      `SELECT position::text AS position, event_id::text AS event_id, stream_id, stream_version, type, case_id, actor_id, role,
              unit_ids, ${instant('recorded_at')} AS recorded_at, ${instant('occurred_at')} AS occurred_at
         FROM ${AUDIT_EVENTS_TABLE}
        WHERE position > $1::bigint
        ORDER BY ${AUDIT_EVENTS_TABLE}.position LIMIT ${ROWS_PER_PAGE}`,
      [this.after ?? MIN_POSITION],
    );
    this.page = rows as DatabaseRow[];
    this.next = 0;
    this.rows += rows.length;
    if (rows.length < ROWS_PER_PAGE) this.exhausted = true;
    if (rows.length > 0) this.after = (rows[rows.length - 1] as DatabaseRow).position as string;
    return this.page[0];
  }

  private async take(): Promise<DatabaseRow | undefined> {
    this.next++;
    return this.peek();
  }
}

type DatabaseRow = AuditRow;

/** An instant as UTC text to the microsecond, what timestamptz holds. */
function instant(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * A column's value in one comparable text, whichever side it comes from: the database's text (uuid
 * in lower case, instants to the microsecond) or the projection's values (instants as ISO text).
 */
function normalised(column: AuditColumn, value: AuditRow[AuditColumn]): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value);
  if (column === 'event_id') return String(value).toLowerCase();
  if (column === 'recorded_at' || column === 'occurred_at') return toMicroseconds(String(value));
  return JSON.stringify(value);
}

function toMicroseconds(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const fraction = /T[^.]*\.(\d+)/.exec(iso)?.[1] ?? '';
  return `${new Date(ms).toISOString().slice(0, -1)}${fraction.padEnd(6, '0').slice(3, 6)}Z`;
}

function at(event: EventEnvelope): Pick<ReadModelFailure, 'streamId' | 'version' | 'position' | 'eventId'> {
  return { streamId: event.streamId, version: event.streamVersion, position: event.position.toString(), eventId: event.eventId };
}
