import type { EventMetadata } from './event-store';

/** Who acts: a person signed in through the API, or a system component (the scheduler, a seeder). */
export interface Actor {
  actorId: string;
  role: string;
  unitId: string | null;
  correlationId: string;
}

/**
 * The actor ids the system records its own acts under (README "Signing in"): the deadline scheduler,
 * the unit seeder (`system:` ids) and the scripts (`cli:<user>` for `npm run audit`,
 * `projections-cli:<user>` for `npm run projections`). No token may name one of them as its subject,
 * or a person could act under the scheduler's name in the audit log.
 */
export const SYSTEM_ACTORS = {
  deadlineScheduler: 'deadline-scheduler',
  unitSeeder: 'system:unit-seeder',
  /** `npm run audit -- verify` without --actor: `cli:<the OS user>`. */
  auditCli: (user: string) => `cli:${user}`,
  /** `npm run projections -- rebuild` recording its verification: `projections-cli:<the OS user>`. */
  projectionsCli: (user: string) => `projections-cli:${user}`,
} as const;

const SYSTEM_ACTOR_IDS: readonly string[] = [SYSTEM_ACTORS.deadlineScheduler];
const SYSTEM_ACTOR_PREFIXES = ['system:', 'cli:', 'projections-cli:'];

/** Whether `actorId` is, or could be, one the system records its own acts under (letter case aside). */
export function isSystemActorId(actorId: string): boolean {
  const id = actorId.toLowerCase();
  return SYSTEM_ACTOR_IDS.includes(id) || SYSTEM_ACTOR_PREFIXES.some((prefix) => id.startsWith(prefix));
}

/** What README and the refusals say the reserved ids are. */
export const SYSTEM_ACTOR_ID_DESCRIPTION = `${SYSTEM_ACTOR_IDS.join(', ')}, ${SYSTEM_ACTOR_PREFIXES.map((p) => `${p}*`).join(', ')}`;

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
