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
import type { Projection, ProjectionContext } from '../runner/projection';
import { caseFactChanges } from './case-facts';
import { DASHBOARD_TABLES } from './dashboard.tables';
import { writeRelatedRows, type EventPlace } from './related-rows';
import { DASHBOARD_CASES_TABLE, DASHBOARD_READ_MODEL } from './dashboard.reader';

/**
 * The dashboard read model (领导看板): per-case facts, per-dispatch rows, measures and accountability
 * forms, from which `GET /api/v1/dashboard/*` aggregates counts and rates for any period and filter.
 * Each event is applied at most once: the case row's stream version guards every change.
 */
export const dashboardProjection: Projection = {
  name: DASHBOARD_READ_MODEL,
  // 2: handling_rounds and the deadline rule's instants instead of lead_completed_on (a reopening no longer clears a late round).
  version: 2,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: DASHBOARD_TABLES,
  handlers: Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, applyToDashboard])),
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
  const { rowCount } = await ctx.query(
    `UPDATE ${ctx.table(DASHBOARD_CASES_TABLE)} SET version = $2${changes.map((c) => `, ${c}`).join('')} WHERE case_id = $1 AND version < $2`,
    params,
  );
  if (rowCount === 0) return; // applied before
  await writeRelatedRows(event, at, ctx);
}

async function fileCase(event: ComplaintFiled, at: EventPlace, ctx: ProjectionContext): Promise<void> {
  const d = event.data;
  await ctx.query(
    `INSERT INTO ${ctx.table(DASHBOARD_CASES_TABLE)} (case_id, version, channel, category, urgency, complained_unit_id, received_on, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'filed') ON CONFLICT (case_id) DO NOTHING`,
    [at.caseId, at.version, d.channel, d.category, d.urgency, d.complainedUnitId, beijingDateOf(d.receivedAt)],
  );
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
