import type { RouteRecordRaw } from 'vue-router';
import { currentSession } from '../../auth/session';
import { homeOf, mayOpen } from '../../menu';
import { menuRoute } from '../menu-route';

const units = () => import('./UnitsPanel.vue');
const title = { title: '系统管理' };
/** The menu's item (name `admin`, its title from menu.ts): the registry, the first tab. */
const home = menuRoute('admin', units);

/**
 * 系统管理 (admin): its home /admin is the unit registry (the menu's route, named `admin`); the tabs
 * are sub-routes /admin/units, /admin/calendar, /admin/time-limits, /admin/schemes, /admin/ledger.
 * The router's guard keeps other roles off `admin`; beforeEnter keeps them off the tabs too (the API
 * refuses their writes anyway).
 */
export const routes: RouteRecordRaw[] = [
  {
    path: 'admin',
    component: () => import('./AdminView.vue'),
    beforeEnter: () => {
      const session = currentSession();
      return !session || mayOpen(session.role, 'admin') ? true : { name: homeOf(session.role) };
    },
    children: [
      { path: '', name: home.name, meta: home.meta, component: units },
      { path: 'units', name: 'admin-units', component: units, meta: title },
      { path: 'calendar', name: 'admin-calendar', component: () => import('./CalendarPanel.vue'), meta: title },
      { path: 'time-limits', name: 'admin-time-limits', component: () => import('./TimeLimitsPanel.vue'), meta: title },
      { path: 'schemes', name: 'admin-schemes', component: () => import('./SchemesPanel.vue'), meta: title },
      { path: 'ledger', name: 'admin-ledger', component: () => import('./LedgerPanel.vue'), meta: title },
    ],
  },
];
