import type { EventEnvelope } from '@app/event-store';
import type { CaseEvent, HandlingRound } from '@app/domain';
import { CASE_EVENT_TYPES, CASE_STREAM_PREFIX, HANDLING_ROUND_EVENTS, handlingRoundsAfter, roundsMissedFrom } from '@app/domain';
import { perEvent, type Projection, type ProjectionContext } from '../runner/projection';
import { CASE_LIST_READ_MODEL, CASE_LIST_TABLE } from './case-list.reader';
import { caseListTable } from './case-list.tables';

/**
 * The case list (案件列表): one row per case with what lists filter and sort on. No complainant
 * data: units and dashboards read this. Every update is guarded by the stream version, so
 * applying an event twice changes nothing. Overdue is not stored: the row keeps the lead's handling
 * deadline of each round and from when they make the case overdue (libs/domain's deadline rule),
 * and the reader asks that as of the instant of the query. `DeadlinePassed` changes nothing here.
 */
export const caseListProjection: Projection = {
  name: CASE_LIST_READ_MODEL,
  // 2: overdue from the recorded due dates and acts (handling_rounds), no longer from DeadlinePassed.
  version: 2,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: [caseListTable],
  ...perEvent(Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, handle]))),
};

async function handle(envelope: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  const table = ctx.table(CASE_LIST_TABLE);
  const caseId = envelope.streamId.slice(CASE_STREAM_PREFIX.length);
  if (event.type === 'ComplaintFiled') {
    const d = event.data;
    await ctx.query(
      `INSERT INTO ${table} (case_id, version, status, channel, category, urgency, title, complained_unit_id, received_at, updated_at)
       VALUES ($1, $2, 'filed', $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_id) DO NOTHING`,
      [caseId, envelope.streamVersion, d.channel, d.category, d.urgency, d.title, d.complainedUnitId, d.receivedAt, envelope.recordedAt],
    );
    return;
  }
  // $1 case, $2 version, $3 recorded at; each change adds its own parameters after those.
  const params: unknown[] = [caseId, envelope.streamVersion, envelope.recordedAt];
  const p = (value: unknown) => `$${params.push(value)}`;
  const changes = changesOf(event, p);
  if (HANDLING_ROUND_EVENTS.includes(event.type)) {
    const { rows } = await ctx.query(`SELECT handling_rounds FROM ${table} WHERE case_id = $1 AND version < $2`, [
      caseId,
      envelope.streamVersion,
    ]);
    if (rows.length === 0) return; // applied before
    const rounds = handlingRoundsAfter(
      rows[0].handling_rounds as HandlingRound[],
      event,
      envelope.metadata.occurredAt,
      envelope.streamVersion,
    );
    changes.push(
      `handling_rounds = ${p(JSON.stringify(rounds))}::jsonb`,
      `handling_missed_from = ${p(roundsMissedFrom(rounds))}::timestamptz`,
    );
  }
  await ctx.query(
    `UPDATE ${table} SET version = $2, updated_at = $3${changes.map((c) => `, ${c}`).join('')} WHERE case_id = $1 AND version < $2`,
    params,
  );
}

/** The column assignments an event makes; `p(value)` adds a parameter and returns its placeholder. */
function changesOf(event: CaseEvent, p: (value: unknown) => string): string[] {
  switch (event.type) {
    case 'ComplaintAccepted':
      return [`status = 'accepted'`];
    case 'ComplaintRejected':
      return [`status = 'rejected'`];
    case 'UnitNotified': {
      const d = event.data;
      const unit = p(d.unitId);
      const lead =
        d.role === 'lead' ? [`lead_unit_id = ${unit}`, `sign_for_due = ${p(d.signForDue)}`, `handling_due = ${p(d.handlingDue)}`] : [];
      return [
        `status = 'in_progress'`,
        `unit_ids = CASE WHEN ${unit} = ANY(unit_ids) THEN unit_ids ELSE array_append(unit_ids, ${unit}) END`,
        ...lead,
      ];
    }
    case 'CaseTransferred': {
      const d = event.data;
      const to = p(d.toUnitId);
      const lead =
        d.role === 'lead' ? [`lead_unit_id = ${to}`, `sign_for_due = ${p(d.signForDue)}`, `handling_due = ${p(d.handlingDue)}`] : [];
      return [`unit_ids = array_append(array_remove(unit_ids, ${p(d.fromUnitId)}), ${to})`, ...lead];
    }
    case 'DispatchDisputed': {
      const unit = p(event.data.unitId);
      return [
        `unit_ids = array_remove(unit_ids, ${unit})`,
        `lead_unit_id = CASE WHEN lead_unit_id = ${unit} THEN NULL ELSE lead_unit_id END`,
      ];
    }
    case 'ExtensionGranted': {
      const d = event.data;
      return ['extended = true', `handling_due = CASE WHEN lead_unit_id = ${p(d.unitId)} THEN ${p(d.newDue)}::date ELSE handling_due END`];
    }
    case 'CaseReopened':
      // A look-back review (回头看) reopens a closed case: it is no longer closed.
      return [
        `round = ${p(event.data.round)}`,
        `handling_due = ${p(event.data.handlingDue)}`,
        `status = 'in_progress'`,
        'closed_at = NULL',
      ];
    case 'CaseClosed':
      return [`status = 'closed'`, 'closed_at = $3'];
    default:
      return [];
  }
}
