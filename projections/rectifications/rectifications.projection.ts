import type { EventEnvelope } from '@app/event-store';
import { CASE_STREAM_PREFIX, type CaseEvent, type CaseEventType } from '@app/domain';
import { perEvent, type Projection, type ProjectionContext } from '../runner/projection';
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
 * depends on today's date, so the query derives it. Each row keeps the stream version of the last
 * event applied to it, so applying an event twice changes nothing.
 */
export const rectificationsProjection: Projection = {
  name: RECTIFICATIONS_READ_MODEL,
  version: 1,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: [rectificationMeasuresTable],
  ...perEvent(Object.fromEntries(HANDLED.map((type) => [type, handle]))),
};

async function handle(envelope: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  const table = ctx.table(RECTIFICATION_MEASURES_TABLE);
  const caseId = envelope.streamId.slice(CASE_STREAM_PREFIX.length);
  const at = envelope.metadata.occurredAt;
  if (event.type === 'RectificationPlanned') {
    const { unitId, measures } = event.data;
    if (measures.length === 0) return; // "no rectification needed" plans no measure
    const params: unknown[] = [caseId, envelope.streamVersion, unitId, at];
    const p = (value: unknown) => `$${params.push(value)}`;
    const values = measures.map(
      (m) =>
        `($1, ${p(m.measureId)}, $2, ${p(m.description)}, ${p(m.responsibleUnitId)}, ${p(m.responsibleLeader)}, $3, ${p(m.dueDate)}::date, 'planned', $4::timestamptz, $4::timestamptz)`,
    );
    await ctx.query(
      `INSERT INTO ${table} (case_id, measure_id, version, description, responsible_unit_id, responsible_leader, lead_unit_id, due_date, status, planned_at, updated_at)
       VALUES ${values.join(', ')} ON CONFLICT (case_id, measure_id) DO NOTHING`,
      params,
    );
    return;
  }
  const change = changeOf(event);
  if (!change) return;
  await ctx.query(`UPDATE ${table} SET version = $3, updated_at = $4, ${change} WHERE case_id = $1 AND measure_id = $2 AND version < $3`, [
    caseId,
    (event.data as { measureId: string }).measureId,
    envelope.streamVersion,
    at,
  ]);
}

function changeOf(event: CaseEvent): string | null {
  switch (event.type) {
    case 'RectificationReported':
      return `status = 'reported', times_reported = times_reported + 1`;
    case 'RectificationVerified':
      return `status = 'verified'`;
    case 'RectificationRejected':
      return `status = 'rejected', times_rejected = times_rejected + 1`;
    default:
      return null;
  }
}
