import {
  appraisalSchemeInForce,
  CASE_INDICATORS,
  isUnitKind,
  type AccountabilityFact,
  type AppraisalInputsEvent,
  type AppraisalScheme,
  type AppraisalSchemeInForce,
  type CaseFact,
  type CaseIndicator,
  type RecordedInputEvent,
  type UnitAppraisalFacts,
  type UnitCaseTallies,
  type UnitKind,
} from '@app/domain';
import { filtersTag, isTag } from '../cursor-filters';
import { decodeCursor, KEY_ID, readPage, type Page } from '../runner/keyset';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import type { ReadModelVersion } from '../runner/read-model-version';
import { count } from '../runner/row-values';
import { asCaseFact, caseFactRowOf } from './case-fact-row';

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const APPRAISAL_READ_MODEL = 'appraisal';
/** Its views (appraisal.tables.ts): the DDL creates them, the projection fills them, only this reader reads them. */
export const APPRAISAL_UNITS_TABLE = 'appraisal_units';
export const APPRAISAL_INPUT_EVENTS_TABLE = 'appraisal_input_events';
export const APPRAISAL_CASE_FACTS_TABLE = 'appraisal_case_facts';
export const APPRAISAL_ACCOUNTABILITY_TABLE = 'appraisal_accountability';
export const APPRAISAL_SCHEMES_TABLE = 'appraisal_schemes';
export const APPRAISAL_UNIT_TALLIES_TABLE = 'appraisal_unit_tallies';
export const APPRAISAL_OPEN_DEADLINES_TABLE = 'appraisal_open_deadlines';

/** The column of an indicator's numerator or denominator in the unit tallies: `response_rate_numerator`. */
export function indicatorColumn(indicator: CaseIndicator, part: 'numerator' | 'denominator'): string {
  return `${indicator.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_${part}`;
}

/** Each indicator's columns, named once: the year's table reads them for every unit. */
const INDICATOR_COLUMNS = CASE_INDICATORS.map((indicator) => ({
  indicator,
  numerator: indicatorColumn(indicator, 'numerator'),
  denominator: indicatorColumn(indicator, 'denominator'),
}));

/** The counters of a unit's tallies for a year, in column order. */
export const TALLY_COUNTERS: readonly string[] = [
  'led',
  ...CASE_INDICATORS.flatMap((i) => [indicatorColumn(i, 'numerator'), indicatorColumn(i, 'denominator')]),
  'overdue_late',
  'overdue_open',
  'accountability',
];

/** A unit as the appraisal lists it. */
export interface AppraisedUnit {
  unitId: string;
  name: string;
  kind: UnitKind;
  /** `retired` units are listed only for years they have something recorded in. */
  status: 'active' | 'retired';
  /** When its retirement occurred (ISO-8601); null while active. */
  retiredAt: string | null;
}

/** What the year's table is scored from: per unit its recorded inputs and its tallies, at an instant. */
export interface AppraisalYearTallies {
  inForce: AppraisalSchemeInForce;
  units: Array<{ unit: AppraisedUnit; inputs: RecordedInputEvent[]; tallies: UnitCaseTallies }>;
}

/** Everything the read model knows about one unit's year, ready for the domain's evaluation with its breakdown. */
export interface UnitAppraisalYear {
  inForce: AppraisalSchemeInForce;
  unit: AppraisedUnit;
  facts: UnitAppraisalFacts;
}

/**
 * Reads the appraisal read model and shapes it as the domain's evaluation (libs/domain) takes it. The
 * year's table reads a row of tallies per unit and the units' recorded inputs (a few events each) —
 * never the cases; one unit's breakdown reads that unit's accountability and its cases a page at a time.
 */
export class AppraisalReader {
  constructor(private readonly db: Queryable) {}

