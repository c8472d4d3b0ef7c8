import type { EventEnvelope } from '@app/event-store';
import {
  beijingDateOf,
  CASE_STREAM_PREFIX,
  handlingRoundsAfter,
  yearOf,
  type CaseEvent,
  type EventRef,
  type HandlingRound,
} from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { eventRef } from './event-ref';
import { APPRAISAL_ACCOUNTABILITY_TABLE, APPRAISAL_CASE_FACTS_TABLE } from './appraisal.reader';

type Handler = (envelope: EventEnvelope, ctx: ProjectionContext) => Promise<void>;

/**
 * Case events → one row per case with what it counts for its lead unit (主办), and one row per
 * accountability. Every UPDATE is guarded by the stream version (applied twice, changes nothing);
 * a lead change (transfer, dispatch after a dispute) gives the new lead a clean slate.
 */
export const caseFactHandlers: Readonly<Record<string, Handler>> = {
  ComplaintFiled: async (e, ctx) => {
    const d = data<'ComplaintFiled'>(e);
    await ctx.query(
      `INSERT INTO ${ctx.table(APPRAISAL_CASE_FACTS_TABLE)} (case_id, version, year) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING`,
      [caseIdOf(e), e.streamVersion, yearOf(beijingDateOf(d.receivedAt))],
    );
  },
  UnitNotified: async (e, ctx) => {
    const d = data<'UnitNotified'>(e);
    if (d.role === 'lead') await newLead(e, ctx, d.unitId, d.signForDue);
  },
  CaseTransferred: async (e, ctx) => {
    const d = data<'CaseTransferred'>(e);
    if (d.role === 'lead') await newLead(e, ctx, d.toUnitId, d.signForDue);
  },
  DispatchDisputed: (e, ctx) =>
    update(e, ctx, `lead_unit_id = NULL, lead_event = NULL, sign_for_due = NULL, acknowledged_on = NULL, acknowledged_event = NULL`, {
      leadIs: data<'DispatchDisputed'>(e).unitId,
      rounds: true,
    }),
  // 延期 and the lead's complete report move or meet the round's handling deadline (handlingRoundsAfter).
  ExtensionGranted: (e, ctx) => update(e, ctx, '', { leadIs: data<'ExtensionGranted'>(e).unitId, rounds: true }),
  HandlingReported: (e, ctx) => update(e, ctx, '', { leadIs: data<'HandlingReported'>(e).unitId, rounds: true }),
  UnitAcknowledged: (e, ctx) => {
    const d = data<'UnitAcknowledged'>(e) as { unitId: string; acknowledgedAt?: string };
    // Events written before acknowledgedAt existed: the command's instant is the metadata's occurredAt.
    const signedForOn = beijingDateOf(d.acknowledgedAt ?? e.metadata.occurredAt);
    return update(e, ctx, `acknowledged_on = $4::date, acknowledged_event = $5::jsonb`, {
      leadIs: d.unitId,
      params: [signedForOn, eventRef(e)],
    });
  },
  // DeadlinePassed is the live alert, not a fact the appraisal counts: whether a deadline was met is
  // decided from the recorded due dates and reports (handling_rounds), whenever the scheduler ran.
  ReturnVisitRecorded: (e, ctx) =>
    update(e, ctx, `visit_satisfaction = $4, visit_event = $5::jsonb`, {
      params: [data<'ReturnVisitRecorded'>(e).satisfaction, eventRef(e)],
    }),
  // Handled again (重办): the case is open again and the new round's return visit is what counts.
  CaseReopened: (e, ctx) =>
    update(
      e,
      ctx,
      `reopenings = reopenings || jsonb_build_array($4::jsonb), closed_event = NULL, visit_satisfaction = NULL, visit_event = NULL`,
      {
        params: [eventRef(e)],
        rounds: true,
      },
    ),
  CaseClosed: (e, ctx) => update(e, ctx, `closed_event = $4::jsonb`, { params: [eventRef(e)] }),
  AccountabilityIssued: async (e, ctx) => {
    const d = data<'AccountabilityIssued'>(e);
    await ctx.query(
      `INSERT INTO ${ctx.table(APPRAISAL_ACCOUNTABILITY_TABLE)} (event_id, stream_id, stream_version, accountability_id, case_id, unit_id, year, forms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
      [
        e.eventId,
        e.streamId,
        e.streamVersion,
        d.accountabilityId,
        caseIdOf(e),
        d.target.unitId,
        yearOf(beijingDateOf(e.metadata.occurredAt)),
        d.forms,
      ],
    );
  },
};

function newLead(e: EventEnvelope, ctx: ProjectionContext, unitId: string, signForDue: string): Promise<void> {
  return update(
    e,
    ctx,
    `lead_unit_id = $4, lead_event = $5::jsonb, sign_for_due = $6::date, acknowledged_on = NULL, acknowledged_event = NULL`,
    { params: [unitId, eventRef(e), signForDue], rounds: true },
  );
}

/**
 * `UPDATE … SET version = $2, <assignments> WHERE case_id = $1 AND version < $2`; `$3` is the lead
 * unit the event must concern (when `leadIs`), the assignments' parameters follow from `$4`. With
 * `rounds`, the event also moves the handling rounds, read first and written as the last parameter.
 */
async function update(
  e: EventEnvelope,
  ctx: ProjectionContext,
  assignments: string,
  options: { leadIs?: string; params?: unknown[]; rounds?: boolean },
): Promise<void> {
  const table = ctx.table(APPRAISAL_CASE_FACTS_TABLE);
  const leadGuard = options.leadIs === undefined ? '$3::text IS NULL' : 'lead_unit_id = $3';
  const params = [caseIdOf(e), e.streamVersion, options.leadIs ?? null, ...(options.params ?? [])];
  const set = assignments ? [assignments] : [];
  if (options.rounds) {
    const { rows } = await ctx.query(`SELECT handling_rounds FROM ${table} WHERE case_id = $1 AND version < $2`, [
      caseIdOf(e),
      e.streamVersion,
    ]);
    if (rows.length === 0) return; // applied before, or the case is not in this read model
    const before = rows[0].handling_rounds as HandlingRound<EventRef>[];
    const after = handlingRoundsAfter(before, { type: e.type, data: e.data } as CaseEvent, e.metadata.occurredAt, refOf(e));
    set.push(`handling_rounds = $${params.push(JSON.stringify(after))}::jsonb`);
  }
  if (set.length === 0) return;
  await ctx.query(`UPDATE ${table} SET version = $2, ${set.join(', ')} WHERE case_id = $1 AND version < $2 AND ${leadGuard}`, params);
}

type DataOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }> extends { data: infer D } ? D : never;

function data<T extends CaseEvent['type']>(e: EventEnvelope): DataOf<T> {
  return e.data as DataOf<T>;
}

function refOf(e: EventEnvelope): EventRef {
  return { eventId: e.eventId, streamId: e.streamId, streamVersion: e.streamVersion };
}

function caseIdOf(e: EventEnvelope): string {
  return e.streamId.slice(CASE_STREAM_PREFIX.length);
}
