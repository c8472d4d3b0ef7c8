import type { EventEnvelope } from '@app/event-store';
import {
  CASE_STREAM_PREFIX,
  FINDING_STREAM_PREFIX,
  type CaseEvent,
  type FindingEvent,
  type MeasureDeadlinePassed,
  type PlannedMeasure,
  type MeasureFields,
} from '@app/domain';
import type { Projection } from '../runner/projection';
import { BatchRows } from '../runner/row-cache';
import { rowListSlot, rowSlot } from '../runner/table-slots';
import { RECTIFICATION_FINDINGS_TABLE, RECTIFICATION_MEASURES_TABLE, RECTIFICATIONS_READ_MODEL } from './rectifications.reader';
import { rectificationFindingsTable, rectificationMeasuresTable } from './rectifications.tables';

type LedgerEvent = CaseEvent | FindingEvent;

const HANDLED: ReadonlyArray<LedgerEvent['type']> = [
  // A case's measures.
  'RectificationPlanned',
  'RectificationReported',
  'RectificationVerified',
  'RectificationRejected',
  // A case's lead changing: its measures answer to the lead it has now (lead_unit_id).
  'UnitNotified',
  'CaseTransferred',
  'DispatchDisputed',
  // A finding and its measures.
  'FindingRaised',
  'FindingWithdrawn',
  'MeasuresPlanned',
  'MeasureProgressReported',
  'MeasureCompletionReported',
  'MeasureVerified',
  'MeasureRejected',
  'MeasureRecheckConfirmed',
  'MeasureReopened',
  // Either holder's red card for a measure's due date or its 回头看.
  'MeasureDeadlinePassed',
];

/**
 * The ledger (整改台账): one row per measure (整改措施) of the cases and of the findings, with what the
 * ledger's columns and filters need (docs/ledger.md). "Overdue" depends on today's date, so the
 * query derives it; the red card a measure got is recorded (`due_carded_for`).
 *
 * A batch loads the measures (and findings) of its streams, applies its events to them in memory
 * in log order and writes the rows it changed back in one statement per table (during a rebuild,
 * to the rows kept across batches: runner/row-cache.ts). Each row keeps the
 * stream version of the last event applied to it, and a planned measure is added only once, so
 * applying an event twice changes nothing.
 */
export const rectificationsProjection: Projection = {
  name: RECTIFICATIONS_READ_MODEL,
  // 2: the findings' measures and the ledger's columns (campaign, categories, size class, progress, 验收, 回头看).
  // 3: a measure the 回头看 reopens loses its completion time (reported_at null), as the finding's view
  //    shows it: rows written by version 2 kept the old one. The tables are unchanged; rebuilt on start.
  // 4: a report rejected at 验收 (MeasureRejected, RectificationRejected) loses its time too: the measure
  //    is owed again and its report does not stand (reported_at null, the finding's completedAt null).
  //    Rows written by version 3 kept it. The tables are unchanged; rebuilt on start.
  // 5: a case's measures follow its lead (lead_unit_id, now null while the case has none): a transfer
  //    (改派), a dispute by the lead (退单) and the next lead named. Rows written by version 4 kept the
  //    unit that planned them, so the new lead did not see its case's measures and the old one still
  //    did. Rebuilt on start.
  version: 5,
  streamPrefixes: [CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX],
  tables: [rectificationMeasuresTable, rectificationFindingsTable],
  eventTypes: new Set(HANDLED),
  async applyBatch(events, ctx) {
    const holders = events.map(holderOf);
    const findingIds = [...new Set(holders.filter((h) => h.kind === 'finding').map((h) => h.id))];
    const rows: Rows = {
      measures: await BatchRows.read(ctx, measureRows, [...new Set(holders.map((h) => h.id))]),
      findings: await BatchRows.read(ctx, findingRows, findingIds),
    };
    events.forEach((envelope, i) => apply(envelope, holders[i], rows));
    await rows.findings.write(ctx);
    await rows.measures.write(ctx);
  },
};

/** A holder's measures, by holder id (none: empty); a measure is withdrawn, never removed. */
const measureRows = rowListSlot<MeasureRow>({
  table: RECTIFICATION_MEASURES_TABLE,
  keyColumn: 'holder_id',
  primaryKey: ['holder_id', 'measure_id'],
});

/** A finding's own row, by finding id. */
const findingRows = rowSlot<FindingRow>(RECTIFICATION_FINDINGS_TABLE, 'finding_id');