  /** `asOf`: the instant the appraisal is asked for, which open handling deadlines are judged at. */
  async yearTallies(year: number, asOf: Date): Promise<AppraisalYearTallies> {
    const [inForce, units, inputs, tallies] = await Promise.all([
      this.schemeInForce(year),
      this.query(`SELECT unit_id, name, kind, status, retired_at FROM ${APPRAISAL_UNITS_TABLE} ORDER BY unit_id`),
      this.inputs(year, null),
      // Open rounds not yet late at asOf are taken away from overdue_open (unit-tallies.ts).
      this.query(
        `SELECT t.*, coalesce(p.not_yet_late, 0) AS not_yet_late
           FROM ${APPRAISAL_UNIT_TALLIES_TABLE} t
           LEFT JOIN (SELECT unit_id, sum(cases) AS not_yet_late FROM ${APPRAISAL_OPEN_DEADLINES_TABLE}
                       WHERE year = $1 AND late_from > $2 GROUP BY unit_id) p USING (unit_id)
          WHERE t.year = $1`,
        [year, asOf.toISOString()],
      ),
    ]);
    const inputsOf = groupBy(inputs, (r) => r.event.data.unitId);
    const talliesOf = new Map(tallies.map((r) => [r.unit_id as string, r]));
    // A retired unit is listed for a year it has something in: inputs, a case it leads, accountability.
    const recorded = (unitId: string) => {
      const t = talliesOf.get(unitId);
      return inputsOf.has(unitId) || (t !== undefined && (count(t.led) > 0 || count(t.accountability) > 0));
    };
    const listed = units
      .filter((u) => isUnitKind(u.kind as string))
      .map(toAppraisedUnit)
      .filter((unit) => unit.status === 'active' || recorded(unit.unitId))
      .map((unit) => ({ unit, inputs: inputsOf.get(unit.unitId) ?? [], tallies: toTallies(talliesOf.get(unit.unitId) ?? {}) }));
    return { inForce, units: listed };
  }

  /**
   * What the year's tallies at `asOf` are a function of, as one string: the read model's checkpoint
   * (every change of its tables moves it, in the same transaction), the scheme's revision, and the
   * next instant an open handling deadline of the year becomes late after `asOf` — with the tables
   * unchanged, two instants before the same next one see the same deadlines late (`changesAt`). One
   * statement, so one snapshot; the checkpoint is read here rather than through the runner's
   * CheckpointReader for that reason.
   */
  async yearVersion(year: number, asOf: Date): Promise<ReadModelVersion> {
    const [row] = await this.query(
      `SELECT (SELECT generation || '/' || coalesce(position::text, '-') FROM projection_checkpoints WHERE name = $3) AS checkpoint,
              (SELECT revision FROM ${APPRAISAL_SCHEMES_TABLE} WHERE year = $1) AS revision,
              n.late_from::text AS next_late_from, (extract(epoch FROM n.late_from) * 1000)::float8 AS next_late_from_ms
       FROM (SELECT (SELECT late_from FROM ${APPRAISAL_OPEN_DEADLINES_TABLE} WHERE year = $1 AND late_from > $2
                     ORDER BY late_from LIMIT 1) AS late_from) n`,
      [year, asOf.toISOString(), APPRAISAL_READ_MODEL],
    );
    return {
      version: `${row.checkpoint ?? '-'} ${row.revision ?? '-'} ${row.next_late_from ?? '-'}`,
      changesAt: (row.next_late_from_ms as number | null) ?? null,
    };
  }

  /**
   * A page of the cases of the year the unit leads, in case id order (keyset: `cursor` is the
   * previous page's nextCursor): the cases behind its indicators and overdue deductions.
   */
  async cases(year: number, unitId: string, page: { cursor?: string; limit?: number } = {}): Promise<Page<CaseFact>> {
    const tag = filtersTag('appraisal-cases', { year, unitId });
    const after = afterKey(page.cursor, tag);
    const { items, nextCursor } = await readPage(this.db, APPRAISAL_READ_MODEL, {
      sql: `SELECT ${CASE_FACT_COLUMNS} FROM ${APPRAISAL_CASE_FACTS_TABLE}
             WHERE year = $1 AND lead_unit_id = $2 AND ($3::text IS NULL OR case_id > $3) ORDER BY case_id`,
      params: [year, unitId, after],
      limit: page.limit,
      toItem: (r) => asCaseFact(caseFactRowOf(r)),
      keyOf: (r) => [tag, r.case_id as string],
    });
    return { items: items.filter((c): c is CaseFact => c !== null), nextCursor };
  }

