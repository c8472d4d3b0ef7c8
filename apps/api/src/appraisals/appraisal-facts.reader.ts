import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  appraisalSchemeInForce,
  isUnitKind,
  type AccountabilityFact,
  type AppraisalInputsEvent,
  type AppraisalScheme,
  type AppraisalSchemeInForce,
  type CaseFact,
  type EventRef,
  type RecordedInputEvent,
  type Satisfaction,
  type UnitAppraisalFacts,
  type UnitKind,
} from '@app/domain';
import { PG_POOL } from '@app/platform';
import { notReady } from '../common/projection-positions';

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
 * Reads a year's facts from the appraisal read model (its views) and shapes them as the domain's
 * evaluation takes them. The whole year at once: ranking needs every unit of a kind anyway, and a
 * year is a few hundred units and their cases.
 */
@Injectable()
export class AppraisalFactsReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async year(year: number): Promise<AppraisalYear> {
    try {
      return await this.read(year);
    } catch (error) {
      // The projector has not built the read model yet (first start, or APP_ROLE=api alone).
      if ((error as { code?: string }).code === '42P01') throw notReady('appraisal', 'is not built yet');
      throw error;
    }
  }

  private async read(year: number): Promise<AppraisalYear> {
    const [schemes, units, inputs, cases, accountability] = await Promise.all([
      this.pool.query(`SELECT revision, scheme FROM appraisal_schemes WHERE year = $1`, [year]),
      this.pool.query(`SELECT unit_id, name, kind, status FROM appraisal_units ORDER BY unit_id`),
      this.pool.query(
        `SELECT event_id, stream_id, stream_version, unit_id, type, data FROM appraisal_input_events WHERE year = $1 ORDER BY unit_id, stream_version`,
        [year],
      ),
      this.pool.query(
        `SELECT case_id, lead_unit_id, lead_event, sign_for_due::text AS sign_for_due, acknowledged_on::text AS acknowledged_on, acknowledged_event,
                closed_event, handling_overdue, visit_satisfaction, visit_event, reopenings
           FROM appraisal_case_facts WHERE year = $1 AND lead_unit_id IS NOT NULL ORDER BY case_id`,
        [year],
      ),
      this.pool.query(
        `SELECT event_id, stream_id, stream_version, accountability_id, case_id, unit_id, forms FROM appraisal_accountability WHERE year = $1 ORDER BY event_id`,
        [year],
      ),
    ]);
    const scheme = schemes.rows[0] as { revision: number; scheme: AppraisalScheme } | undefined;
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
    const inputsOf = byUnit(inputs.rows.map(toRecordedInput), (r) => r.event.data.unitId);
    const casesOf = byUnit(cases.rows.map(toCaseFact), (c) => c.leadUnitId);
    const accountabilityOf = byUnit(accountability.rows.map(toAccountabilityFact), (a) => a.unitId);

    const appraised = units.rows
      .filter((u) => isUnitKind(u.kind))
      .filter((u) => u.status === 'active' || inputsOf.has(u.unit_id) || casesOf.has(u.unit_id) || accountabilityOf.has(u.unit_id))
      .map((u) => ({
        unit: {
          unitId: u.unit_id as string,
          name: u.name as string,
          kind: u.kind as UnitKind,
          status: u.status as AppraisedUnit['status'],
        },
        facts: {
          unitId: u.unit_id as string,
          unitKind: u.kind as UnitKind,
          year,
          inputs: inputsOf.get(u.unit_id) ?? [],
          cases: casesOf.get(u.unit_id) ?? [],
          accountability: accountabilityOf.get(u.unit_id) ?? [],
        },
      }));
    return { inForce, units: appraised };
  }
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
    handlingOverdue: r.handling_overdue as EventRef[],
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
