/**
 * Who sees what: every screen of the console, the roles whose menu shows it, and each role's home.
 * The one table of it (docs/console.md, "Adding a screen"); the API still checks every request.
 */
export type Role = 'intake' | 'unit' | 'discipline' | 'dashboard' | 'admin';

export const ROLE_NAMES: Record<Role, string> = {
  intake: '受理人员',
  unit: '承办单位',
  discipline: '纪检监察',
  dashboard: '领导',
  admin: '系统管理员',
};

export interface MenuItem {
  /** The route's name and path segment. */
  name: string;
  title: string;
  roles: readonly Role[];
}

export const MENU: readonly MenuItem[] = [
  { name: 'dashboard', title: '领导看板', roles: ['dashboard'] },
  { name: 'overdue', title: '超期督办', roles: ['intake', 'discipline', 'dashboard'] },
  { name: 'cases', title: '案件工作台', roles: ['intake'] },
  { name: 'unit-tasks', title: '单位待办', roles: ['unit'] },
  { name: 'audit', title: '纪检审计', roles: ['discipline'] },
  { name: 'appraisal', title: '考核评议', roles: ['dashboard', 'admin'] },
  { name: 'ledger', title: '整改台账', roles: ['intake', 'discipline', 'dashboard'] },
  { name: 'admin', title: '系统管理', roles: ['admin'] },
];

/** Where each role lands after signing in: the screen of its daily work (one of its menu items). */
const HOMES: Record<Role, string> = {
  intake: 'cases',
  unit: 'unit-tasks',
  discipline: 'audit',
  dashboard: 'dashboard',
  admin: 'admin',
};

export function homeOf(role: Role): string {
  return HOMES[role];
}

export function menuOf(role: Role): MenuItem[] {
  return MENU.filter((item) => item.roles.includes(role));
}

export function mayOpen(role: Role, name: string): boolean {
  return menuOf(role).some((item) => item.name === name);
}

/**
 * Sub-pages some roles only may use: a form whose command the API takes from them alone (登记投诉:
 * `POST /cases`, intake). Another role typing the address is sent home, as from a screen not in its
 * menu, rather than filling a form the API then refuses (403 FORBIDDEN_ROLE). Other sub-pages are open
 * to every role, the API deciding what each may read (a case's page).
 */
export const PAGE_ROLES: Readonly<Record<string, readonly Role[]>> = {
  'case-new': ['intake'],
};

/** Whether the role may open the route of that name: a menu screen by the menu, a sub-page by PAGE_ROLES. */
export function mayVisit(role: Role, name: string): boolean {
  if (MENU.some((item) => item.name === name)) return mayOpen(role, name);
  return PAGE_ROLES[name]?.includes(role) ?? true;
}