  /**
   * A page of the accountability decisions of the year against the unit, in event id order (keyset:
   * `cursor` is the previous page's nextCursor): what the breakdown lists under its accountability
   * deduction, a page at a time, as it lists the cases.
   */
  async accountabilityPage(
    year: number,
    unitId: string,
    page: { cursor?: string; limit?: number } = {},
  ): Promise<Page<AccountabilityFact>> {
    const tag = filtersTag('appraisal-accountability', { year, unitId });
    const after = afterKey(page.cursor, tag);
    return readPage(this.db, APPRAISAL_READ_MODEL, {
      sql: `SELECT ${ACCOUNTABILITY_COLUMNS} FROM ${APPRAISAL_ACCOUNTABILITY_TABLE}
             WHERE year = $1 AND unit_id = $2 AND ($3::text IS NULL OR event_id > $3) ORDER BY event_id`,
      params: [year, unitId, after],
      limit: page.limit,
      toItem: toAccountabilityFact,
      keyOf: (r) => [tag, r.event_id as string],
    });
  }

  /** The accountability decisions of the year against the unit, on cases and on findings, in event id order. */
  async accountability(year: number, unitId: string): Promise<AccountabilityFact[]> {
    const rows = await this.query(
      `SELECT ${ACCOUNTABILITY_COLUMNS} FROM ${APPRAISAL_ACCOUNTABILITY_TABLE} WHERE year = $1 AND unit_id = $2 ORDER BY event_id`,
      [year, unitId],
    );
    return rows.map(toAccountabilityFact);
  }

  /** One unit's year with all its cases, inputs and accountability (what `evaluateUnitAppraisal` takes); null when the unit is not known. */
  async unitYear(year: number, unitId: string, asOf: Date): Promise<UnitAppraisalYear | null> {
    const [inForce, units, inputs, cases, accountability] = await Promise.all([
      this.schemeInForce(year),
      this.query(`SELECT unit_id, name, kind, status, retired_at FROM ${APPRAISAL_UNITS_TABLE} WHERE unit_id = $1`, [unitId]),
      this.inputs(year, unitId),
      this.query(`SELECT ${CASE_FACT_COLUMNS} FROM ${APPRAISAL_CASE_FACTS_TABLE} WHERE year = $1 AND lead_unit_id = $2 ORDER BY case_id`, [
        year,
        unitId,
      ]),
      this.accountability(year, unitId),
    ]);
    if (units.length === 0 || !isUnitKind(units[0].kind as string)) return null;
    const unit = toAppraisedUnit(units[0]);
    const facts: UnitAppraisalFacts = {
      unitId,
      unitKind: unit.kind,
      year,
      inputs,
      cases: cases.map((r) => asCaseFact(caseFactRowOf(r))).filter((c): c is CaseFact => c !== null),
      accountability,
      asOf: asOf.toISOString(),
    };
    return { inForce, unit, facts };
  }

  /** Every unit the read model knows, active or retired, in id order: who a league table lists. */
  async units(): Promise<AppraisedUnit[]> {
    return (await this.query(`SELECT unit_id, name, kind, status, retired_at FROM ${APPRAISAL_UNITS_TABLE} ORDER BY unit_id`)).map(
      toAppraisedUnit,
    );
  }

  private query(sql: string, params: unknown[] = []) {
    return queryReadModel(this.db, APPRAISAL_READ_MODEL, sql, params);
  }

