import type { JWTPayload } from 'jose';
import { isSystemActorId, SYSTEM_ACTOR_ID_DESCRIPTION } from '@app/event-store';
import type { TokenClaimNames } from '@app/platform';
import { ROLES, type AuthenticatedCaller, type Role } from '../common/request-context';
import { AuthenticationFailed } from './authentication-failure';

/** Actor and unit ids as the rest of the API takes them (e.g. the audit filter's `actorId`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/**
 * Reads the caller from a verified token's claims. The role claim may be a string or a list (an
 * identity provider lists every role of the account, e.g. Keycloak's realm roles): exactly one of
 * the application's roles must be among them. A unit user must name its unit. The actor may not be
 * one of the ids the system records its own acts under (the deadline scheduler, the seeder, the
 * scripts: SYSTEM_ACTORS), or a person could act under the scheduler's name in the audit log.
 */
export function callerFromClaims(payload: JWTPayload, names: TokenClaimNames): AuthenticatedCaller {
  const actorId = claim(payload, names.actor);
  if (typeof actorId !== 'string' || !ID.test(actorId)) {
    throw invalid(`the token's ${names.actor} claim must name the caller (letters, digits, . _ : @ -; at most 128)`);
  }
  if (isSystemActorId(actorId)) {
    throw invalid(
      `the token's ${names.actor} claim names ${actorId}, an id reserved for the system's own acts (${SYSTEM_ACTOR_ID_DESCRIPTION})`,
    );
  }
  const listed = claim(payload, names.roles);
  const values = Array.isArray(listed) ? listed : typeof listed === 'string' ? listed.split(' ') : [];
  const roles = [...new Set(values.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)))];
  if (roles.length !== 1) {
    throw invalid(
      roles.length === 0
        ? `the token's ${names.roles} claim names none of the roles ${ROLES.join(', ')}`
        : `the token's ${names.roles} claim names more than one role (${roles.join(', ')}); an account has one`,
    );
  }
  const [role] = roles;
  if (role !== 'unit') return { actorId, role, unitId: null };
  const unitId = claim(payload, names.unit);
  if (typeof unitId !== 'string' || !ID.test(unitId)) throw invalid(`a unit user's token must name its unit in the ${names.unit} claim`);
  return { actorId, role, unitId };
}

/**
 * A claim by name, or by a dotted path into nested claims (`realm_access.roles`). A name that is
 * itself a claim wins, so namespaced claims such as `https://example.gov/roles` still work.
 */
export function claim(payload: JWTPayload, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function invalid(message: string): AuthenticationFailed {
  return new AuthenticationFailed('TOKEN_CLAIMS_INVALID', message);
}
