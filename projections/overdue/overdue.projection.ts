import type { EventEnvelope } from '@app/event-store';
import { CASE_STREAM_PREFIX, isCompleteReport, SUPERVISION_LEVELS, type CaseEvent, type CaseEventType } from '@app/domain';
import type { Projection } from '../runner/projection';
import { BatchRows } from '../runner/row-cache';
import { rowListSlot, rowSlot } from '../runner/table-slots';
import { caseMembers, deadlineMembers, type OverdueCaseColumns, type OverdueDeadlineColumns } from './overdue.item';
import { OVERDUE_CASES_TABLE, OVERDUE_DEADLINES_TABLE, OVERDUE_READ_MODEL } from './overdue.reader';
import { overdueCasesTable, overdueDeadlinesTable } from './overdue.tables';

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
 * supervision issued and any extension granted.
 *
 * A batch loads the case rows and deadlines of its cases, applies its events to them in memory in
 * log order and writes the rows it changed back, one statement per table (during a rebuild, to the
 * rows kept across batches: runner/row-cache.ts). Every event moves the
 * case row's version first and changes nothing if it does not move, so applying an event twice
 * changes nothing.
 */
export const overdueProjection: Projection = {
  name: OVERDUE_READ_MODEL,
  // 2: the rows store their items' members (item_members), rendered as they are written.
  version: 2,
  streamPrefixes: [CASE_STREAM_PREFIX],
  tables: [overdueCasesTable, overdueDeadlinesTable],
  eventTypes: new Set(HANDLED),
  async applyBatch(events, ctx) {
    const caseIds = [...new Set(events.map(caseIdOf))];
    const caseRows = await BatchRows.read(ctx, overdueCaseRows, caseIds);
    const deadlineRows = await BatchRows.read(ctx, overdueDeadlineRows, caseIds);
    for (const envelope of events) {
      const caseId = caseIdOf(envelope);
      const row = caseRows.get(caseId);
      const deadlines = deadlineRows.get(caseId) ?? [];
      const next = row ? rowsAfter({ case: row, deadlines }, envelope) : filedRows(caseId, envelope);
      if (!next) continue;
      caseRows.set(caseId, next.case);
      if (next.deadlines !== deadlines) deadlineRows.set(caseId, next.deadlines);
    }
    await caseRows.write(ctx);
    await deadlineRows.write(ctx);
  },
};

/** A case's row, by case id, held without its item members. Rows are replaced, never changed in place. */
const overdueCaseRows = rowSlot<OverdueCaseRow>(OVERDUE_CASES_TABLE, 'case_id', {
  held: ['case_id', 'version', 'title', 'category', 'urgency', 'round'],
  stored: (row) => ({ ...row, item_members: caseMembers(row) }),
});

/**
 * A case's deadlines, by case id (none: empty), held without their item members, which only an open
 * deadline has (the list shows no other); a deadline is closed, never removed.
 */
const overdueDeadlineRows = rowListSlot<DeadlineRow>({
  table: OVERDUE_DEADLINES_TABLE,
  keyColumn: 'case_id',
  primaryKey: ['case_id', 'unit_id', 'kind'],
  held: [
    'case_id',
    'unit_id',
    'kind',
    'unit_role',
    'responsible_leader',
    'due_date',
    'round',
    'open',
    'deadline_passed',
    'supervision_count',
    'supervision_level',
    'last_supervised_at',
    'extension_times',
    'extension_working_days',
    'due_before_extension',
  ],
  stored: (row) => ({ ...row, item_members: row.open ? deadlineMembers(row) : null }),
});

/** A row of `overdue_cases` as `to_json` gives it, but for its item members. */
interface OverdueCaseRow extends OverdueCaseColumns {
  version: number;
  round: number;
}

/** A row of `overdue_deadlines` as `to_json` gives it (instants and days as ISO text), but for its item members. */
interface DeadlineRow extends OverdueDeadlineColumns {
  case_id: string;
  open: boolean;
}

/** A case's row and its deadlines, as the batch has them so far. */
interface CaseRows {
  case: OverdueCaseRow;
  deadlines: readonly DeadlineRow[];
}

/** A newly set deadline starts clean: not passed, not supervised, not extended. */
const FRESH = {
  open: true,
  deadline_passed: false,
  supervision_count: 0,
  supervision_level: null,
  last_supervised_at: null,
  extension_times: 0,
  extension_working_days: 0,
  due_before_extension: null,
} satisfies Partial<DeadlineRow>;

/** The case of an event's stream; lower case, as PostgreSQL writes a uuid (the rows' keys). */
function caseIdOf(envelope: EventEnvelope): string {
  return envelope.streamId.slice(CASE_STREAM_PREFIX.length).toLowerCase();
}

/** The rows a complaint filing starts; any other event of a case without a row changes nothing. */
function filedRows(caseId: string, envelope: EventEnvelope): CaseRows | null {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  if (event.type !== 'ComplaintFiled') return null;
  const { title, category, urgency } = event.data;
  return { case: { case_id: caseId, version: envelope.streamVersion, title, category, urgency, round: 1 }, deadlines: [] };
}

