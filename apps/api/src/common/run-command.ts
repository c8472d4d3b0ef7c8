import { PreconditionFailedException } from '@nestjs/common';
import {
  decideAndAppend,
  deterministicUuid,
  WrongExpectedVersion,
  type DomainEvent,
  type EventStore,
  type StreamDecider,
} from '@app/event-store';
import type { CommandConditions } from './command-conditions';
import type { RequestContext } from './request-context';

/** What every command answers: the stream's new version and the global position of its last event. */
export interface CommandResult {
  version: number;
  /** A decimal string: positions exceed 2^53. Null only when nothing was ever appended. */
  position: string | null;
}

/**
 * Load → decide → append for a caller's command on one stream: the caller goes into the event
 * metadata, If-Match into the expected version (a mismatch is 412), an Idempotency-Key into the
 * event ids (so a retry after a lost response finds its events). Broken rules and concurrent
 * writers propagate and append nothing.
 */
export async function runCommand<C extends { at: string }, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  command: C,
  caller: RequestContext,
  { expectedVersion, idempotencyKey }: CommandConditions,
): Promise<CommandResult> {
  try {
    const result = await decideAndAppend(store, streamId, decider, command, {
      expectedVersion,
      metadata: {
        actorId: caller.actorId,
        role: caller.role,
        unitId: caller.unitId,
        correlationId: caller.correlationId,
        causationId: null,
        occurredAt: command.at,
      },
      eventIdFor: idempotencyKey ? (i) => deterministicUuid(`idempotency:${caller.actorId}:${idempotencyKey}:${i}`) : undefined,
    });
    return { version: result.version, position: result.position?.toString() ?? null };
  } catch (error) {
    // With If-Match the caller asked to act only on the version it saw: a mismatch is 412, not 409.
    if (error instanceof WrongExpectedVersion && expectedVersion !== undefined) {
      throw new PreconditionFailedException({
        code: 'VERSION_MISMATCH',
        message: `The stream is at version ${error.actual}, not ${expectedVersion}`,
        currentVersion: error.actual,
      });
    }
    throw error;
  }
}
