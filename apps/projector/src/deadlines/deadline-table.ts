import type { Pool, PoolClient } from 'pg';
import type { DeadlineChange } from './deadline-changes';
import { deadlineIdOf, fireAtOf, type DeadlineKey } from './deadline';

/**
 * The SQL of `scheduled_deadlines` (see the migration). An event opens a row only if the row is new
 * or was closed by an earlier event, and closes only rows opened by an earlier event; a fired row
 * stays fired. So applying an event twice, late, or after the firing loop settled the row changes
 * nothing.
 */

/** A pending deadline that has fallen due, claimed by this instance for a lease. */
export interface DueDeadline extends DeadlineKey {
  deadlineId: string;
}

export async function applyDeadlineChange(client: PoolClient, change: DeadlineChange, position: bigint): Promise<void> {
  if (change.type === 'open') {
    const d = change.deadline;
    await client.query(
      `INSERT INTO scheduled_deadlines (deadline_id, case_id, unit_id, kind, due_date, fire_at, opened_position)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (deadline_id) DO UPDATE
          SET state = 'pending', opened_position = EXCLUDED.opened_position, closed_position = NULL,
              attempts = 0, last_error = NULL, retry_at = NULL, updated_at = now()
        WHERE scheduled_deadlines.state IN ('met', 'cancelled')
          AND scheduled_deadlines.closed_position < EXCLUDED.opened_position`,
      [deadlineIdOf(d), d.caseId, d.unitId, d.kind, d.dueDate, fireAtOf(d.dueDate), position.toString()],
    );
    return;
  }
  await client.query(
    `UPDATE scheduled_deadlines
        SET state = $5, closed_position = $6, updated_at = now()
      WHERE case_id = $1 AND state = 'pending' AND opened_position < $6
        AND ($2::text IS NULL OR unit_id = $2)
        AND ($3::text IS NULL OR kind = $3)
        AND ($4::date IS NULL OR due_date = $4)
        AND ($7::timestamptz IS NULL OR fire_at > $7)`,
    [
      change.caseId,
      change.unitId ?? null,
      change.kind ?? null,
      change.dueDate ?? null,
      change.state,
      position.toString(),
      change.metAt ?? null,
    ],
  );
}

/**
 * Claims up to `limit` pending deadlines due at `now` for `leaseMs`, in one statement that commits
 * at once. SKIP LOCKED: rows another instance is claiming right now are left to it and this one
 * takes the next; a claim whose holder crashed expires with its lease.
 */
export async function claimDueDeadlines(pool: Pool, now: Date, limit: number, leaseMs: number): Promise<DueDeadline[]> {
  const { rows } = await pool.query<{ deadline_id: string; case_id: string; unit_id: string; kind: DueDeadline['kind']; due_date: string }>(
    `UPDATE scheduled_deadlines d
        SET claimed_until = $1::timestamptz + make_interval(secs => $3::double precision / 1000), updated_at = now()
       FROM (SELECT deadline_id FROM scheduled_deadlines
              WHERE state = 'pending' AND fire_at <= $1 AND (retry_at IS NULL OR retry_at <= $1)
                AND (claimed_until IS NULL OR claimed_until <= $1)
              ORDER BY fire_at
              LIMIT $2
                FOR UPDATE SKIP LOCKED) due
      WHERE d.deadline_id = due.deadline_id
  RETURNING d.deadline_id, d.case_id, d.unit_id, d.kind, to_char(d.due_date, 'YYYY-MM-DD') AS due_date`,
    [now, limit, leaseMs],
  );
  return rows.map((r) => ({ deadlineId: r.deadline_id, caseId: r.case_id, unitId: r.unit_id, kind: r.kind, dueDate: r.due_date }));
}

/**
 * The case has decided: `fired` (DeadlinePassed is in the stream) or `met` (nothing to record: met,
 * moved or already marked). `position` is how far into the log that decision saw.
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
