import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { auth, currentSession } from './auth/session';
import { OIDC_CALLBACK_PATH } from './auth/oidc';
import { homeOf, mayVisit } from './menu';
import { routes as adminRoutes } from './views/admin/routes';
import { routes as appraisalRoutes } from './views/appraisal/routes';
import { routes as auditRoutes } from './views/audit/routes';
import { routes as casesRoutes } from './views/cases/routes';
import { routes as dashboardRoutes } from './views/dashboard/routes';
import { routes as ledgerRoutes } from './views/ledger/routes';
import { routes as overdueRoutes } from './views/overdue/routes';
import { routes as unitTasksRoutes } from './views/unit-tasks/routes';

/** Each screen's routes, from its own folder (views/<screen>/routes.ts). */
const SCREENS: RouteRecordRaw[] = [
  ...dashboardRoutes,
  ...overdueRoutes,
  ...casesRoutes,
  ...unitTasksRoutes,
  ...auditRoutes,
  ...appraisalRoutes,
  ...ledgerRoutes,
  ...adminRoutes,
];

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue'), meta: { public: true } },
  { path: OIDC_CALLBACK_PATH, name: 'signed-in', component: () => import('./views/OidcCallbackView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./layout/ConsoleShell.vue'),
    children: [
      // Redirects are resolved before the guards: no session, no home.
      { path: '', name: 'home', redirect: () => (auth.session ? { name: homeOf(auth.session.role) } : { name: 'sign-in' }) },
      ...SCREENS,
      { path: ':unknown(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

/** Signed out (or expired): to the sign-in page. A screen not in the role's menu, or a sub-page not its own (menu.ts `PAGE_ROLES`): to its home. */
router.beforeEach((to) => {
  if (to.meta.public) return true;
  const session = currentSession();
  if (!session) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (typeof to.name === 'string' && !mayVisit(session.role, to.name)) return { name: homeOf(session.role) };
  return true;
});
