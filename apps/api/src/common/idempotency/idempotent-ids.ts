import { randomUUID } from 'node:crypto';
import { deterministicUuid, type Actor } from '@app/event-store';
import type { CommandSender } from '../command-sender';

/**
 * The id of something a request creates (a case, an accountability, a campaign, a finding, a meeting). With an Idempotency-Key it is
 * derived from the caller and the key, so a retry after a lost response finds what the first
 * attempt created; without one it is fresh.
 */
export function newIdFor(
  kind: 'case' | 'accountability' | 'campaign' | 'finding' | 'meeting',
  { caller, conditions: { idempotencyKey } }: CommandSender,
): string {
  return idempotencyKey ? deterministicUuid(`${kind}:${caller.actorId}:${idempotencyKey}`) : randomUUID();
}

/**
 * The ids of the events a request appends, by index, when it carries an Idempotency-Key: the same on
 * every retry, so the store finds the first attempt's events instead of appending them again.
 * Undefined without a key (the store's appends get fresh ids).
 */
export function eventIdsFor(caller: Actor, idempotencyKey: string | undefined): ((index: number) => string) | undefined {
  return idempotencyKey ? (index) => deterministicUuid(`idempotency:${caller.actorId}:${idempotencyKey}:${index}`) : undefined;
}
