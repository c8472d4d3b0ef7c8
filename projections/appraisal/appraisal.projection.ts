import type { EventEnvelope } from '@app/event-store';
import {
  APPRAISAL_INPUTS_EVENT_TYPES,
  APPRAISAL_SCHEME_STREAM_PREFIX,
  APPRAISAL_STREAM_PREFIX,
  CASE_STREAM_PREFIX,
  UNIT_STREAM_PREFIX,
  type AppraisalInputsEvent,
  type AppraisalSchemePublished,
  type UnitEvent,
} from '@app/domain';
import { perEvent, type Projection, type ProjectionContext } from '../runner/projection';
import { APPRAISAL_TABLES } from './appraisal.tables';
import { caseFactHandlers } from './case-facts.handlers';
import { APPRAISAL_INPUT_EVENTS_TABLE, APPRAISAL_READ_MODEL, APPRAISAL_SCHEMES_TABLE, APPRAISAL_UNITS_TABLE } from './appraisal.reader';

/**
 * The annual appraisal (年度评议/考核) read model: per unit and year the recorded inputs, the case
 * facts behind the case indicators and their tallies, accountability, the unit registry and the
 * published schemes — each with the events behind it. Scores are computed from these at query time
 * (libs/domain): a year's table from the tallies, one unit's breakdown from its case facts.
 * Per-event rows are keyed by event id and per-entity rows guarded by stream version: idempotent.
 */
export const appraisalProjection: Projection = {
  name: APPRAISAL_READ_MODEL,
  // 2: handling_rounds (recorded due dates and reports) instead of handling_overdue (DeadlinePassed).
  // 3: per-unit tallies (appraisal_unit_tallies, appraisal_open_deadlines), so a year's table reads no case rows.
  version: 3,
  streamPrefixes: [APPRAISAL_STREAM_PREFIX, UNIT_STREAM_PREFIX, CASE_STREAM_PREFIX, APPRAISAL_SCHEME_STREAM_PREFIX],
  tables: APPRAISAL_TABLES,
  ...perEvent({
    ...Object.fromEntries(APPRAISAL_INPUTS_EVENT_TYPES.map((type) => [type, recordInput])),
    UnitRegistered: registerUnit,
    UnitRenamed: (e, ctx) => updateUnit(e, ctx, 'name = $3', [(e.data as Extract<UnitEvent, { type: 'UnitRenamed' }>['data']).name]),
    UnitRetired: (e, ctx) => updateUnit(e, ctx, `status = 'retired'`, []),
    AppraisalSchemePublished: publishScheme,
    ...caseFactHandlers,
  }),
};

async function recordInput(e: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const { unitId, year } = e.data as AppraisalInputsEvent['data'];
  await ctx.query(
    `INSERT INTO ${ctx.table(APPRAISAL_INPUT_EVENTS_TABLE)} (event_id, stream_id, stream_version, unit_id, year, type, data, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) ON CONFLICT (event_id) DO NOTHING`,
    [e.eventId, e.streamId, e.streamVersion, unitId, year, e.type, JSON.stringify(e.data), e.recordedAt],
  );
}

async function registerUnit(e: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const d = e.data as Extract<UnitEvent, { type: 'UnitRegistered' }>['data'];
  await ctx.query(
    `INSERT INTO ${ctx.table(APPRAISAL_UNITS_TABLE)} (unit_id, name, kind, status, version) VALUES ($1, $2, $3, 'active', $4) ON CONFLICT (unit_id) DO NOTHING`,
    [d.unitId, d.name, d.kind, e.streamVersion],
  );
}

async function updateUnit(e: EventEnvelope, ctx: ProjectionContext, assignments: string, params: unknown[]): Promise<void> {
  await ctx.query(`UPDATE ${ctx.table(APPRAISAL_UNITS_TABLE)} SET version = $2, ${assignments} WHERE unit_id = $1 AND version < $2`, [
    e.streamId.slice(UNIT_STREAM_PREFIX.length),
    e.streamVersion,
    ...params,
  ]);
}

async function publishScheme(e: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const d = e.data as AppraisalSchemePublished['data'];
  const t = ctx.table(APPRAISAL_SCHEMES_TABLE);
  await ctx.query(
    `INSERT INTO ${t} (year, revision, scheme, event_id, stream_id, stream_version) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
     ON CONFLICT (year) DO UPDATE SET revision = EXCLUDED.revision, scheme = EXCLUDED.scheme, event_id = EXCLUDED.event_id,
       stream_id = EXCLUDED.stream_id, stream_version = EXCLUDED.stream_version
     WHERE ${t}.revision < EXCLUDED.revision`,
    [d.year, d.revision, JSON.stringify(d.scheme), e.eventId, e.streamId, e.streamVersion],
  );
}
