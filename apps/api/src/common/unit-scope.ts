import type { RequestContext } from './request-context';

/**
 * The unit a caller is confined to: a unit user sees and acts on only its own unit's cases, rows and
 * figures; every other role is not confined (null). Every read that filters by unit asks this.
 */
export function unitScopeOf(caller: Pick<RequestContext, 'role' | 'unitId'>): string | null {
  return caller.role === 'unit' ? caller.unitId : null;
}
