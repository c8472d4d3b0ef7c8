import type { EventEnvelope } from '@app/event-store';
import { beijingDateOf, CASE_STREAM_PREFIX, yearOf, type AccountabilityIssued } from '@app/domain';
import type { Projection, ProjectionContext } from '../runner/projection';
import { textArrayLiteral } from '../runner/sql-arrays';
import { ACCOUNTABILITY_READ_MODEL, ACCOUNTABILITY_REGISTER_TABLE } from './accountability.reader';
import { accountabilityRegisterTable } from './accountability.tables';

/**
 * The accountability register (问责台账): one row per AccountabilityIssued, against an organisation
 * or a named official of a unit. Issued at is when the discipline office decided (the event's
 * occurredAt), and the year is that instant's year in Beijing, so a decision on New Year's Eve at
 * 23:30 Beijing time counts for the old year. Rows are keyed by case and accountability id and
 * inserted once.
 */
export const accountabilityProjection: Projection = {
  name: ACCOUNTABILITY_READ_MODEL,
  version: 1,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: [accountabilityRegisterTable],
  eventTypes: new Set(['AccountabilityIssued']),
  applyBatch: register,
};

/**
 * One multi-row INSERT for the batch's decisions. A decision is entered once: one already in the
 * register (a batch run again) inserts nothing, and of two with the same key in a batch the first
 * stands, as when they came one at a time.
 */
async function register(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void> {
  const entries = new Map<string, unknown[]>();
  for (const envelope of events) {
    const { accountabilityId, target, forms, basis } = (envelope as EventEnvelope<'AccountabilityIssued', AccountabilityIssued['data']>)
      .data;
    const caseId = envelope.streamId.slice(CASE_STREAM_PREFIX.length);
    const key = JSON.stringify([caseId, accountabilityId]);
    if (entries.has(key)) continue;
    const issuedAt = envelope.metadata.occurredAt;
    const person = target.kind === 'person' ? target : null;
    entries.set(key, [
      caseId,
      accountabilityId,
      target.kind,
      target.unitId,
      person?.name ?? null,
      person?.position ?? null,
      textArrayLiteral(forms),
      basis.facts,
      basis.rule,
      issuedAt,
      yearOf(beijingDateOf(issuedAt)),
      envelope.metadata.actorId,
    ]);
  }
  const rows = [...entries.values()];
  const column = (i: number) => rows.map((row) => row[i]);
  await ctx.query(
    `INSERT INTO ${ctx.table(ACCOUNTABILITY_REGISTER_TABLE)}
       (case_id, accountability_id, target_kind, unit_id, person_name, person_position, forms, basis_facts, basis_rule, issued_at, issued_year, issued_by)
     SELECT case_id, accountability_id, target_kind, unit_id, person_name, person_position, forms::text[], basis_facts, basis_rule, issued_at, issued_year, issued_by
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::timestamptz[], $11::integer[], $12::text[])
         AS e (case_id, accountability_id, target_kind, unit_id, person_name, person_position, forms, basis_facts, basis_rule, issued_at, issued_year, issued_by)
     ON CONFLICT (case_id, accountability_id) DO NOTHING`,
    Array.from({ length: 12 }, (_, i) => column(i)),
  );
}
