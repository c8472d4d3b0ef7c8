import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CASE_EVENT_SCHEMA_VERSIONS, caseStreamId, type CaseEvent, type DeadlineKind, type LocalDate, type UnitRole } from '@app/domain';
import { PostgresEventStore, type EventStore } from '@app/event-store';
import type { Clock } from '@app/platform';
import { DeadlineScheduler, type DeadlineSchedulerOptions } from './deadline-scheduler';

// Test data for the deadline specs (imported by *.spec.ts only): case events shaped as the case
// decider writes them, and scheduler "processes" of their own over a shared test database.

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };

export const caseEvents = {
  filed: (caseId: string, receivedAt: string): CaseEvent => ({
    type: 'ComplaintFiled',
    data: {
      caseId,
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '企业开办审批材料反复退回',
      description: '12345热线反映：办理食品经营许可证时，窗口三次要求补充同一份材料。',
      complainedUnitId: 'unit-market-supervision',
      receivedAt,
      complainant: { ref: 'complainant-1', anonymous: false },
    },
  }),
  accepted: (): CaseEvent => ({ type: 'ComplaintAccepted', data: { note: '属实性待核查，转承办单位办理' } }),
  notified: (unitId: string, signForDue: LocalDate, handlingDue: LocalDate, role: UnitRole = 'lead'): CaseEvent => ({
    type: 'UnitNotified',
    data: { unitId, role, responsibleLeader: '王局长', signForDue, handlingDue, ...PROVENANCE },
  }),
  /** Signed for on 2 March, in time for the sign-for due date of 3 March. */
  acknowledged: (unitId: string, acknowledgedAt = '2026-03-02T11:00:00+08:00'): CaseEvent => ({
    type: 'UnitAcknowledged',
    data: { unitId, acknowledgedAt },
  }),
  disputed: (unitId: string): CaseEvent => ({ type: 'DispatchDisputed', data: { unitId, reason: '不属于本单位职责范围' } }),
  transferred: (fromUnitId: string, toUnitId: string, signForDue: LocalDate, handlingDue: LocalDate): CaseEvent => ({
    type: 'CaseTransferred',
    data: {
      fromUnitId,
      toUnitId,
      role: 'lead',
      reason: '职责调整，改派',
      responsibleLeader: '李主任',
      signForDue,
      handlingDue,
      ...PROVENANCE,
    },
  }),
  extensionGranted: (unitId: string, previousDue: LocalDate, newDue: LocalDate): CaseEvent => ({
    type: 'ExtensionGranted',
    data: { unitId, workingDays: 5, previousDue, newDue, calendarVersion: PROVENANCE.calendarVersion },
  }),
  handlingReported: (unitId: string, reportedAt = '2026-03-10T10:00:00+08:00'): CaseEvent => ({
    type: 'HandlingReported',
    data: {
      unitId,
      factsFound: '经核查，窗口人员未一次性告知所需材料，情况属实。',
      factsEstablished: true,
      result: '已约谈窗口负责人并一次性办结',
      reportedAt,
    },
  }),
  /** 阶段性报告: facts still being established, no result yet. */
  interimReported: (unitId: string): CaseEvent => ({
    type: 'HandlingReported',
    data: {
      unitId,
      factsFound: '正在调取窗口办件记录，尚未核实完毕。',
      factsEstablished: false,
      result: null,
      reportedAt: '2026-03-05T10:00:00+08:00',
    },
  }),
  reopened: (leadUnitId: string, handlingDue: LocalDate): CaseEvent => ({
    type: 'CaseReopened',
    data: { reason: '回访不满意，重新办理', round: 2, leadUnitId, handlingDue, ...PROVENANCE },
  }),
  closed: (): CaseEvent => ({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: '情节轻微，已批评教育' } }),
};

/**
 * Appends events to a case stream as the API would (random ids, no version check), and returns once
 * readers of the global log can see them. (A reader only sees events below the oldest transaction
 * still running in the whole cluster, and test files run in parallel on the same cluster.)
 */
export async function appendCase(store: EventStore, caseId: string, ...events: CaseEvent[]): Promise<void> {
  const { position } = await store.appendToStream(
    caseStreamId(caseId),
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: CASE_EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data,
      metadata: {
        actorId: 'staff-1',
        role: 'dispatcher',
        unitId: 'unit-complaint-centre',
        correlationId: randomUUID(),
        causationId: null,
        occurredAt: '2026-03-02T01:30:00.000Z',
      },
    })),
    { expectedVersion: 'any' },
  );
  const stream = { streamPrefixes: [caseStreamId(caseId)] };
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 10))) {
    const visible = await store.readAll({ filter: stream, limit: 100_000 });
    if (visible.some((e) => e.position === position)) return;
  }
  throw new Error(`appended to ${caseStreamId(caseId)} but not visible to readers within 10 s`);
}

export interface PassedDeadline {
  deadline: DeadlineKind;
  unitId: string;
  dueDate: LocalDate;
}

/** The DeadlinePassed events in a case's stream, in order. */
export async function deadlinesPassed(store: EventStore, caseId: string): Promise<PassedDeadline[]> {
  const events = await store.readStream(caseStreamId(caseId));
  return events.filter((e) => e.type === 'DeadlinePassed').map((e) => e.data as PassedDeadline);
}

/** Rows of scheduled_deadlines of a case as `unit:kind:dueDate → state`, for compact assertions. */
export async function deadlineRows(pool: Pool, caseId: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ unit_id: string; kind: string; due_date: string; state: string }>(
    `SELECT unit_id, kind, to_char(due_date, 'YYYY-MM-DD') AS due_date, state
       FROM scheduled_deadlines WHERE case_id = $1 ORDER BY unit_id, kind, due_date`,
    [caseId],
  );
  return Object.fromEntries(rows.map((r) => [`${r.unit_id}:${r.kind}:${r.due_date}`, r.state]));
}

/** A scheduler "process": its own pool and event store over the test database, as a real instance has. */
export class SchedulerInstance {
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  readonly scheduler: DeadlineScheduler;

  private closed: Promise<void> | null = null;

  constructor(url: string, clock: Clock, options: DeadlineSchedulerOptions = {}, wrapStore: (store: EventStore) => EventStore = (s) => s) {
    this.pool = new Pool({ connectionString: url, max: 4 });
    // Dropping the test database terminates idle connections; that is no reason to crash the run.
    this.pool.on('error', () => undefined);
    this.store = new PostgresEventStore(this.pool, url, { pollIntervalMs: 60_000 });
    this.scheduler = new DeadlineScheduler({ pool: this.pool, store: wrapStore(this.store), clock }, options);
  }

  /** Idempotent: a test may "stop the process" itself, and the teardown closes whatever is left. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.scheduler.stop();
      await this.store.close();
      await this.pool.end();
    })();
    return this.closed;
  }
}

/** The store as seen by a process that dies right after its append reached the database. */
export function crashingAfterAppend(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendToStream') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: Parameters<EventStore['appendToStream']>) => {
        await target.appendToStream(...args);
        throw new Error('process killed after the append');
      };
    },
  });
}