  private async schemeInForce(year: number): Promise<AppraisalSchemeInForce> {
    const [scheme] = (await this.query(`SELECT revision, scheme FROM ${APPRAISAL_SCHEMES_TABLE} WHERE year = $1`, [year])) as Array<{
      revision: number;
      scheme: AppraisalScheme;
    }>;
    return appraisalSchemeInForce(year, scheme ? { year, revision: scheme.revision, scheme: scheme.scheme } : null);
  }

  /** The recorded inputs of the year, of one unit or all, in stream order. */
  private async inputs(year: number, unitId: string | null): Promise<RecordedInputEvent[]> {
    const rows = await this.query(
      `SELECT event_id, stream_id, stream_version, unit_id, type, data FROM ${APPRAISAL_INPUT_EVENTS_TABLE}
        WHERE year = $1 AND ($2::text IS NULL OR unit_id = $2) ORDER BY unit_id, stream_version`,
      [year, unitId],
    );
    return rows.map(toRecordedInput);
  }
}

const CASE_FACT_COLUMNS = `case_id, year, lead_unit_id, lead_event, sign_for_due::text AS sign_for_due, acknowledged_on::text AS acknowledged_on,
  acknowledged_event, closed_event, handling_rounds, visit_satisfaction, visit_event, reopenings`;

/** A row of tallies (none: all 0) as the domain's summary takes them, overdue as of the reader's instant. */
function toTallies(r: Record<string, unknown>): UnitCaseTallies {
  const indicators = {} as Record<CaseIndicator, { numerator: number; denominator: number }>;
  for (const { indicator, numerator, denominator } of INDICATOR_COLUMNS)
    indicators[indicator] = { numerator: count(r[numerator]), denominator: count(r[denominator]) };
  return {
    indicators,
    overdueCases: count(r.overdue_late) + count(r.overdue_open) - count(r.not_yet_late),
    accountability: count(r.accountability),
  };
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(keyOf(row));
    if (list) list.push(row);
    else map.set(keyOf(row), [row]);
  }
  return map;
}

function toAppraisedUnit(r: Record<string, unknown>): AppraisedUnit {
  const retiredAt = r.retired_at === null || r.retired_at === undefined ? null : new Date(r.retired_at as string | Date).toISOString();
  return {
    unitId: r.unit_id as string,
    name: r.name as string,
    kind: r.kind as UnitKind,
    status: r.status as AppraisedUnit['status'],
    retiredAt,
  };
}

function toRecordedInput(r: Record<string, unknown>): RecordedInputEvent {
  return {
    event: { type: r.type, data: r.data } as AppraisalInputsEvent,
    ref: { eventId: r.event_id as string, streamId: r.stream_id as string, streamVersion: r.stream_version as number },
  };
}

const ACCOUNTABILITY_COLUMNS = 'event_id, stream_id, stream_version, accountability_id, case_id, finding_id, unit_id, forms';

function toAccountabilityFact(r: Record<string, unknown>): AccountabilityFact {
  return {
    accountabilityId: r.accountability_id as string,
    ...(r.finding_id !== null ? { findingId: r.finding_id as string } : { caseId: r.case_id as string }),
    unitId: r.unit_id as string,
    forms: r.forms as string[],
    event: { eventId: r.event_id as string, streamId: r.stream_id as string, streamVersion: r.stream_version as number },
  };
}

/**
 * The id a page goes on after, from the cursor the previous page handed out (null: the first page).
 * The cursor names its list, unit and year (cursor-filters.ts): one of another unit or year would be
 * read as a place in this list, skipping its cases (decisions) before that id.
 */
function afterKey(cursor: string | undefined, tag: string): string | null {
  if (cursor === undefined) return null;
  return decodeCursor(
    cursor,
    [isTag(tag), (id) => KEY_ID.test(id)],
    'cursor must be a nextCursor returned by this list for this unit and year',
  )[1];
}