/** A row of `rectification_measures` as `to_json` gives it: instants and days as ISO text. */
interface MeasureRow {
  holder_kind: 'case' | 'finding';
  holder_id: string;
  measure_id: string;
  version: number;
  description: string;
  responsible_unit_id: string;
  responsible_leader: string;
  /** The case's lead now (null: its lead disputed the dispatch and none is named yet); the unit a finding is against. */
  lead_unit_id: string | null;
  campaign_id: string | null;
  finding_category: string | null;
  size_class: string | null;
  measure_category: string | null;
  due_date: string;
  due_carded_for: string | null;
  status: string;
  withdrawn: boolean;
  progress: string | null;
  reported_at: string | null;
  verdict: string | null;
  recheck_due: string | null;
  recheck_carded_for: string | null;
  times_reported: number;
  times_rejected: number;
  planned_at: string;
  updated_at: string;
}

/** A row of `rectification_findings`. */
interface FindingRow {
  finding_id: string;
  version: number;
  source_kind: string;
  campaign_id: string | null;
  case_id: string | null;
  unit_id: string;
  category: string;
  description: string;
  raised_at: string;
  withdrawn: boolean;
}

/** The batch's rows: each holder's measures, each finding's own row. */
interface Rows {
  measures: BatchRows<readonly MeasureRow[]>;
  findings: BatchRows<FindingRow>;
}

type Holder = { kind: 'case' | 'finding'; id: string };

/**
 * The case or finding of an event's stream. A case id is a uuid, kept in lower case as the other
 * read models key cases; a finding's id is kept as given (an office may number its findings).
 */
function holderOf(envelope: EventEnvelope): Holder {
  return envelope.streamId.startsWith(FINDING_STREAM_PREFIX)
    ? { kind: 'finding', id: envelope.streamId.slice(FINDING_STREAM_PREFIX.length) }
    : { kind: 'case', id: envelope.streamId.slice(CASE_STREAM_PREFIX.length).toLowerCase() };
}

/** Applies one event to the batch's rows: a finding's own row, measures planned, or one measure changed. */
function apply(envelope: EventEnvelope, holder: Holder, rows: Rows): void {
  const event = { type: envelope.type, data: envelope.data } as LedgerEvent;
  const at = envelope.metadata.occurredAt;
  const version = envelope.streamVersion;
  const measures = rows.measures.get(holder.id) ?? [];
  switch (event.type) {
    case 'FindingRaised': {
      if (rows.findings.get(holder.id)) return;
      const { source, unitId, category, description, raisedAt } = event.data;
      rows.findings.set(holder.id, {
        finding_id: holder.id,
        version,
        source_kind: source.kind,
        campaign_id: source.kind === 'campaign' ? source.campaignId : null,
        case_id: source.kind === 'case' ? source.caseId.toLowerCase() : null,
        unit_id: unitId,
        category,
        description,
        raised_at: raisedAt,
        withdrawn: false,
      });
      return;
    }
    case 'FindingWithdrawn': {
      const finding = rows.findings.get(holder.id);
      if (!finding || version <= finding.version) return;
      rows.findings.set(holder.id, { ...finding, version, withdrawn: true });
      if (measures.some((row) => version > row.version))
        rows.measures.set(
          holder.id,
          measures.map((row) => (version > row.version ? { ...row, version, withdrawn: true, updated_at: at } : row)),
        );
      return;
    }
    case 'RectificationPlanned':
      // "No rectification needed" plans no measure.
      return plan(rows, holder, envelope, event.data.unitId, event.data.measures, null);
    case 'MeasuresPlanned':
      return plan(rows, holder, envelope, event.data.unitId, event.data.measures, rows.findings.get(holder.id) ?? null);
    case 'UnitNotified':
    case 'CaseTransferred':
    case 'DispatchDisputed': {
      const lead = leadAfter(event);
      const moved = (row: MeasureRow) => version > row.version && lead(row.lead_unit_id) !== row.lead_unit_id;
      if (measures.some(moved))
        rows.measures.set(
          holder.id,
          measures.map((row) => (moved(row) ? { ...row, version, lead_unit_id: lead(row.lead_unit_id), updated_at: at } : row)),
        );
      return;
    }
    default: {
      const measureId = (event.data as { measureId: string }).measureId;
      const row = measures.find((r) => r.measure_id === measureId);
      const change = changeOf(event, at);
      if (!row || !change || version <= row.version) return;
      // A new array: a holder's rows are replaced, never changed in place (BatchRows tells changes by identity).
      const changed = { ...row, ...change(row), version, updated_at: at };
      rows.measures.set(
        holder.id,
        measures.map((r) => (r === row ? changed : r)),
      );
    }
  }
}

/**
 * Measures planned by `unitId` (a case's lead unit, the unit a finding is against): a measure
 * planned before (the same id in a plan applied again, or twice in one plan) keeps its first row.
 */
