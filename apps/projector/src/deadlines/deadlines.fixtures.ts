import { Pool } from 'pg';
import { caseStreamId, type DeadlineKind, type LocalDate } from '@app/domain';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type EventEnvelope, type EventStore } from '@app/event-store';
import { ManualClock, type Clock } from '@app/platform';
import * as ev from '../../../../test/support/case-events';
import { appendToCase, type TestEvent } from '../../../../test/support/event-log';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { DeadlineScheduler, type DeadlineSchedulerOptions } from './deadline-scheduler';

// Test data for the deadline specs (imported by *.spec.ts only): the dates of their story, and
// scheduler "processes" of their own over a shared test database. The case events themselves come
// from the one set of builders, test/support/case-events.ts.

// ── the story: a complaint received Monday 2 March 2026 and dispatched that day ───────────────
export const RECEIVED_AT = '2026-03-02T09:30:00+08:00';
/** A unit notified on 2 March signs for it by Tuesday 3 March and handles it by Monday 16 March. */
export const SIGN_FOR_DUE: LocalDate = '2026-03-03';
export const HANDLING_DUE: LocalDate = '2026-03-16';
/** The due dates of a unit notified on 2 March, as `unitNotified(unitId, { ...DUE_2_MARCH })` takes them. */
export const DUE_2_MARCH = { signForDue: SIGN_FOR_DUE, handlingDue: HANDLING_DUE };
/** Signed for on 2 March, in time for the sign-for due date. */
export const SIGNED_FOR_IN_TIME = '2026-03-02T11:00:00+08:00';
/** A complete report on 10 March, in time for the handling due date. */
export const REPORTED_IN_TIME = '2026-03-10T10:00:00+08:00';
/** When an interim report (阶段性报告) is made: 5 March. */
export const INTERIM_REPORTED_AT = '2026-03-05T10:00:00+08:00';

/**
 * A complaint received Monday 2 March 2026 and dispatched to `leadUnitId` (sign for by 3 March,
 * handle by 16 March), then `more`: a new case in `store`, visible in the log. Answers its id.
 */
export async function appendDispatchedCase(store: EventStore, leadUnitId: string, ...more: TestEvent[]): Promise<string> {
  const caseId = randomUUID();
  await appendToCase(
    store,
    caseId,
    ev.complaintFiled({ caseId, receivedAt: RECEIVED_AT }),
    ev.complaintAccepted(),
    ev.unitNotified(leadUnitId, DUE_2_MARCH),
    ...more,
  );
  return caseId;
}

/** An event as the feeder reads it from the log, for the pure mapping specs (deadline-changes.ts). */
export const envelopeOf = (event: { type: string; data: object }, streamId: string): EventEnvelope => ({
  eventId: 'e1',
  streamId,
  streamVersion: 1,
  position: 1n,
  type: event.type,
  schemaVersion: 1,
  data: event.data,
  metadata: { actorId: 'a', role: 'r', correlationId: 'c', occurredAt: '2026-03-02T01:30:00.000Z' },
  recordedAt: '2026-03-02T01:30:00.000Z',
});

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

/** Rows of scheduled_deadlines of a case's units as `unit:kind:dueDate → state`, for compact assertions. */
export async function deadlineRows(pool: Pool, caseId: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ unit_id: string; kind: string; due_date: string; state: string }>(
    `SELECT unit_id, kind, to_char(due_date, 'YYYY-MM-DD') AS due_date, state
       FROM scheduled_deadlines WHERE case_id = $1 AND measure_id IS NULL ORDER BY unit_id, kind, due_date`,
    [caseId],
  );
  return Object.fromEntries(rows.map((r) => [`${r.unit_id}:${r.kind}:${r.due_date}`, r.state]));
}

/** Rows of scheduled_deadlines of the measures in a stream as `measure:kind:dueDate:unit → state`. */
export async function measureDeadlineRows(pool: Pool, streamId: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ measure_id: string; kind: string; due_date: string; unit_id: string | null; state: string }>(
    `SELECT measure_id, kind, to_char(due_date, 'YYYY-MM-DD') AS due_date, unit_id, state
       FROM scheduled_deadlines WHERE stream_id = $1 AND measure_id IS NOT NULL ORDER BY measure_id, kind, due_date`,
    [streamId],
  );
  return Object.fromEntries(rows.map((r) => [`${r.measure_id}:${r.kind}:${r.due_date}:${r.unit_id}`, r.state]));
}

/** The MeasureDeadlinePassed events (the measures' red cards) in a stream, in order. */
export async function measureCards(
  store: EventStore,
  streamId: string,
): Promise<{ measureId: string; deadline: string; dueDate: LocalDate }[]> {
  const events = await store.readStream(streamId);
  return events
    .filter((e) => e.type === 'MeasureDeadlinePassed')
    .map((e) => {
      const { measureId, deadline, dueDate } = e.data as { measureId: string; deadline: string; dueDate: LocalDate };
      return { measureId, deadline, dueDate };
    });
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

/** A test's database, clock and scheduler "processes" (useSchedulerTestbed). */
export interface SchedulerTestbed {
  /** The test's own database. */
  readonly db: TestDatabase;
  /** The clock every instance reads, at the testbed's start instant when the test begins. */
  readonly clock: ManualClock;
  /**
   * A scheduler "process" of its own: own pool, own event store, same database; closed after the
   * test. `sessionSettings`: PostgreSQL settings every session of its pool starts with (`-c name=value`).
   */
  instance(options?: DeadlineSchedulerOptions, wrapStore?: (store: EventStore) => EventStore, sessionSettings?: string): SchedulerInstance;
  /** The store the test appends with: the first instance's (one is started if there is none yet). */
  writer(): EventStore;
}

/**
 * For the scheduler specs against PostgreSQL: before each test, a database of its own and a
 * ManualClock at `startAt`; after it, every instance closed and the database dropped. Call it in a
 * `describe` (it registers the hooks there).
 */
export function useSchedulerTestbed(startAt: string): SchedulerTestbed {
  const instances: SchedulerInstance[] = [];
  let db: TestDatabase | null = null;
  let clock: ManualClock | null = null;
  const testbed: SchedulerTestbed = {
    get db() {
      if (!db) throw new Error('The testbed database exists only inside a test');
      return db;
    },
    get clock() {
      if (!clock) throw new Error('The testbed clock exists only inside a test');
      return clock;
    },
    instance(options = {}, wrapStore, sessionSettings) {
      const url = new URL(testbed.db.url);
      if (sessionSettings) url.searchParams.set('options', sessionSettings);
      const created = new SchedulerInstance(url.toString(), testbed.clock, options, wrapStore);
      instances.push(created);
      return created;
    },
    writer: () => instances[0]?.store ?? testbed.instance().store,
  };
  beforeEach(async () => {
    db = await createTestDatabase();
    // drop() ends the pool, then terminates the database's connections: one still closing would
    // otherwise emit an unhandled 'error' and crash the test file.
    db.pool.on('error', () => undefined);
    clock = new ManualClock(startAt);
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.close()));
    await db?.drop();
    db = null;
  });
  return testbed;
}
