import type { EventEnvelope } from '@app/event-store';
import { beijingDateOf, CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX, yearOf, type AccountabilityIssued } from '@app/domain';
import { jsonArrayParameter } from '@app/platform';
import type { Projection, ProjectionContext } from '../runner/projection';
import { ACCOUNTABILITY_READ_MODEL, ACCOUNTABILITY_REGISTER_TABLE } from './accountability.reader';
import { accountabilityRegisterTable } from './accountability.tables';

/**
 * The accountability register (问责台账): one row per AccountabilityIssued, against an organisation
 * or a named official of a unit. Issued at is when the discipline office decided (the event's
 * occurredAt), and the year is that instant's year in Beijing, so a decision on New Year's Eve at
 * 23:30 Beijing time counts for the old year. Decisions on a case and on a finding of the ledger
 * (问题) alike; rows are keyed by the case or finding and the accountability id and inserted once.
 */
export const accountabilityProjection: Projection = {
  name: ACCOUNTABILITY_READ_MODEL,
  // 2: decisions on findings too (holder_id, finding_id).
  version: 2,
  streamPrefixes: [CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX],
  tables: [accountabilityRegisterTable],
  eventTypes: new Set(['AccountabilityIssued']),
  applyBatch: register,
};

/**
 * One multi-row INSERT for the batch's decisions, the rows sent as one JSON array (`json_to_recordset`
 * types each column; JSON.stringify is native, where a text[] parameter per column is escaped
 * element by element in JavaScript). A decision is entered once: one already in the register (a
 * batch run again) inserts nothing, and of two with the same key in a batch the first stands, as
 * when they came one at a time.
 */
async function register(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void> {
  const entries = new Map<string, object>();
  for (const envelope of events) {
    const { accountabilityId, target, forms, basis } = (envelope as EventEnvelope<'AccountabilityIssued', AccountabilityIssued['data']>)
      .data;
    const finding = envelope.streamId.startsWith(FINDING_STREAM_PREFIX);
    const holderId = finding
      ? envelope.streamId.slice(FINDING_STREAM_PREFIX.length)
      : envelope.streamId.slice(CASE_STREAM_PREFIX.length).toLowerCase();
    const key = JSON.stringify([holderId, accountabilityId]);
    if (entries.has(key)) continue;
    const issuedAt = envelope.metadata.occurredAt;
    const person = target.kind === 'person' ? target : null;
    entries.set(key, {
      holder_id: holderId,
      case_id: finding ? null : holderId,
      finding_id: finding ? holderId : null,
      accountability_id: accountabilityId,
      target_kind: target.kind,
      unit_id: target.unitId,
      person_name: person?.name ?? null,
      person_position: person?.position ?? null,
      forms,
      basis_facts: basis.facts,
      basis_rule: basis.rule,
      issued_at: issuedAt,
      issued_year: yearOf(beijingDateOf(issuedAt)),
      issued_by: envelope.metadata.actorId,
    });
  }
  await ctx.query(
    `INSERT INTO ${ctx.table(ACCOUNTABILITY_REGISTER_TABLE)}
       (holder_id, case_id, finding_id, accountability_id, target_kind, unit_id, person_name, person_position, forms, basis_facts, basis_rule, issued_at, issued_year, issued_by)
     SELECT holder_id, case_id, finding_id, accountability_id, target_kind, unit_id, person_name, person_position, forms, basis_facts, basis_rule, issued_at, issued_year, issued_by
       FROM json_to_recordset($1::json)
         AS e (holder_id text, case_id uuid, finding_id text, accountability_id text, target_kind text, unit_id text, person_name text, person_position text, forms text[],
               basis_facts text, basis_rule text, issued_at timestamptz, issued_year integer, issued_by text)
     ON CONFLICT (holder_id, accountability_id) DO NOTHING`,
    [jsonArrayParameter([...entries.values()])],
  );
}
