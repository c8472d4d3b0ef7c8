import type { Pool } from 'pg';
import { caseDecider, caseStreamId, type MarkDeadlinePassed, type MarkMeasureDeadlinePassed } from '@app/domain';
import {
  decideAndAppendRetrying,
  deterministicUuid,
  eventMetadata,
  SYSTEM_ACTORS,
  type DecideResult,
  type DomainEvent,
  type EventStore,
} from '@app/event-store';
import type { Clock } from '@app/platform';
import { claimDueDeadlines, recordFiringFailure, settleDeadline, type DueDeadline } from './deadline-table';
import { isMeasureDeadline, type MeasureDeadlineKey, type UnitDeadlineKey } from './deadline';
import { MEASURE_TARGETS, type MeasureDeadlineTarget } from './measure-deadline-targets';
import type { SchedulerLogger } from './scheduler-logger';

export interface DeadlineFirerOptions {
  /** Deadlines claimed at a time. */
  batchSize?: number;
  /** How long a claim keeps other instances off a row; a crashed instance's rows return after it. */
  leaseMs?: number;
  /** Load → decide → append attempts when other writers keep appending to the case meanwhile. */
  conflictAttempts?: number;
  /**
   * The holders of measures the firer sends MarkMeasureDeadlinePassed to, by stream prefix; default
   * the case only. A measure deadline of another holder is left pending, unclaimed.
   */
  measureTargets?: readonly MeasureDeadlineTarget[];
}

export interface FireResult {
  claimed: number;
  /** DeadlinePassed or MeasureDeadlinePassed appended now. */
  fired: number;
  /** The event found already appended by an earlier attempt (a crash before the row was settled). */
  replayed: number;
  /** The holder had nothing to record: the deadline was met, moved, or already marked. */
  met: number;
  /** Left pending, to be retried later. */
  failed: number;
}

/**
 * Fires the deadlines that have fallen due: a unit's by MarkDeadlinePassed to its case, a measure's
 * by MarkMeasureDeadlinePassed to the stream holding it. Exactly once per deadline comes from the
 * holder's stream, not from this table: the event id is derived from the deadline id (a second attempt finds the first one's
 * event and appends nothing), the append expects the version it decided on, and the decider
 * returns nothing for a deadline already marked. The claim's lease only keeps instances from doing
 * the same work twice.
 */
export class DeadlineFirer {
  private readonly batchSize: number;
  private readonly conflictAttempts: number;
  private readonly leaseMs: number;
  private readonly measureTargets: readonly MeasureDeadlineTarget[];

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly logger: SchedulerLogger,
    options: DeadlineFirerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 10;
    this.conflictAttempts = options.conflictAttempts ?? 5;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.measureTargets = options.measureTargets ?? MEASURE_TARGETS;
  }

  /** Claims one batch of due deadlines, then fires and settles each outside any transaction. */
  async fireBatch(): Promise<FireResult> {
    const now = this.clock.now();
    const prefixes = this.measureTargets.map((t) => t.streamPrefix);
    const due = await claimDueDeadlines(this.pool, now, this.batchSize, this.leaseMs, prefixes);
    const result: FireResult = { claimed: due.length, fired: 0, replayed: 0, met: 0, failed: 0 };
    for (const deadline of due) {
      let outcome: DecideResult<DomainEvent>;
      try {
        outcome = await this.fire(deadline, now);
      } catch (error) {
        result.failed++;
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.logger.warn(`Deadline ${deadline.deadlineId} not fired, will retry: ${message}`);
        await recordFiringFailure(this.pool, deadline.deadlineId, message, now);
        continue;
      }
      const fired = outcome.events.length > 0;
      await settleDeadline(this.pool, deadline.deadlineId, fired ? 'fired' : 'met', outcome.position);
      if (!fired) result.met++;
      else if (outcome.replayed) result.replayed++;
      else result.fired++;
    }
    return result;
  }

  /** Fires batches until none is full, or `maxBatches` (so one call cannot run for ever). */
  async fireAllDue(maxBatches = 20): Promise<FireResult> {
    const total: FireResult = { claimed: 0, fired: 0, replayed: 0, met: 0, failed: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.fireBatch();
      for (const key of Object.keys(total) as (keyof FireResult)[]) total[key] += batch[key];
      if (batch.claimed < this.batchSize) break;
    }
    return total;
  }

  private fire(deadline: DueDeadline, now: Date): Promise<DecideResult<DomainEvent>> {
    const options = {
      metadata: eventMetadata(
        {
          actorId: SYSTEM_ACTORS.deadlineScheduler,
          role: 'system',
          unitId: null,
          correlationId: deterministicUuid(`deadline:${deadline.deadlineId}`),
        },
        now.toISOString(),
      ),
      eventIdFor: (index: number) => deterministicUuid(`deadline:${deadline.deadlineId}:${index}`),
    };
    return isMeasureDeadline(deadline) ? this.fireMeasure(deadline, now, options) : this.fireUnit(deadline, now, options);
  }

  private fireUnit(deadline: UnitDeadlineKey, now: Date, options: FiringOptions): Promise<DecideResult<DomainEvent>> {
    // `at` is the claim's instant, which is at or after fire_at: the decider agrees the day is over.
    const command: MarkDeadlinePassed = {
      type: 'MarkDeadlinePassed',
      at: now.toISOString(),
      deadline: deadline.kind,
      unitId: deadline.unitId,
      dueDate: deadline.dueDate,
    };
    // Someone appending to the case between our read and our append: decide again on the new state.
    return decideAndAppendRetrying(this.store, caseStreamId(deadline.caseId), caseDecider, command, options, this.conflictAttempts);
  }

  private fireMeasure(deadline: MeasureDeadlineKey, now: Date, options: FiringOptions): Promise<DecideResult<DomainEvent>> {
    const target = this.measureTargets.find((t) => deadline.streamId.startsWith(t.streamPrefix));
    // Not claimed without a target (claimDueDeadlines); a target unregistered since the claim fails and retries.
    if (!target) return Promise.reject(new Error(`No holder registered for the measure deadlines of ${deadline.streamId}`));
    const command: MarkMeasureDeadlinePassed = {
      type: 'MarkMeasureDeadlinePassed',
      at: now.toISOString(),
      measureId: deadline.measureId,
      deadline: deadline.kind,
      dueDate: deadline.dueDate,
    };
    return target.fire(this.store, deadline.streamId, command, options, this.conflictAttempts);
  }
}

type FiringOptions = Parameters<MeasureDeadlineTarget['fire']>[3];
