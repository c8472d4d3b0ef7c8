import { CASE_STREAM_PREFIX, caseDecider, FINDING_STREAM_PREFIX, findingDecider, type MarkMeasureDeadlinePassed } from '@app/domain';
import {
  decideAndAppendRetrying,
  type DecideOptions,
  type DecideResult,
  type DomainEvent,
  type EventStore,
  type StreamDecider,
} from '@app/event-store';

/**
 * Where the firer sends a measure deadline's `MarkMeasureDeadlinePassed`: the command path of the
 * aggregate holding the measure, by the prefix of its stream: the case's and the finding's
 * (MEASURE_TARGETS). A holder not registered would have its deadlines fed and left pending,
 * unclaimed (claimDueDeadlines).
 */
export interface MeasureDeadlineTarget {
  streamPrefix: string;
  /** Load the stream, decide the command, append what it decided, retrying on a concurrent write. */
  fire(
    store: EventStore,
    streamId: string,
    command: MarkMeasureDeadlinePassed,
    options: Omit<DecideOptions, 'expectedVersion' | 'newStream'>,
    conflictAttempts: number,
  ): Promise<DecideResult<DomainEvent>>;
}

/** A holder whose decider takes MarkMeasureDeadlinePassed. */
export function measureDeadlineTarget<E extends DomainEvent, S>(
  streamPrefix: string,
  decider: StreamDecider<MarkMeasureDeadlinePassed, E, S>,
): MeasureDeadlineTarget {
  return {
    streamPrefix,
    fire: (store, streamId, command, options, conflictAttempts) =>
      decideAndAppendRetrying(store, streamId, decider, command, options, conflictAttempts),
  };
}

/** A case's measures: the case decider records MeasureDeadlinePassed on the case stream. */
export const CASE_MEASURE_TARGET: MeasureDeadlineTarget = measureDeadlineTarget(CASE_STREAM_PREFIX, caseDecider);

/** A finding's measures: the finding decider records MeasureDeadlinePassed (due date or 回头看) on the finding's stream. */
export const FINDING_MEASURE_TARGET: MeasureDeadlineTarget = measureDeadlineTarget(FINDING_STREAM_PREFIX, findingDecider);

/** Every holder of measures whose deadlines fire. */
export const MEASURE_TARGETS: readonly MeasureDeadlineTarget[] = [CASE_MEASURE_TARGET, FINDING_MEASURE_TARGET];
