import type { Role } from './menu';

/**
 * Who may read a case's page and a finding's page: the roles of the API's read routes
 * (`GET /api/v1/cases/{id}`: case-queries.controller.ts; `GET /api/v1/findings/{id}`:
 * finding-queries.controller.ts), restated so that a screen links only where the page will open. A
 * leader reads neither: a link would end on 「无权查看或不存在」. The API still decides each request.
 */
export const READERS = {
  case: ['intake', 'unit', 'discipline', 'admin'],
  finding: ['intake', 'unit', 'discipline'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether `role` may open the page of a case or a finding. */
export function mayRead(role: Role | undefined, page: keyof typeof READERS): boolean {
  return role !== undefined && (READERS[page] as readonly Role[]).includes(role);
}
