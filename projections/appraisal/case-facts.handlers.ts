import type { EventEnvelope } from '@app/event-store';
import { beijingDateOf, CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX, yearOf, type CaseEvent } from '@app/domain';
import { jsonArrayParameter } from '@app/platform';
import type { ProjectionContext } from '../runner/projection';
import { insertRows } from '../runner/row-batch';
import { BatchRows, type RowSlot } from '../runner/row-cache';
import { byFreshness } from '../runner/table-slots';
import { APPRAISAL_ACCOUNTABILITY_TABLE, APPRAISAL_CASE_FACTS_TABLE } from './appraisal.reader';
import { CASE_FACT_EVENTS, caseFactAfter, caseFactRowOf, type CaseFactRow } from './case-fact-row';
import { TallyChanges } from './unit-tallies';

/**
 * The case events the appraisal applies; AccountabilityIssued also from the streams of findings of
 * the ledger (问题), whose decisions count for the unit they are against as a case's do.
 */
export const CASE_EVENTS_APPLIED: readonly string[] = ['ComplaintFiled', ...CASE_FACT_EVENTS, 'AccountabilityIssued'];

/**
 * A batch's case events → one row per case with what it counts for its lead unit (主办)
 * (case-fact-row.ts), one row per accountability (on a case or a finding), and the units' tallies
 * both add up to (unit-tallies.ts). The batch's case rows are read in one statement and changed in
 * memory event by event; an event changes a row only while the row's version is below the event's,
 * and stamps it with the event's version: applied twice, an event changes nothing. Then one
 * statement each writes the accountability rows, the changed case rows and the tallies' sums.
 */
