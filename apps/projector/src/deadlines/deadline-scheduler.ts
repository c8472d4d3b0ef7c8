import type { Pool } from 'pg';
import type { EventStore } from '@app/event-store';
import type { Clock } from '@app/platform';
import { DeadlineFeeder } from './deadline-feeder';
import { DeadlineFirer, type FireResult } from './deadline-firer';
import type { MeasureDeadlineTarget } from './measure-deadline-targets';
import { PollingLoop } from './polling-loop';
import { silentLogger, type SchedulerLogger } from './scheduler-logger';

export interface DeadlineSchedulerDeps {
  pool: Pool;
  store: EventStore;
  clock: Clock;
  logger?: SchedulerLogger;
}

export interface DeadlineSchedulerOptions {
  /** Pause between ticks of the polling loop. */
  intervalMs?: number;
  /** Events per feeder transaction. */
  feedBatchSize?: number;
  /** Deadlines per firing transaction. */
  fireBatchSize?: number;
  /** The holders of measures whose deadlines fire (DeadlineFirerOptions.measureTargets); default the case's and the finding's. */
  measureTargets?: readonly MeasureDeadlineTarget[];
}

export interface TickResult extends FireResult {
  /** Case and finding events applied to the deadline table. */
  fed: number;
  /** The feeder's checkpoint after this tick: every case and finding event up to it was fed before the firing. */
  seenUpTo: bigint | null;
}

export const DEFAULT_DEADLINE_INTERVAL_MS = 1000;

const NOTHING_FIRED: FireResult = { claimed: 0, fired: 0, replayed: 0, met: 0, failed: 0 };

/**
 * The durable deadline scheduler (docs/rules.md#deadlinepassed-and-the-scheduler): `DeadlinePassed` exactly once per deadline,
 * surviving restarts, with any number of instances. All its state is in PostgreSQL, so an instance
 * can stop or crash at any point and any instance carries on.
 */
export class DeadlineScheduler {
  private readonly feeder: DeadlineFeeder;
  private readonly firer: DeadlineFirer;
  private readonly loop: PollingLoop;
  private ticks = 0;
  private readonly clock: Clock;

  constructor(deps: DeadlineSchedulerDeps, options: DeadlineSchedulerOptions = {}) {
    const logger = deps.logger ?? silentLogger;
    this.clock = deps.clock;
    this.feeder = new DeadlineFeeder(deps.pool, deps.store, { batchSize: options.feedBatchSize });
    this.firer = new DeadlineFirer(deps.pool, deps.store, deps.clock, logger, {
      batchSize: options.fireBatchSize,
      measureTargets: options.measureTargets,
    });
    this.loop = new PollingLoop(() => this.tick(), {
      intervalMs: options.intervalMs ?? DEFAULT_DEADLINE_INTERVAL_MS,
      // One line, as the projector says it: a database outage fails every tick, and a stack in each
      // line would bury what the log says about the outage.
      onError: (error) => logger.error(`Deadline scheduler tick failed, retrying: ${(error as Error)?.message ?? String(error)}`),
    });
  }

  /** One round: bring the deadline table up to date, then fire what has fallen due. */
  async tick(): Promise<TickResult> {
    const { applied: fed, nextDue } = await this.feeder.catchUpLooking();
    const seenUpTo = this.feeder.checkpoint;
    // The feed has just looked at the table: when no pending deadline has fallen due, a claim would
    // find nothing (rows fed by another instance meanwhile are its to fire, or ours at the next tick).
    const nothingDue = nextDue !== undefined && (nextDue === null || nextDue > this.clock.now());
    const fired = nothingDue ? NOTHING_FIRED : await this.firer.fireAllDue();
    this.ticks++;
    return { fed, seenUpTo, ...fired };
  }

  /**
   * Ticks completed so far (failed ones not counted). What a test waits on instead of sleeping: once
   * two more have completed after it moved the clock, a whole tick has seen the new time.
   */
  get completedTicks(): number {
    return this.ticks;
  }

  start(): void {
    this.loop.start();
  }

  /** Stops the loop after the tick in progress, if any. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
