import type { EventEnvelope } from '@app/event-store';
import { beijingDateOf, CASE_STREAM_PREFIX, yearOf, type CaseEvent } from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { APPRAISAL_ACCOUNTABILITY_TABLE, APPRAISAL_CASE_FACTS_TABLE } from './appraisal.reader';
import { CASE_FACT_EVENTS, caseFactAfter, caseFactRowOf } from './case-fact-row';
import { addAccountability, addTallyChanges } from './unit-tallies';

type Handler = (envelope: EventEnvelope, ctx: ProjectionContext) => Promise<void>;

/**
 * Case events → one row per case with what it counts for its lead unit (主办) (case-fact-row.ts), one
 * row per accountability, and the units' tallies both add up to (unit-tallies.ts). A row is read
 * only while its version is below the event's and written with the event's version: applied twice,
 * an event changes nothing.
 */
export const caseFactHandlers: Readonly<Record<string, Handler>> = {
  ComplaintFiled: async (e, ctx) => {
    const d = data<'ComplaintFiled'>(e);
    await ctx.query(
      `INSERT INTO ${ctx.table(APPRAISAL_CASE_FACTS_TABLE)} (case_id, version, year) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING`,
      [caseIdOf(e), e.streamVersion, yearOf(beijingDateOf(d.receivedAt))],
    );
  },
  ...Object.fromEntries(CASE_FACT_EVENTS.map((type) => [type, applyToCaseFact])),
  AccountabilityIssued: async (e, ctx) => {
    const d = data<'AccountabilityIssued'>(e);
    const year = yearOf(beijingDateOf(e.metadata.occurredAt));
    const { rowCount } = await ctx.query(
      `INSERT INTO ${ctx.table(APPRAISAL_ACCOUNTABILITY_TABLE)} (event_id, stream_id, stream_version, accountability_id, case_id, unit_id, year, forms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, e.streamId, e.streamVersion, d.accountabilityId, caseIdOf(e), d.target.unitId, year, d.forms],
    );
    if (rowCount === 1) await addAccountability(ctx, d.target.unitId, year);
  },
};

/** Reads the case's row, applies the event to it in memory, writes it back and moves the tallies. */
async function applyToCaseFact(e: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const table = ctx.table(APPRAISAL_CASE_FACTS_TABLE);
  const { rows } = await ctx.query(
    `SELECT case_id, year, lead_unit_id, lead_event, sign_for_due::text AS sign_for_due, acknowledged_on::text AS acknowledged_on,
            acknowledged_event, closed_event, handling_rounds, visit_satisfaction, visit_event, reopenings
       FROM ${table} WHERE case_id = $1 AND version < $2`,
    [caseIdOf(e), e.streamVersion],
  );
  if (rows.length === 0) return; // applied before, or the case is not in this read model
  const before = caseFactRowOf(rows[0]);
  const after = caseFactAfter(before, e);
  if (after === before) return; // nothing for this read model (e.g. about a unit that does not lead)
  await ctx.query(
    `UPDATE ${table} SET version = $2, lead_unit_id = $3, lead_event = $4::jsonb, sign_for_due = $5::date, acknowledged_on = $6::date,
            acknowledged_event = $7::jsonb, closed_event = $8::jsonb, handling_rounds = $9::jsonb, visit_satisfaction = $10,
            visit_event = $11::jsonb, reopenings = $12::jsonb
      WHERE case_id = $1`,
    [
      after.caseId,
      e.streamVersion,
      after.leadUnitId,
      json(after.leadEvent),
      after.signForDue,
      after.acknowledged?.on ?? null,
      json(after.acknowledged?.event ?? null),
      json(after.closed),
      JSON.stringify(after.handlingRounds),
      after.returnVisit?.satisfaction ?? null,
      json(after.returnVisit?.event ?? null),
      JSON.stringify(after.reopenings),
    ],
  );
  await addTallyChanges(ctx, before, after);
}

/** A nullable jsonb value: SQL NULL, not the JSON `null`. */
function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

type DataOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }> extends { data: infer D } ? D : never;

function data<T extends CaseEvent['type']>(e: EventEnvelope): DataOf<T> {
  return e.data as DataOf<T>;
}

function caseIdOf(e: EventEnvelope): string {
  return e.streamId.slice(CASE_STREAM_PREFIX.length);
}