/** The case's rows after one more event; null when the case row has it already (or it is a second filing). */
function rowsAfter(rows: CaseRows, envelope: EventEnvelope): CaseRows | null {
  const event = { type: envelope.type, data: envelope.data } as CaseEvent;
  if (event.type === 'ComplaintFiled' || envelope.streamVersion <= rows.case.version) return null;
  const moved = { case: { ...rows.case, version: envelope.streamVersion }, deadlines: rows.deadlines };
  return changesOf(event, envelope, moved);
}

/** The case's rows with `change` made to each deadline that matches. */
function update(rows: CaseRows, match: (d: DeadlineRow) => boolean, change: (d: DeadlineRow) => Partial<DeadlineRow>): CaseRows {
  return { ...rows, deadlines: rows.deadlines.map((d) => (match(d) ? { ...d, ...change(d) } : d)) };
}

/** The deadlines that match met or withdrawn. */
function close(rows: CaseRows, match: (d: DeadlineRow) => boolean): CaseRows {
  return update(rows, match, () => ({ open: false }));
}

/** The unit's sign-for and handling deadlines set afresh (added, or reset if it had them), in the case's current round. */
function open(
  rows: CaseRows,
  d: { unitId: string; role: string; responsibleLeader: string; signForDue: string; handlingDue: string },
): CaseRows {
  let deadlines = rows.deadlines;
  for (const [kind, due] of [
    ['sign_for', d.signForDue],
    ['handling', d.handlingDue],
  ]) {
    const set = { unit_role: d.role, responsible_leader: d.responsibleLeader, due_date: due, round: rows.case.round, ...FRESH };
    const existing = deadlines.find((x) => x.unit_id === d.unitId && x.kind === kind);
    deadlines = existing
      ? deadlines.map((x) => (x === existing ? { ...x, ...set } : x))
      : [...deadlines, { case_id: rows.case.case_id, unit_id: d.unitId, kind, ...set }];
  }
  return { ...rows, deadlines };
}

/** The case's rows after an event's changes (its version already moved). */
function changesOf(event: CaseEvent, envelope: EventEnvelope, rows: CaseRows): CaseRows {
  switch (event.type) {
    case 'UnitNotified':
      return open(rows, event.data);
    case 'UnitAcknowledged':
      return close(rows, (d) => d.unit_id === event.data.unitId && d.kind === 'sign_for');
    case 'DispatchDisputed':
      return close(rows, (d) => d.unit_id === event.data.unitId);
    case 'CaseTransferred': {
      const d = event.data;
      return open(
        close(rows, (x) => x.unit_id === d.fromUnitId),
        { ...d, unitId: d.toUnitId },
      );
    }
    case 'ExtensionGranted': {
      const e = event.data;
      return update(
        rows,
        (d) => d.unit_id === e.unitId && d.kind === 'handling' && d.open,
        (d) => ({
          due_date: e.newDue,
          deadline_passed: false,
          extension_times: d.extension_times + 1,
          extension_working_days: d.extension_working_days + e.workingDays,
          due_before_extension: d.due_before_extension ?? e.previousDue,
        }),
      );
    }
    case 'SupervisionIssued': {
      // 催办 < 督办 < 挂牌督办: the row shows the highest level issued so far and how many times.
      const e = event.data;
      const rank = (level: string | null) => (level === null ? 0 : (SUPERVISION_LEVELS as readonly string[]).indexOf(level) + 1);
      return update(
        rows,
        (d) => d.unit_id === e.unitId && d.open,
        (d) => ({
          supervision_count: d.supervision_count + 1,
          last_supervised_at: envelope.metadata.occurredAt,
          supervision_level: rank(e.level) > rank(d.supervision_level) ? e.level : d.supervision_level,
        }),
      );
    }
    case 'DeadlinePassed': {
      // Only the due date the scheduler saw pass: an extension granted meanwhile set a new one.
      const e = event.data;
      return update(
        rows,
        (d) => d.unit_id === e.unitId && d.kind === e.deadline && d.due_date === e.dueDate && d.open,
        () => ({ deadline_passed: true }),
      );
    }
    case 'HandlingReported': {
      // A co-handling unit meets its deadline with any report; the lead only with a complete one.
      const e = event.data;
      return close(rows, (d) => d.unit_id === e.unitId && d.kind === 'handling' && (d.unit_role === 'co' || isCompleteReport(e)));
    }
    case 'CaseReopened': {
      // 重办: the lead unit handles again against a new due date.
      const e = event.data;
      return update(
        { ...rows, case: { ...rows.case, round: e.round } },
        (d) => d.unit_id === e.leadUnitId && d.kind === 'handling',
        () => ({ due_date: e.handlingDue, round: e.round, ...FRESH }),
      );
    }
    case 'CaseClosed':
    case 'ComplaintRejected':
      return close(rows, () => true);
    default:
      return rows;
  }
}
