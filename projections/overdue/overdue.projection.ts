import type { EventEnvelope } from '@app/event-store';
import { CASE_STREAM_PREFIX, isCompleteReport, SUPERVISION_LEVELS, type CaseEvent, type CaseEventType } from '@app/domain';
import { perEvent, type Projection, type ProjectionContext } from '../runner/projection';
import { OVERDUE_CASES_TABLE, OVERDUE_DEADLINES_TABLE, OVERDUE_READ_MODEL } from './overdue.reader';
import { overdueCasesTable, overdueDeadlinesTable } from './overdue.tables';

/** One SQL statement of a change; `$1` is always the case id. */
type Statement = [sql: string, params: unknown[]];

/** A newly set deadline starts clean: not passed, not supervised, not extended. */
const FRESH = `open = true, deadline_passed = false, supervision_count = 0, supervision_level = NULL, last_supervised_at = NULL,
               extension_times = 0, extension_working_days = 0, due_before_extension = NULL`;

/** The events that set, move, meet or withdraw a deadline, or show what was done about one. */
const HANDLED: readonly CaseEventType[] = [
  'ComplaintFiled',
  'ComplaintRejected',
  'UnitNotified',
  'UnitAcknowledged',
  'DispatchDisputed',
  'CaseTransferred',
  'ExtensionGranted',
  'SupervisionIssued',
  'DeadlinePassed',
  'HandlingReported',
  'CaseReopened',
  'CaseClosed',
];

/**
 * The overdue list (超期/临期清单, 红黄牌): each open deadline of each unit on an open case, with the
 * supervision issued and any extension granted. Every event moves the case row's version first and
 * changes nothing if it does not move, so applying an event twice changes nothing.
 */
export const overdueProjection: Projection = {
  name: OVERDUE_READ_MODEL,
  version: 1,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: [overdueCasesTable, overdueDeadlinesTable],
  ...perEvent(Object.fromEntries(HANDLED.map((type) => [type, handle]))),
};

async function handle(envelope: EventEnvelope, ctx: ProjectionContext): Promise<void> {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  const caseId = envelope.streamId.slice(CASE_STREAM_PREFIX.length);
  const cases = ctx.table(OVERDUE_CASES_TABLE);
  if (event.type === 'ComplaintFiled') {
    const d = event.data;
    await ctx.query(
      `INSERT INTO ${cases} (case_id, version, title, category, urgency) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING`,
      [caseId, envelope.streamVersion, d.title, d.category, d.urgency],
    );
    return;
  }
  const moved = await ctx.query(`UPDATE ${cases} SET version = $2 WHERE case_id = $1 AND version < $2`, [caseId, envelope.streamVersion]);
  if (!moved.rowCount) return; // applied before
  for (const [sql, params] of changesOf(event, envelope, caseId, cases, ctx.table(OVERDUE_DEADLINES_TABLE))) await ctx.query(sql, params);
}

function changesOf(event: CaseEvent, envelope: EventEnvelope, caseId: string, cases: string, deadlines: string): Statement[] {
  const close = (where: string, ...params: unknown[]): Statement => [
    `UPDATE ${deadlines} SET open = false WHERE case_id = $1 AND ${where}`,
    [caseId, ...params],
  ];
  const open = (unitId: string, role: string, leader: string, signForDue: string, handlingDue: string): Statement => [
    `INSERT INTO ${deadlines} (case_id, unit_id, kind, unit_role, responsible_leader, due_date, round, open)
     SELECT $1, $2, k.kind, $3, $4, k.due::date, c.round, true
       FROM (VALUES ('sign_for', $5), ('handling', $6)) AS k (kind, due), ${cases} c WHERE c.case_id = $1
     ON CONFLICT (case_id, unit_id, kind) DO UPDATE SET unit_role = excluded.unit_role, responsible_leader = excluded.responsible_leader,
       due_date = excluded.due_date, round = excluded.round, ${FRESH}`,
    [caseId, unitId, role, leader, signForDue, handlingDue],
  ];
  switch (event.type) {
    case 'UnitNotified': {
      const d = event.data;
      return [open(d.unitId, d.role, d.responsibleLeader, d.signForDue, d.handlingDue)];
    }
    case 'UnitAcknowledged':
      return [close(`unit_id = $2 AND kind = 'sign_for'`, event.data.unitId)];
    case 'DispatchDisputed':
      return [close('unit_id = $2', event.data.unitId)];
    case 'CaseTransferred': {
      const d = event.data;
      return [close('unit_id = $2', d.fromUnitId), open(d.toUnitId, d.role, d.responsibleLeader, d.signForDue, d.handlingDue)];
    }
    case 'ExtensionGranted': {
      const d = event.data;
      return [
        [
          `UPDATE ${deadlines} SET due_date = $3, deadline_passed = false, extension_times = extension_times + 1,
             extension_working_days = extension_working_days + $4, due_before_extension = COALESCE(due_before_extension, $5::date)
           WHERE case_id = $1 AND unit_id = $2 AND kind = 'handling' AND open`,
          [caseId, d.unitId, d.newDue, d.workingDays, d.previousDue],
        ],
      ];
    }
    case 'SupervisionIssued': {
      // 催办 < 督办 < 挂牌督办: the row shows the highest level issued so far and how many times.
      const d = event.data;
      return [
        [
          `UPDATE ${deadlines} SET supervision_count = supervision_count + 1, last_supervised_at = $5,
             supervision_level = CASE WHEN array_position($4::text[], $3::text) > COALESCE(array_position($4::text[], supervision_level), 0)
                                      THEN $3::text ELSE supervision_level END
           WHERE case_id = $1 AND unit_id = $2 AND open`,
          [caseId, d.unitId, d.level, SUPERVISION_LEVELS, envelope.metadata.occurredAt],
        ],
      ];
    }
    case 'DeadlinePassed': {
      // Only the due date the scheduler saw pass: an extension granted meanwhile set a new one.
      const d = event.data;
      return [
        [
          `UPDATE ${deadlines} SET deadline_passed = true WHERE case_id = $1 AND unit_id = $2 AND kind = $3 AND due_date = $4 AND open`,
          [caseId, d.unitId, d.deadline, d.dueDate],
        ],
      ];
    }
    case 'HandlingReported': {
      // A co-handling unit meets its deadline with any report; the lead only with a complete one.
      const d = event.data;
      return [close(`unit_id = $2 AND kind = 'handling' AND (unit_role = 'co' OR $3)`, d.unitId, isCompleteReport(d))];
    }
    case 'CaseReopened': {
      // 重办: the lead unit handles again against a new due date.
      const d = event.data;
      return [
        [`UPDATE ${cases} SET round = $2 WHERE case_id = $1`, [caseId, d.round]],
        [
          `UPDATE ${deadlines} SET due_date = $3, round = $4, ${FRESH} WHERE case_id = $1 AND unit_id = $2 AND kind = 'handling'`,
          [caseId, d.leadUnitId, d.handlingDue, d.round],
        ],
      ];
    }
    case 'CaseClosed':
    case 'ComplaintRejected':
      return [close('true')];
    default:
      return [];
  }
}
