import type { EventEnvelope } from '@app/event-store';
import {
  APPRAISAL_INPUTS_EVENT_TYPES,
  APPRAISAL_SCHEME_STREAM_PREFIX,
  APPRAISAL_STREAM_PREFIX,
  CASE_STREAM_PREFIX,
  FINDING_STREAM_PREFIX,
  UNIT_STREAM_PREFIX,
  type AppraisalInputsEvent,
  type AppraisalSchemePublished,
  type UnitEvent,
} from '@app/domain';
import type { Projection, ProjectionContext } from '../runner/projection';
import { APPRAISAL_TABLES } from './appraisal.tables';
import { applyCaseEvents, CASE_EVENTS_APPLIED } from './case-facts.handlers';
import { APPRAISAL_INPUT_EVENTS_TABLE, APPRAISAL_READ_MODEL, APPRAISAL_SCHEMES_TABLE, APPRAISAL_UNITS_TABLE } from './appraisal.reader';

const UNIT_EVENTS = ['UnitRegistered', 'UnitRenamed', 'UnitRetired'];

/**
 * The annual appraisal (年度评议/考核) read model: per unit and year the recorded inputs (withdrawals of
 * deductions among them: the evaluation folds them as the stream does), the case
 * facts behind the case indicators and their tallies, accountability (on cases and on findings of
 * the ledger), the unit registry and the
 * published schemes — each with the events behind it. Scores are computed from these at query time
 * (libs/domain): a year's table from the tallies, one unit's breakdown from its case facts.
 * Per-event rows are keyed by event id and per-entity rows guarded by stream version: idempotent.
 *
 * A batch costs a statement or two per kind of event it holds, however many: its inputs in one
 * insert, its units read and written back once, its schemes in one upsert, its case events as
 * case-facts.handlers.ts says.
 */
export const appraisalProjection: Projection = {
  name: APPRAISAL_READ_MODEL,
  // 2: handling_rounds (recorded due dates and reports) instead of handling_overdue (DeadlinePassed).
  // 3: per-unit tallies (appraisal_unit_tallies, appraisal_open_deadlines), so a year's table reads no case rows.
  // 4: the case facts indexed by (year, lead unit, case id), the order a unit's breakdown pages them in.
  // 5: accountability issued on findings of the ledger too (appraisal_accountability.finding_id, the unit tallies).
  // 6: the case facts' events and rounds stored as json, not jsonb (cheaper to write, read back whole).
  // 7: InspectionDeductionWithdrawn (撤销扣分) kept with the other inputs: a version before skipped any
  //    an upgraded API wrote before the projector was upgraded. The tables are unchanged.
  // 8: a retired unit's retired_at (when UnitRetired occurred): a ranking of a period it was active in
  //    keeps it, amended after it was retired too.
  version: 8,
  // Of the findings' streams only AccountabilityIssued is applied (eventTypes): the ledger's own figures are the rectifications read model's.
  streamPrefixes: [APPRAISAL_STREAM_PREFIX, UNIT_STREAM_PREFIX, CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX, APPRAISAL_SCHEME_STREAM_PREFIX],
  tables: APPRAISAL_TABLES,
  eventTypes: new Set([...APPRAISAL_INPUTS_EVENT_TYPES, ...UNIT_EVENTS, 'AppraisalSchemePublished', ...CASE_EVENTS_APPLIED]),
  async applyBatch(events, ctx) {
    const of = (types: readonly string[]) => events.filter((e) => types.includes(e.type));
    await recordInputs(of(APPRAISAL_INPUTS_EVENT_TYPES), ctx);
    await applyUnitEvents(of(UNIT_EVENTS), ctx);
    await publishSchemes(of(['AppraisalSchemePublished']), ctx);
    const caseEvents = of(CASE_EVENTS_APPLIED);
    if (caseEvents.length > 0) await applyCaseEvents(caseEvents, ctx);
  },
};

/** Every input event as recorded, keyed by its id: one insert. */
async function recordInputs(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void> {
  if (events.length === 0) return;
  const data = events.map((e) => e.data as AppraisalInputsEvent['data']);
  await ctx.query(
    `INSERT INTO ${ctx.table(APPRAISAL_INPUT_EVENTS_TABLE)} (event_id, stream_id, stream_version, unit_id, year, type, data, recorded_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::integer[], $6::text[], $7::jsonb[], $8::timestamptz[])
     ON CONFLICT (event_id) DO NOTHING`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.streamId),
      events.map((e) => e.streamVersion),
      data.map((d) => d.unitId),
      data.map((d) => d.year),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.recordedAt),
    ],
  );
}

