import { homeOf, MENU, mayOpen, mayVisit, menuOf, type Role } from './menu';

const ROLES: Role[] = ['intake', 'unit', 'discipline', 'dashboard', 'admin'];

describe('each role sees its own menu and lands on its own home', () => {
  it.each(ROLES)('%s lands on a screen of its own menu', (role) => {
    expect(menuOf(role).map((item) => item.name)).toContain(homeOf(role));
  });

  it('领导看板 is the leaders’ only: a unit user may not open it', () => {
    expect(ROLES.filter((role) => mayOpen(role, 'dashboard'))).toEqual(['dashboard']);
    expect(menuOf('unit').map((item) => item.title)).toEqual(['单位待办']);
  });

  it('every screen is in some role’s menu', () => {
    expect(MENU.filter((item) => item.roles.length === 0)).toEqual([]);
  });

  it('登记投诉 is intake’s alone, as POST /cases is; a screen by its menu; a case’s page open to all', () => {
    expect(ROLES.filter((role) => mayVisit(role, 'case-new'))).toEqual(['intake']);
    expect(ROLES.filter((role) => mayVisit(role, 'dashboard'))).toEqual(['dashboard']);
    expect(ROLES.filter((role) => mayVisit(role, 'case'))).toEqual(ROLES);
  });
});
