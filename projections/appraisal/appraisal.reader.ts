import {
  appraisalSchemeInForce,
  isUnitKind,
  type AccountabilityFact,
  type AppraisalInputsEvent,
  type AppraisalScheme,
  type AppraisalSchemeInForce,
  type CaseFact,
  type EventRef,
  type HandlingRound,
  type RecordedInputEvent,
  type Satisfaction,
  type UnitAppraisalFacts,
  type UnitKind,
} from '@app/domain';
import { queryReadModel, type Queryable } from '../runner/read-model-query';

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const APPRAISAL_READ_MODEL = 'appraisal';
/** Its views (appraisal.tables.ts): the DDL creates them, the projection fills them, only this reader reads them. */
export const APPRAISAL_UNITS_TABLE = 'appraisal_units';
export const APPRAISAL_INPUT_EVENTS_TABLE = 'appraisal_input_events';
export const APPRAISAL_CASE_FACTS_TABLE = 'appraisal_case_facts';
export const APPRAISAL_ACCOUNTABILITY_TABLE = 'appraisal_accountability';
export const APPRAISAL_SCHEMES_TABLE = 'appraisal_schemes';

/** A unit as the appraisal lists it. */
export interface AppraisedUnit {
  unitId: string;
  name: string;
  kind: UnitKind;
  /** `retired` units are listed only for years they have something recorded in. */
  status: 'active' | 'retired';
}

/** Everything the read model knows about a year, ready for the domain's evaluation. */
export interface AppraisalYear {
  inForce: AppraisalSchemeInForce;
  units: Array<{ unit: AppraisedUnit; facts: UnitAppraisalFacts }>;
}

/**
 * Reads a year's facts from the appraisal read model and shapes them as the domain's evaluation
 * (libs/domain) takes them. The whole year at once: ranking needs every unit of a kind anyway, and a
 * year is a few hundred units and their cases.
 */
export class AppraisalReader {
  constructor(private readonly db: Queryable) {}

  /** `asOf`: the instant the appraisal is asked for, which open handling deadlines are judged at. */
  async year(year: number, asOf: Date): Promise<AppraisalYear> {
    const query = (sql: string, params: unknown[] = []) => queryReadModel(this.db, APPRAISAL_READ_MODEL, sql, params);
    const [schemes, units, inputs, cases, accountability] = await Promise.all([
      query(`SELECT revision, scheme FROM ${APPRAISAL_SCHEMES_TABLE} WHERE year = $1`, [year]),
      query(`SELECT unit_id, name, kind, status FROM ${APPRAISAL_UNITS_TABLE} ORDER BY unit_id`),
      query(
        `SELECT event_id, stream_id, stream_version, unit_id, type, data FROM ${APPRAISAL_INPUT_EVENTS_TABLE} WHERE year = $1 ORDER BY unit_id, stream_version`,
        [year],
      ),
      query(
        `SELECT case_id, lead_unit_id, lead_event, sign_for_due::text AS sign_for_due, acknowledged_on::text AS acknowledged_on, acknowledged_event,
                closed_event, handling_rounds, visit_satisfaction, visit_event, reopenings
           FROM ${APPRAISAL_CASE_FACTS_TABLE} WHERE year = $1 AND lead_unit_id IS NOT NULL ORDER BY case_id`,
        [year],
      ),
      query(
        `SELECT event_id, stream_id, stream_version, accountability_id, case_id, unit_id, forms FROM ${APPRAISAL_ACCOUNTABILITY_TABLE} WHERE year = $1 ORDER BY event_id`,
        [year],
      ),
    ]);
    const scheme = schemes[0] as { revision: number; scheme: AppraisalScheme } | undefined;
    const inForce = appraisalSchemeInForce(year, scheme ? { year, revision: scheme.revision, scheme: scheme.scheme } : null);

    const byUnit = <T>(rows: T[], unitOf: (row: T) => string) => {
      const map = new Map<string, T[]>();
      for (const row of rows) {
        const list = map.get(unitOf(row));
        if (list) list.push(row);
        else map.set(unitOf(row), [row]);
      }
      return map;
    };
    const inputsOf = byUnit(inputs.map(toRecordedInput), (r) => r.event.data.unitId);
    const casesOf = byUnit(cases.map(toCaseFact), (c) => c.leadUnitId);
    const accountabilityOf = byUnit(accountability.map(toAccountabilityFact), (a) => a.unitId);

    const appraised = units
      .filter((u) => isUnitKind(u.kind))
      .map(toAppraisedUnit)
      .filter((u) => u.status === 'active' || inputsOf.has(u.unitId) || casesOf.has(u.unitId) || accountabilityOf.has(u.unitId))
      .map((unit) => ({
        unit,
        facts: {
          unitId: unit.unitId,
          unitKind: unit.kind,
          year,
          inputs: inputsOf.get(unit.unitId) ?? [],
          cases: casesOf.get(unit.unitId) ?? [],
          accountability: accountabilityOf.get(unit.unitId) ?? [],
          asOf: asOf.toISOString(),
        },
      }));
    return { inForce, units: appraised };
  }
}

function toAppraisedUnit(r: Record<string, unknown>): AppraisedUnit {
  return { unitId: r.unit_id as string, name: r.name as string, kind: r.kind as UnitKind, status: r.status as AppraisedUnit['status'] };
}

function toRecordedInput(r: Record<string, unknown>): RecordedInputEvent {
  return {
    event: { type: r.type, data: r.data } as AppraisalInputsEvent,
    ref: { eventId: r.event_id as string, streamId: r.stream_id as string, streamVersion: r.stream_version as number },
  };
}

function toCaseFact(r: Record<string, unknown>): CaseFact {
  return {
    caseId: r.case_id as string,
    leadUnitId: r.lead_unit_id as string,
    leadEvent: r.lead_event as EventRef,
    signForDue: r.sign_for_due as string,
    acknowledged: r.acknowledged_event ? { on: r.acknowledged_on as string, event: r.acknowledged_event as EventRef } : null,
    closed: (r.closed_event as EventRef | null) ?? null,
    handlingRounds: r.handling_rounds as HandlingRound<EventRef>[],
    returnVisit: r.visit_event ? { satisfaction: r.visit_satisfaction as Satisfaction, event: r.visit_event as EventRef } : null,
    reopenings: r.reopenings as EventRef[],
  };
}

function toAccountabilityFact(r: Record<string, unknown>): AccountabilityFact {
  return {
    accountabilityId: r.accountability_id as string,
    caseId: r.case_id as string,
    unitId: r.unit_id as string,
    forms: r.forms as string[],
    event: { eventId: r.event_id as string, streamId: r.stream_id as string, streamVersion: r.stream_version as number },
  };
}