type UnitRow = { unit_id: string; name: string; kind: string; status: string; retired_at: string | null; version: number };

/** The units of the batch read once, registered, renamed and retired in memory (guarded by stream version), written back once. */
async function applyUnitEvents(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void> {
  if (events.length === 0) return;
  const t = ctx.table(APPRAISAL_UNITS_TABLE);
  const unitIdOf = (e: EventEnvelope) =>
    e.type === 'UnitRegistered'
      ? (e.data as Extract<UnitEvent, { type: 'UnitRegistered' }>['data']).unitId
      : e.streamId.slice(UNIT_STREAM_PREFIX.length);
  const { rows } = await ctx.query(`SELECT unit_id, name, kind, status, retired_at, version FROM ${t} WHERE unit_id = ANY($1::text[])`, [
    [...new Set(events.map(unitIdOf))],
  ]);
  const units = new Map((rows as UnitRow[]).map((u) => [u.unit_id, u]));
  const changed = new Set<string>();
  for (const e of events) {
    const unitId = unitIdOf(e);
    const unit = units.get(unitId);
    if (e.type === 'UnitRegistered') {
      if (unit) continue; // registered before
      const d = e.data as Extract<UnitEvent, { type: 'UnitRegistered' }>['data'];
      units.set(unitId, { unit_id: unitId, name: d.name, kind: d.kind, status: 'active', retired_at: null, version: e.streamVersion });
    } else {
      if (!unit || unit.version >= e.streamVersion) continue; // applied before, or not registered
      const change =
        e.type === 'UnitRenamed'
          ? { name: (e.data as Extract<UnitEvent, { type: 'UnitRenamed' }>['data']).name }
          : { status: 'retired', retired_at: e.metadata.occurredAt };
      units.set(unitId, { ...unit, ...change, version: e.streamVersion });
    }
    changed.add(unitId);
  }
  if (changed.size === 0) return;
  const written = [...changed].map((id) => units.get(id)!);
  await ctx.query(
    `INSERT INTO ${t} (unit_id, name, kind, status, retired_at, version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::integer[])
     ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, status = EXCLUDED.status,
       retired_at = EXCLUDED.retired_at, version = EXCLUDED.version`,
    (['unit_id', 'name', 'kind', 'status', 'retired_at', 'version'] as const).map((c) => written.map((u) => u[c])),
  );
}

/**
 * The latest revision of each year's scheme: of the batch's publications of a year, the first of the
 * highest revision (a later one of the same revision changes nothing), kept if above the stored one.
 */
async function publishSchemes(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void> {
  const latest = new Map<number, EventEnvelope>();
  for (const e of events) {
    const { year, revision } = e.data as AppraisalSchemePublished['data'];
    const kept = latest.get(year);
    if (!kept || (kept.data as AppraisalSchemePublished['data']).revision < revision) latest.set(year, e);
  }
  if (latest.size === 0) return;
  const schemes = [...latest.values()];
  const d = schemes.map((e) => e.data as AppraisalSchemePublished['data']);
  const t = ctx.table(APPRAISAL_SCHEMES_TABLE);
  await ctx.query(
    `INSERT INTO ${t} (year, revision, scheme, event_id, stream_id, stream_version)
     SELECT * FROM unnest($1::integer[], $2::integer[], $3::jsonb[], $4::text[], $5::text[], $6::integer[])
     ON CONFLICT (year) DO UPDATE SET revision = EXCLUDED.revision, scheme = EXCLUDED.scheme, event_id = EXCLUDED.event_id,
       stream_id = EXCLUDED.stream_id, stream_version = EXCLUDED.stream_version
     WHERE ${t}.revision < EXCLUDED.revision`,
    [
      d.map((s) => s.year),
      d.map((s) => s.revision),
      d.map((s) => JSON.stringify(s.scheme)),
      schemes.map((e) => e.eventId),
      schemes.map((e) => e.streamId),
      schemes.map((e) => e.streamVersion),
    ],
  );
}
