import type { EventEnvelope } from '@app/event-store';
import type { CaseEvent, ComplaintFiled, HandlingRound } from '@app/domain';
import { CASE_EVENT_TYPES, CASE_STREAM_PREFIX, HANDLING_ROUND_EVENTS, handlingRoundsAfter, roundsMissedFrom } from '@app/domain';
import type { Projection } from '../runner/projection';
import { BatchRows } from '../runner/row-cache';
import { rowSlot } from '../runner/table-slots';
import { itemJsonHead, type CaseListItemColumns } from './case-list.item';
import { CASE_LIST_READ_MODEL, CASE_LIST_TABLE } from './case-list.reader';
import { caseListTable } from './case-list.tables';

/**
 * The case list (案件列表): one row per case with what lists filter and sort on. No complainant
 * data: units and dashboards read this. Overdue is not stored: the row keeps the lead's handling
 * deadline of each round and from when they make the case overdue (libs/domain's deadline rule),
 * and the reader asks that as of the instant of the query. `DeadlinePassed` changes nothing here.
 *
 * A batch loads the rows of its cases, applies its events to them in memory in log order and writes
 * the rows it changed back in one statement (during a rebuild, to the rows kept across batches:
 * runner/row-cache.ts). Each event is guarded by the stream version: one the row already has changes
 * nothing, so applying an event twice changes nothing.
 */
export const caseListProjection: Projection = {
  name: CASE_LIST_READ_MODEL,
  // 2: overdue from the recorded due dates and acts (handling_rounds), no longer from DeadlinePassed.
  // 3: the received index in the pages' order (case_id descending too).
  // 4: each row stores its item's JSON (item_json), rendered as it is written.
  // 5: handling_rounds stored as json, not jsonb (cheaper to write, read back whole).
  version: 5,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: [caseListTable],
  eventTypes: new Set(CASE_EVENT_TYPES),
  async applyBatch(events, ctx) {
    const rows = await BatchRows.read(ctx, caseListRows, [...new Set(events.map(caseIdOf))]);
    for (const envelope of events) {
      const caseId = caseIdOf(envelope);
      const row = rows.get(caseId);
      const next = row ? rowAfter(row, envelope) : filedRow(caseId, envelope);
      if (next) rows.set(caseId, next);
    }
    await rows.write(ctx);
  },
};

/** A row of `case_list` as `to_json` gives it (instants and days as ISO text), but for its item's JSON. */
interface CaseListRow extends CaseListItemColumns {
  handling_rounds: HandlingRound[];
  handling_missed_from: string | null;
  updated_at: string;
}

/** Every column held: all but `item_json`, which is rendered from them as the row is written. */
const HELD_COLUMNS: ReadonlyArray<keyof CaseListRow> = [
  'case_id',
  'version',
  'status',
  'channel',
  'category',
  'urgency',
  'title',
  'complained_unit_id',
  'lead_unit_id',
  'unit_ids',
  'received_at',
  'sign_for_due',
  'handling_due',
  'extended',
  'handling_rounds',
  'handling_missed_from',
  'round',
  'closed_at',
  'updated_at',
];

/** A case's row, by case id. Rows are replaced, never changed in place. */
const caseListRows = rowSlot<CaseListRow>(CASE_LIST_TABLE, 'case_id', {
  held: HELD_COLUMNS,
  stored: (row) => ({ ...row, item_json: itemJsonHead(row) }),
});

/** The case of an event's stream; lower case, as PostgreSQL writes a uuid (the rows' keys). */
function caseIdOf(envelope: EventEnvelope): string {
  return envelope.streamId.slice(CASE_STREAM_PREFIX.length).toLowerCase();
}

/** The row a complaint filing starts; any other event of a case without a row changes nothing. */
function filedRow(caseId: string, envelope: EventEnvelope): CaseListRow | null {
  if (envelope.type !== 'ComplaintFiled') return null;
  const d = envelope.data as ComplaintFiled['data'];
  return {
    case_id: caseId,
    version: envelope.streamVersion,
    status: 'filed',
    channel: d.channel,
    category: d.category,
    urgency: d.urgency,
    title: d.title,
    complained_unit_id: d.complainedUnitId,
    lead_unit_id: null,
    unit_ids: [],
    received_at: d.receivedAt,
    sign_for_due: null,
    handling_due: null,
    extended: false,
    handling_rounds: [],
    handling_missed_from: null,
    round: 1,
    closed_at: null,
    updated_at: envelope.recordedAt,
  };
}

/** The row after one more event of its case; null when the row has it already (or it is a second filing). */
function rowAfter(row: CaseListRow, envelope: EventEnvelope): CaseListRow | null {
  if (envelope.type === 'ComplaintFiled' || envelope.streamVersion <= row.version) return null;
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  const next = { ...row, ...changesOf(event, row, envelope.recordedAt), version: envelope.streamVersion, updated_at: envelope.recordedAt };
  if (HANDLING_ROUND_EVENTS.includes(event.type)) {
    next.handling_rounds = handlingRoundsAfter(row.handling_rounds, event, envelope.metadata.occurredAt, envelope.streamVersion);
    next.handling_missed_from = roundsMissedFrom(next.handling_rounds)?.toISOString() ?? null;
  }
  return next;
}

/** The columns an event changes, given the row before it; `recordedAt` is when the store took the event. */
function changesOf(event: CaseEvent, row: CaseListRow, recordedAt: string): Partial<CaseListRow> {
  switch (event.type) {
    case 'ComplaintAccepted':
      return { status: 'accepted' };
    case 'ComplaintRejected':
      return { status: 'rejected' };
    case 'UnitNotified': {
      const d = event.data;
      const lead = d.role === 'lead' ? { lead_unit_id: d.unitId, sign_for_due: d.signForDue, handling_due: d.handlingDue } : {};
      return { status: 'in_progress', unit_ids: row.unit_ids.includes(d.unitId) ? row.unit_ids : [...row.unit_ids, d.unitId], ...lead };
    }
    case 'CaseTransferred': {
      const d = event.data;
      const lead = d.role === 'lead' ? { lead_unit_id: d.toUnitId, sign_for_due: d.signForDue, handling_due: d.handlingDue } : {};
      // As array_append(array_remove(…)) did: the unit it goes to is appended even if already there.
      return { unit_ids: [...row.unit_ids.filter((unit) => unit !== d.fromUnitId), d.toUnitId], ...lead };
    }
    case 'DispatchDisputed': {
      const unit = event.data.unitId;
      return { unit_ids: row.unit_ids.filter((u) => u !== unit), lead_unit_id: row.lead_unit_id === unit ? null : row.lead_unit_id };
    }
    case 'ExtensionGranted': {
      const d = event.data;
      return { extended: true, handling_due: row.lead_unit_id === d.unitId ? d.newDue : row.handling_due };
    }
    case 'CaseReopened':
      // A look-back review (回头看) reopens a closed case: it is no longer closed.
      return { round: event.data.round, handling_due: event.data.handlingDue, status: 'in_progress', closed_at: null };
    case 'CaseClosed':
      return { status: 'closed', closed_at: recordedAt };
    default:
      return {};
  }
}
