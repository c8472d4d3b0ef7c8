import type { EventMetadata } from './event-store';

/** Who acts: a person signed in through the API, or a system component (the scheduler, a seeder). */
export interface Actor {
  actorId: string;
  role: string;
  unitId: string | null;
  correlationId: string;
}

/**
 * The metadata every appended event carries, built in one place: who acted (actor, role, unit),
 * the request it belongs to (correlation), what caused it (causation, null for a person's command)
 * and when the fact happened in the domain (`occurredAt`; the store stamps `recordedAt` itself).
 */
export function eventMetadata(actor: Actor, occurredAt: string, causationId: string | null = null): EventMetadata {
  return {
    actorId: actor.actorId,
    role: actor.role,
    unitId: actor.unitId,
    correlationId: actor.correlationId,
    causationId,
    occurredAt,
  };
}
