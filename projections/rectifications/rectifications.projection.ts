import type { EventEnvelope } from '@app/event-store';
import { CASE_STREAM_PREFIX, type CaseEvent, type CaseEventType } from '@app/domain';
import type { Projection } from '../runner/projection';
import { loadRows, writeRows } from '../runner/row-batch';
import { RECTIFICATION_MEASURES_TABLE, RECTIFICATIONS_READ_MODEL } from './rectifications.reader';
import { rectificationMeasuresTable } from './rectifications.tables';

const HANDLED: readonly CaseEventType[] = [
  'RectificationPlanned',
  'RectificationReported',
  'RectificationVerified',
  'RectificationRejected',
];

/**
 * The rectification tracker (整改台账): one row per measure (整改措施) with its responsible unit and
 * leader, due date, stored status and how often it was reported and rejected (验收不通过). "Overdue"
 * depends on today's date, so the query derives it.
 *
 * A batch loads the measures of its cases, applies its events to them in memory in log order and
 * writes the measures it changed back in one statement. Each row keeps the stream version of the
 * last event applied to it, and a planned measure is added only once, so applying an event twice
 * changes nothing.
 */
export const rectificationsProjection: Projection = {
  name: RECTIFICATIONS_READ_MODEL,
  version: 1,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: [rectificationMeasuresTable],
  eventTypes: new Set(HANDLED),
  async applyBatch(events, ctx) {
    const table = ctx.table(RECTIFICATION_MEASURES_TABLE);
    const caseIds = [...new Set(events.map(caseIdOf))];
    const loaded = await loadRows<MeasureRow>(ctx, table, 'case_id', caseIds);
    const measures = new Map(loaded.map((row) => [keyOf(row), row]));
    for (const envelope of events) {
      for (const row of rowsAfter(envelope, caseIdOf(envelope), (key) => measures.get(key))) measures.set(keyOf(row), row);
    }
    // Rows are replaced, never changed in place: a row that is not one loaded is one to write.
    const unchanged = new Set(loaded);
    await writeRows(
      ctx,
      table,
      ['case_id', 'measure_id'],
      [...measures.values()].filter((row) => !unchanged.has(row)),
    );
  },
};

/** A row of `rectification_measures` as `to_json` gives it: instants and days as ISO text. */
interface MeasureRow {
  case_id: string;
  measure_id: string;
  version: number;
  description: string;
  responsible_unit_id: string;
  responsible_leader: string;
  lead_unit_id: string;
  due_date: string;
  status: string;
  times_reported: number;
  times_rejected: number;
  planned_at: string;
  updated_at: string;
}

/** The case of an event's stream; lower case, as PostgreSQL writes a uuid (the rows' keys). */
function caseIdOf(envelope: EventEnvelope): string {
  return envelope.streamId.slice(CASE_STREAM_PREFIX.length).toLowerCase();
}

function keyOf(row: { case_id: string; measure_id: string }): string {
  return `${row.case_id} ${row.measure_id}`;
}

/** The measure rows an event adds or changes; `current(key)` is a measure as the batch has it so far. */
function rowsAfter(envelope: EventEnvelope, caseId: string, current: (key: string) => MeasureRow | undefined): MeasureRow[] {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  const at = envelope.metadata.occurredAt;
  if (event.type === 'RectificationPlanned') {
    // "No rectification needed" plans no measure; a measure planned before (the same id in a plan
    // applied again, or twice in one plan) keeps its first row.
    const added = new Map<string, MeasureRow>();
    for (const m of event.data.measures) {
      const row: MeasureRow = {
        case_id: caseId,
        measure_id: m.measureId,
        version: envelope.streamVersion,
        description: m.description,
        responsible_unit_id: m.responsibleUnitId,
        responsible_leader: m.responsibleLeader,
        lead_unit_id: event.data.unitId,
        due_date: m.dueDate,
        status: 'planned',
        times_reported: 0,
        times_rejected: 0,
        planned_at: at,
        updated_at: at,
      };
      if (!current(keyOf(row)) && !added.has(keyOf(row))) added.set(keyOf(row), row);
    }
    return [...added.values()];
  }
  const change = changeOf(event);
  const row = change && current(keyOf({ case_id: caseId, measure_id: (event.data as { measureId: string }).measureId }));
  if (!change || !row || envelope.streamVersion <= row.version) return [];
  return [{ ...row, ...change(row), version: envelope.streamVersion, updated_at: at }];
}

function changeOf(event: CaseEvent): ((row: MeasureRow) => Partial<MeasureRow>) | null {
  switch (event.type) {
    case 'RectificationReported':
      return (row) => ({ status: 'reported', times_reported: row.times_reported + 1 });
    case 'RectificationVerified':
      return () => ({ status: 'verified' });
    case 'RectificationRejected':
      return (row) => ({ status: 'rejected', times_rejected: row.times_rejected + 1 });
    default:
      return null;
  }
}