export async function applyCaseEvents(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void> {
  // A finding's stream brings its decisions alone (eventTypes); only cases have rows here.
  const caseEvents = events.filter((e) => e.type !== 'AccountabilityIssued' && e.streamId.startsWith(CASE_STREAM_PREFIX));
  const rows = await BatchRows.read(ctx, caseFacts, [...new Set(caseEvents.map(caseIdOf))]);
  const tallies = new TallyChanges();
  for (const e of caseEvents) {
    const caseId = caseIdOf(e);
    const current = rows.get(caseId);
    if (e.type === 'ComplaintFiled') {
      if (current) continue; // applied before
      const d = data<'ComplaintFiled'>(e);
      const row = newCaseFact(caseId, yearOf(beijingDateOf(d.receivedAt)));
      rows.set(caseId, { row, version: e.streamVersion });
    } else if ((CASE_FACT_EVENTS as readonly string[]).includes(e.type)) {
      if (!current || current.version >= e.streamVersion) continue; // applied before, or the case is not in this read model
      const after = caseFactAfter(current.row, e);
      if (after === current.row) continue; // nothing for this read model (e.g. about a unit that does not lead)
      rows.set(caseId, { row: after, version: e.streamVersion });
      tallies.add(current.row, after);
    }
  }
  for (const { unitId, year } of await insertAccountability(events, ctx)) tallies.addAccountability(unitId, year);
  await rows.write(ctx);
  await tallies.write(ctx);
}

/** A case's row with its version, by case id (during a rebuild kept across batches: runner/row-cache.ts). */
const caseFacts: RowSlot<{ row: CaseFactRow; version: number }> = {
  name: APPRAISAL_CASE_FACTS_TABLE,
  load: readCaseFacts,
  write: async (ctx, changes) => {
    const [fresh, others] = byFreshness(ctx, changes);
    await insertRows(
      ctx,
      APPRAISAL_CASE_FACTS_TABLE,
      ['case_id'],
      fresh.map((c) => caseFactColumns(c.state)),
    );
    await writeCaseFacts(
      others.map((c) => c.state),
      ctx,
    );
  },
};

/** The case rows of `caseIds`, with their versions. */
async function readCaseFacts(
  ctx: ProjectionContext,
  caseIds: readonly string[],
): Promise<Map<string, { row: CaseFactRow; version: number }>> {
  const rows = new Map<string, { row: CaseFactRow; version: number }>();
  const found = await ctx.query(
    `SELECT case_id, version, year, lead_unit_id, lead_event, sign_for_due::text AS sign_for_due, acknowledged_on::text AS acknowledged_on,
            acknowledged_event, closed_event, handling_rounds, visit_satisfaction, visit_event, reopenings
       FROM ${ctx.table(APPRAISAL_CASE_FACTS_TABLE)} WHERE case_id = ANY($1::text[])`,
    [caseIds],
  );
  for (const r of found.rows) rows.set(r.case_id as string, { row: caseFactRowOf(r), version: r.version as number });
  return rows;
}

/** A filed case's row: nothing to count until a unit leads it. */
function newCaseFact(caseId: string, year: number): CaseFactRow {
  return {
    caseId,
    year,
    leadUnitId: null,
    leadEvent: null,
    signForDue: null,
    acknowledged: null,
    closed: null,
    handlingRounds: [],
    returnVisit: null,
    reopenings: [],
  };
}

/** Writes the changed case rows, new ones included, with one statement. */
async function writeCaseFacts(changed: ReadonlyArray<{ row: CaseFactRow; version: number }>, ctx: ProjectionContext): Promise<void> {
  if (changed.length === 0) return;
  const t = ctx.table(APPRAISAL_CASE_FACTS_TABLE);
  const rows = changed.map(caseFactColumns);
  const columns = Object.keys(rows[0]).filter((c) => c !== 'case_id');
  // A JSON null becomes SQL NULL in every column, jsonb ones included.
  await ctx.query(
    `INSERT INTO ${t} SELECT * FROM json_populate_recordset(NULL::${t}, $1::json)
     ON CONFLICT (case_id) DO UPDATE SET ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
    [jsonArrayParameter(rows)],
  );
}

/** A case's row as the table has it, every column. */
function caseFactColumns({ row, version }: { row: CaseFactRow; version: number }) {
  return {
    case_id: row.caseId,
    version,
    year: row.year,
    lead_unit_id: row.leadUnitId,
    lead_event: row.leadEvent,
    sign_for_due: row.signForDue,
    acknowledged_on: row.acknowledged?.on ?? null,
    acknowledged_event: row.acknowledged?.event ?? null,
    closed_event: row.closed,
    handling_rounds: row.handlingRounds,
    visit_satisfaction: row.returnVisit?.satisfaction ?? null,
    visit_event: row.returnVisit?.event ?? null,
    reopenings: row.reopenings,
  };
}

/**
 * Inserts the batch's accountability decisions not recorded yet (keyed by event id), each naming the
 * case or the finding it was issued on, against its target's unit in the year issued (Beijing);
 * returns those inserted.
 */
async function insertAccountability(
  events: readonly EventEnvelope[],
  ctx: ProjectionContext,
): Promise<Array<{ unitId: string; year: number }>> {
  const issued = events.filter((e) => e.type === 'AccountabilityIssued');
  if (issued.length === 0) return [];
  const rows = issued.map((e) => {
    const d = data<'AccountabilityIssued'>(e);
    const onFinding = e.streamId.startsWith(FINDING_STREAM_PREFIX);
    return {
      event_id: e.eventId,
      stream_id: e.streamId,
      stream_version: e.streamVersion,
      accountability_id: d.accountabilityId,
      case_id: onFinding ? null : caseIdOf(e),
      finding_id: onFinding ? e.streamId.slice(FINDING_STREAM_PREFIX.length) : null,
      unit_id: d.target.unitId,
      year: yearOf(beijingDateOf(e.metadata.occurredAt)),
      forms: d.forms,
    };
  });
  const t = ctx.table(APPRAISAL_ACCOUNTABILITY_TABLE);
  const inserted = await ctx.query(
    `INSERT INTO ${t} SELECT * FROM json_populate_recordset(NULL::${t}, $1::json) ON CONFLICT (event_id) DO NOTHING RETURNING unit_id, year`,
    [jsonArrayParameter(rows)],
  );
  return inserted.rows.map((r) => ({ unitId: r.unit_id as string, year: r.year as number }));
}

type DataOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }> extends { data: infer D } ? D : never;

function data<T extends CaseEvent['type']>(e: EventEnvelope): DataOf<T> {
  return e.data as DataOf<T>;
}

function caseIdOf(e: EventEnvelope): string {
  return e.streamId.slice(CASE_STREAM_PREFIX.length);
}