function plan(
  rows: Rows,
  holder: Holder,
  envelope: EventEnvelope,
  unitId: string,
  planned: ReadonlyArray<PlannedMeasure<MeasureFields>>,
  finding: FindingRow | null,
): void {
  const at = envelope.metadata.occurredAt;
  const measures = [...(rows.measures.get(holder.id) ?? [])];
  const before = measures.length;
  const known = new Set(measures.map((row) => row.measure_id));
  for (const m of planned) {
    if (known.has(m.measureId)) continue;
    known.add(m.measureId);
    measures.push({
      holder_kind: holder.kind,
      holder_id: holder.id,
      measure_id: m.measureId,
      version: envelope.streamVersion,
      description: m.description,
      responsible_unit_id: m.responsibleUnitId,
      responsible_leader: m.responsibleLeader,
      lead_unit_id: unitId,
      campaign_id: finding?.campaign_id ?? null,
      finding_category: finding?.category ?? null,
      size_class: m.sizeClass ?? null,
      measure_category: m.category ?? null,
      due_date: m.dueDate,
      due_carded_for: null,
      status: 'planned',
      withdrawn: false,
      progress: null,
      reported_at: null,
      verdict: null,
      recheck_due: null,
      recheck_carded_for: null,
      times_reported: 0,
      times_rejected: 0,
      planned_at: at,
      updated_at: at,
    });
  }
  if (measures.length > before) rows.measures.set(holder.id, measures);
}

/**
 * The case's lead after a change of units, from the lead a measure's row names (as the case list
 * follows it): a unit named lead, by a dispatch or a transfer, leads; a lead that disputes its
 * dispatch leaves the case without one until the next is named (null); an assisting unit's changes
 * leave the lead as it was.
 */
function leadAfter(
  event: Extract<LedgerEvent, { type: 'UnitNotified' | 'CaseTransferred' | 'DispatchDisputed' }>,
): (lead: string | null) => string | null {
  switch (event.type) {
    case 'UnitNotified':
      return (lead) => (event.data.role === 'lead' ? event.data.unitId : lead);
    case 'CaseTransferred':
      return (lead) => (event.data.role === 'lead' ? event.data.toUnitId : lead);
    case 'DispatchDisputed':
      return (lead) => (lead === event.data.unitId ? null : lead);
  }
}

/** How one event changes a measure's row; null for an event that changes none. */
function changeOf(event: LedgerEvent, at: string): ((row: MeasureRow) => Partial<MeasureRow>) | null {
  switch (event.type) {
    case 'MeasureProgressReported':
      return () => ({ status: 'in_progress', progress: event.data.progress });
    case 'RectificationReported': {
      // Older case reports record no instant: the instant the report was recorded stands for it.
      const reportedAt = (event.data as { reportedAt?: string }).reportedAt ?? at;
      return (row) => ({
        status: 'reported',
        progress: event.data.report,
        reported_at: reportedAt,
        times_reported: row.times_reported + 1,
      });
    }
    case 'MeasureCompletionReported':
      return (row) => ({
        status: 'reported',
        progress: event.data.report,
        reported_at: event.data.reportedAt,
        times_reported: row.times_reported + 1,
      });
    case 'RectificationVerified':
      return () => ({ status: 'verified', verdict: event.data.note });
    case 'MeasureVerified':
      return () => ({ status: 'verified', verdict: event.data.note, recheck_due: event.data.recheckDue });
    case 'RectificationRejected':
    case 'MeasureRejected':
      // Owed again: the rejected report does not stand, so no completion time, as after a reopening.
      // That it was reported and when is history: counted (times_reported, times_rejected), its events in the stream.
      return (row) => ({ status: 'rejected', verdict: event.data.reason, times_rejected: row.times_rejected + 1, reported_at: null });
    case 'MeasureRecheckConfirmed':
      return () => ({ status: 'rechecked', verdict: event.data.note });
    case 'MeasureReopened':
      // Owed again by a new due date, which may be carded again. Its completion no longer stands: no
      // completion time, as the finding's own view (completedAt null) and the summary have it. The
      // unit's last words stay (进展情况: 回头看发现反弹，重新整改：…).
      return () => ({ status: 'reopened', verdict: event.data.reason, due_date: event.data.dueDate, recheck_due: null, reported_at: null });
    case 'MeasureDeadlinePassed':
      return cardOf(event);
    default:
      return null;
  }
}

function cardOf(event: MeasureDeadlinePassed): (row: MeasureRow) => Partial<MeasureRow> {
  const { deadline, dueDate } = event.data;
  return () => (deadline === 'measure_due' ? { due_carded_for: dueDate } : { recheck_carded_for: dueDate });
}
