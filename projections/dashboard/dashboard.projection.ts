import type { EventEnvelope } from '@app/event-store';
import { beijingDateOf, CASE_EVENT_TYPES, CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX, type CaseEvent } from '@app/domain';
import type { Projection } from '../runner/projection';
import { caseRowAfter, filedCaseRow, type EventPlace } from './case-facts';
import { caseContribution, cohortOf, CountChanges } from './dashboard-counts';
import { DASHBOARD_TABLES } from './dashboard.tables';
import { DashboardFactRows, type CasesToRead } from './fact-rows';
import { countFindingAccountability } from './finding-accountability';
import { changeRelatedRows } from './related-rows';
import { DASHBOARD_READ_MODEL } from './dashboard.reader';

/**
 * The dashboard read model (领导看板): per-case facts, per-dispatch rows, measures and accountability
 * forms, and what they count per day and month of receipt, from which `GET /api/v1/dashboard/*` sums
 * counts and rates for any period and filter. Each event is applied at most once: the case row's
 * stream version guards every change. Of the findings of the ledger, only the accountability issued
 * on them is counted (finding-accountability.ts), keyed by finding and decision.
 *
 * A batch costs a few statements however many events it holds: the fact rows of its cases are read
 * in one, changed in memory event by event in log order, and written back with one multi-row
 * statement per table; the count changes are summed in memory and added with one upsert per table.
 */
export const dashboardProjection: Projection = {
  name: DASHBOARD_READ_MODEL,
  // 2: handling_rounds and the deadline rule's instants instead of lead_completed_on (a reopening no longer clears a late round).
  // 3: the counts per day and month of receipt (dashboard_counts, dashboard_pending) the queries sum.
  // 4: accountability issued on findings of the ledger (dashboard_finding_accountability) in the accountability counts.
  // 5: the counters each case and dispatch row moves (counted), which a figure's list filters on, and indexes in its order.
  // 6: the case rows' handling_rounds stored as json, not jsonb (cheaper to write, read back whole).
  version: 6,
  streamPrefixes: [CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX],
  tables: DASHBOARD_TABLES,
  // A finding's events of these types (AccountabilityIssued, MeasureDeadlinePassed) reach applyBatch; only its decisions count.
  eventTypes: new Set(CASE_EVENT_TYPES),
  async applyBatch(events, ctx) {
    const caseEvents = events.filter((e) => e.streamId.startsWith(CASE_STREAM_PREFIX));
    const rows = await DashboardFactRows.read(ctx, casesToRead(caseEvents));
    const counts = new CountChanges();
    for (const envelope of caseEvents) applyToDashboard(envelope, rows, counts);
    await countFindingAccountability(events, ctx, counts);
    await rows.write(ctx);
    await counts.write(ctx);
  },
};

function applyToDashboard(envelope: EventEnvelope, rows: DashboardFactRows, counts: CountChanges): void {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  const at: EventPlace = { caseId: caseIdOf(envelope), version: envelope.streamVersion, on: dayOf(event, envelope) };
  const before = rows.caseRow(at.caseId);
  if (event.type === 'ComplaintFiled') {
    if (before) return; // applied before
    const row = filedCaseRow(event, at);
    rows.cases.put(row);
    return counts.add(cohortOf(row), [], [caseContribution(row)]);
  }
  if (!before || (before.version as number) >= at.version) return; // applied before, or the case is not filed here
  const after = caseRowAfter(before, event, at, envelope.metadata.occurredAt);
  rows.cases.put(after);
  const related = changeRelatedRows(event, at, rows);
  counts.add(cohortOf(after), [caseContribution(before), ...related.before], [caseContribution(after), ...related.after]);
}

/** The cases whose rows the batch reads: in every table only where some event of the batch may change that table's rows. */
function casesToRead(events: readonly EventEnvelope[]): CasesToRead {
  const toRead = {
    cases: new Set<string>(),
    dispatches: new Set<string>(),
    measures: new Set<string>(),
    accountability: new Set<string>(),
  };
  for (const e of events) {
    const caseId = caseIdOf(e);
    toRead.cases.add(caseId);
    if (DISPATCH_EVENTS.has(e.type)) toRead.dispatches.add(caseId);
    else if (MEASURE_EVENTS.has(e.type)) toRead.measures.add(caseId);
    else if (e.type === 'AccountabilityIssued') toRead.accountability.add(caseId);
  }
  return toRead;
}
const DISPATCH_EVENTS: ReadonlySet<string> = new Set(['UnitNotified', 'CaseTransferred', 'DispatchDisputed', 'UnitAcknowledged']);
const MEASURE_EVENTS: ReadonlySet<string> = new Set([
  'RectificationPlanned',
  'RectificationReported',
  'RectificationVerified',
  'RectificationRejected',
]);

function caseIdOf(envelope: EventEnvelope): string {
  return envelope.streamId.slice(CASE_STREAM_PREFIX.length);
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
