import type { Pool } from 'pg';
import type { DeadlineChange } from './deadline-changes';
import { caseStreamId, CASE_STREAM_PREFIX, type DeadlineKind, type MeasureDeadlineKind } from '@app/domain';
import { deadlineIdOf, fireAtOf, isMeasureDeadline, type DeadlineKey } from './deadline';

/**
 * The SQL of `scheduled_deadlines` (see the migrations). An event opens a row only if the row is new
 * or was closed by an earlier event, and closes only rows opened by an earlier event; a fired row
 * stays fired. So applying an event twice, late, or after the firing loop settled the row changes
 * nothing.
 */

/** A pending deadline that has fallen due, claimed by this instance for a lease. */
export type DueDeadline = DeadlineKey & { deadlineId: string };

/** A deadline change, with the global position of the event it comes from. */
export interface PositionedChange {
  change: DeadlineChange;
  position: bigint;
}

/** What feeding a batch found. */
export interface FedBatch {
  /** The feeder's checkpoint before the batch; null: none yet. */
  previousCheckpoint: bigint | null;
  /** The earliest `fire_at` of a pending deadline after the batch; null: none is pending. */
  nextDue: Date | null;
}

/**
 * Applies a feeder batch: its changes in log order, the ones above the feeder's checkpoint only
 * (another instance may have applied the rest meanwhile), and moves the checkpoint to
 * `lastPosition`, never backwards; one call, one transaction, one round trip
 * (`feed_scheduled_deadlines`, migrations 1764200000500 and 1764600000800, which hold the statements). Feeders of one
 * name take turns.
 */
export async function feedDeadlineChanges(
  pool: Pool,
  feeder: string,
  lastPosition: bigint,
  changes: readonly PositionedChange[],
): Promise<FedBatch> {
  const { rows } = await pool.query<{ previous_checkpoint: string | null; next_due: Date | null }>(
    'SELECT previous_checkpoint, next_due FROM feed_scheduled_deadlines($1, $2, $3::jsonb)',
    [feeder, lastPosition.toString(), JSON.stringify(changes.map(({ change, position }) => changeRow(change, position)))],
  );
  const { previous_checkpoint, next_due } = rows[0];
  return { previousCheckpoint: previous_checkpoint === null ? null : BigInt(previous_checkpoint), nextDue: next_due };
}

function changeRow(change: DeadlineChange, position: bigint): Record<string, string | null> {
  const at = position.toString();
  switch (change.type) {
    case 'open': {
      const d = change.deadline;
      const common = {
        position: at,
        type: 'open',
        deadline_id: deadlineIdOf(d),
        kind: d.kind,
        due_date: d.dueDate,
        fire_at: fireAtOf(d.dueDate).toISOString(),
      };
      if (!isMeasureDeadline(d))
        return { ...common, stream_id: caseStreamId(d.caseId), case_id: d.caseId, unit_id: d.unitId, measure_id: null };
      return { ...common, stream_id: d.streamId, case_id: caseIdOf(d.streamId), unit_id: d.unitId, measure_id: d.measureId };
    }
    case 'close':
      return {
        position: at,
        type: 'close',
        case_id: change.caseId,
        unit_id: change.unitId ?? null,
        kind: change.kind ?? null,
        due_date: change.dueDate ?? null,
        state: change.state,
        met_at: change.metAt ?? null,
      };
    case 'close_measure':
      return {
        position: at,
        type: 'close_measure',
        stream_id: change.streamId,
        measure_id: change.measureId ?? null,
        kind: change.kind ?? null,
        due_date: change.dueDate ?? null,
        state: change.state,
        met_at: change.metAt ?? null,
      };
    case 'reopen_measure_due':
      return { position: at, type: 'reopen_measure_due', stream_id: change.streamId, measure_id: change.measureId };
  }
}

/** The case a stream is of, for the rows of a case's measures (null: a finding's). */
function caseIdOf(streamId: string): string | null {
  return streamId.startsWith(CASE_STREAM_PREFIX) ? streamId.slice(CASE_STREAM_PREFIX.length) : null;
}

/**
 * Claims up to `limit` pending deadlines due at `now` for `leaseMs`, in one statement that commits
 * at once. SKIP LOCKED: rows another instance is claiming right now are left to it and this one
 * takes the next; a claim whose holder crashed expires with its lease. A measure deadline is claimed
 * only when its stream starts with one of `measureStreamPrefixes` (the holders the firer can send
 * MarkMeasureDeadlinePassed to); the others wait, pending, until a release registers their holder.
 */
export async function claimDueDeadlines(
  pool: Pool,
  now: Date,
  limit: number,
  leaseMs: number,
  measureStreamPrefixes: readonly string[] = [CASE_STREAM_PREFIX],
): Promise<DueDeadline[]> {
  const { rows } = await pool.query<{
    deadline_id: string;
    stream_id: string;
    case_id: string;
    unit_id: string | null;
    measure_id: string | null;
    kind: string;
    due_date: string;
  }>(
    `UPDATE scheduled_deadlines d
        SET claimed_until = $1::timestamptz + make_interval(secs => $3::double precision / 1000), updated_at = now()
       FROM (SELECT deadline_id FROM scheduled_deadlines
              WHERE state = 'pending' AND fire_at <= $1 AND (retry_at IS NULL OR retry_at <= $1)
                AND (claimed_until IS NULL OR claimed_until <= $1)
                AND (measure_id IS NULL OR EXISTS (SELECT 1 FROM unnest($4::text[]) p WHERE starts_with(stream_id, p)))
              ORDER BY fire_at
              LIMIT $2
                FOR UPDATE SKIP LOCKED) due
      WHERE d.deadline_id = due.deadline_id
  RETURNING d.deadline_id, d.stream_id, d.case_id, d.unit_id, d.measure_id, d.kind, to_char(d.due_date, 'YYYY-MM-DD') AS due_date`,
    [now, limit, leaseMs, measureStreamPrefixes],
  );
  return rows.map((r): DueDeadline => {
    const base = { deadlineId: r.deadline_id, dueDate: r.due_date };
    return r.measure_id === null
      ? { ...base, caseId: r.case_id, unitId: r.unit_id as string, kind: r.kind as DeadlineKind }
      : { ...base, streamId: r.stream_id, measureId: r.measure_id, unitId: r.unit_id, kind: r.kind as MeasureDeadlineKind };
  });
}

/**
 * The holder has decided: `fired` (DeadlinePassed or MeasureDeadlinePassed is in the stream) or
 * `met` (nothing to record: met, moved or already marked). `position` is how far into the log that decision saw.
 */
export async function settleDeadline(pool: Pool, deadlineId: string, state: 'fired' | 'met', position: bigint | null): Promise<void> {
  await pool.query(
    `UPDATE scheduled_deadlines
        SET state = $2, closed_position = coalesce($3, opened_position), last_error = NULL, retry_at = NULL,
            claimed_until = NULL, updated_at = now()
      WHERE deadline_id = $1 AND state = 'pending'`,
    [deadlineId, state, position?.toString() ?? null],
  );
}

/** Firing failed: try again later, backing off (2 s, 4 s, … up to an hour) so others go first. */
export async function recordFiringFailure(pool: Pool, deadlineId: string, error: string, now: Date): Promise<void> {
  await pool.query(
    `UPDATE scheduled_deadlines
        SET attempts = attempts + 1, last_error = $2, claimed_until = NULL, updated_at = now(),
            retry_at = $3::timestamptz + make_interval(secs => least(power(2, attempts + 1), 3600))
      WHERE deadline_id = $1`,
    [deadlineId, error, now],
  );
}
