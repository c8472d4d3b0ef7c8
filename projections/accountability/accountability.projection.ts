import type { EventEnvelope } from '@app/event-store';
import { beijingDateOf, CASE_STREAM_PREFIX, yearOf, type AccountabilityIssued } from '@app/domain';
import { perEvent, type Projection, type ProjectionContext } from '../runner/projection';
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
  ...perEvent({ AccountabilityIssued: handle }),
};

async function handle(envelope: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const { accountabilityId, target, forms, basis } = (envelope as EventEnvelope<'AccountabilityIssued', AccountabilityIssued['data']>).data;
  const issuedAt = envelope.metadata.occurredAt;
  const person = target.kind === 'person' ? target : null;
  await ctx.query(
    `INSERT INTO ${ctx.table(ACCOUNTABILITY_REGISTER_TABLE)}
       (case_id, accountability_id, target_kind, unit_id, person_name, person_position, forms, basis_facts, basis_rule, issued_at, issued_year, issued_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (case_id, accountability_id) DO NOTHING`,
    [
      envelope.streamId.slice(CASE_STREAM_PREFIX.length),
      accountabilityId,
      target.kind,
      target.unitId,
      person?.name ?? null,
      person?.position ?? null,
      forms,
      basis.facts,
      basis.rule,
      issuedAt,
      yearOf(beijingDateOf(issuedAt)),
      envelope.metadata.actorId,
    ],
  );
}
