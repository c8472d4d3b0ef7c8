import type { EventEnvelope } from '@app/event-store';
import {
  beijingDateOf,
  CASE_EVENT_TYPES,
  CASE_STREAM_PREFIX,
  HANDLING_ROUND_EVENTS,
  handlingRoundsAfter,
  openRoundLateFrom,
  roundsMissedFrom,
  type CaseEvent,
  type ComplaintFiled,
  type HandlingRound,
} from '@app/domain';
import { perEvent, type Projection, type ProjectionContext } from '../runner/projection';
import { caseFactChanges } from './case-facts';
import { addCountChanges, caseContribution, cohortOf } from './dashboard-counts';
import { DASHBOARD_TABLES } from './dashboard.tables';
import { writeRelatedRows, type EventPlace } from './related-rows';
import { DASHBOARD_CASES_TABLE, DASHBOARD_READ_MODEL } from './dashboard.reader';

/**
 * The dashboard read model (领导看板): per-case facts, per-dispatch rows, measures and accountability
 * forms, and what they count per day and month of receipt, from which `GET /api/v1/dashboard/*` sums
 * counts and rates for any period and filter. Each event is applied at most once: the case row's
 * stream version guards every change.
 */
export const dashboardProjection: Projection = {
  name: DASHBOARD_READ_MODEL,
  // 2: handling_rounds and the deadline rule's instants instead of lead_completed_on (a reopening no longer clears a late round).
  // 3: the counts per day and month of receipt (dashboard_counts, dashboard_pending) the queries sum.
  version: 3,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: DASHBOARD_TABLES,
  ...perEvent(Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, applyToDashboard]))),
};

async function applyToDashboard(envelope: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  const at: EventPlace = {
    caseId: envelope.streamId.slice(CASE_STREAM_PREFIX.length),
    version: envelope.streamVersion,
    on: dayOf(event, envelope),
  };
  if (event.type === 'ComplaintFiled') return fileCase(event, at, ctx);
  // $1 case, $2 version; each change adds its own parameters after those.
  const params: unknown[] = [at.caseId, at.version];
  const p = (value: unknown) => `$${params.push(value)}`;
  const changes = caseFactChanges(event, at.on, p);
  if (HANDLING_ROUND_EVENTS.includes(event.type)) {
    const { rows } = await ctx.query(
      `SELECT handling_rounds FROM ${ctx.table(DASHBOARD_CASES_TABLE)} WHERE case_id = $1 AND version < $2`,
      [at.caseId, at.version],
    );
    if (rows.length === 0) return; // applied before
    const rounds = handlingRoundsAfter(rows[0].handling_rounds as HandlingRound[], event, envelope.metadata.occurredAt, at.version);
    changes.push(
      `handling_rounds = ${p(JSON.stringify(rounds))}::jsonb`,
      `handling_missed_from = ${p(roundsMissedFrom(rounds))}::timestamptz`,
      `open_late_from = ${p(openRoundLateFrom(rounds))}::timestamptz`,
    );
  }
  // The row before and after, for what it counts (dashboard-counts.ts): `old` names no column of the
  // row, so the assignments' right-hand sides read the row as it was.
  const table = ctx.table(DASHBOARD_CASES_TABLE);
  const { rows } = await ctx.query(
    `UPDATE ${table} AS c SET version = $2${changes.map((c) => `, ${c}`).join('')}
       FROM (SELECT case_id AS old_case, to_jsonb(o) AS old_row FROM ${table} o WHERE o.case_id = $1 AND o.version < $2) old
      WHERE c.case_id = old.old_case
      RETURNING old.old_row, to_jsonb(c) AS new_row`,
    params,
  );
  if (rows.length === 0) return; // applied before
  const [before, after] = [rows[0].old_row, rows[0].new_row] as Array<Record<string, unknown>>;
  const related = await writeRelatedRows(event, at, ctx);
  await addCountChanges(ctx, cohortOf(after), [caseContribution(before), ...related.before], [caseContribution(after), ...related.after]);
}

async function fileCase(event: ComplaintFiled, at: EventPlace, ctx: ProjectionContext): Promise<void> {
  const d = event.data;
  const { rows } = await ctx.query(
    `INSERT INTO ${ctx.table(DASHBOARD_CASES_TABLE)} AS c (case_id, version, channel, category, urgency, complained_unit_id, received_on, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'filed') ON CONFLICT (case_id) DO NOTHING
     RETURNING to_jsonb(c) AS row`,
    [at.caseId, at.version, d.channel, d.category, d.urgency, d.complainedUnitId, beijingDateOf(d.receivedAt)],
  );
  if (rows.length === 0) return; // applied before
  const row = rows[0].row as Record<string, unknown>;
  await addCountChanges(ctx, cohortOf(row), [], [caseContribution(row)]);
}

/**
 * The Beijing day an event happened in the domain (the command's clock), not when the store took it:
 * a sign-for or report carries its own instant; events written before those fields existed, and all
 * others, use the metadata's occurredAt.
 */
function dayOf(event: CaseEvent, envelope: EventEnvelope): string {
  const own =
    event.type === 'UnitAcknowledged' ? event.data.acknowledgedAt : event.type === 'HandlingReported' ? event.data.reportedAt : undefined;
  return beijingDateOf(own ?? envelope.metadata.occurredAt ?? envelope.recordedAt);
}
