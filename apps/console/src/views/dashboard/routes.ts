import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/**
 * 领导看板 (dashboard role): figures of a period, trend, breakdowns, ranking; and the read-only list of
 * what a figure counts (dashboard/cases?figure=&part=&from=&to=&unitId=&unitKind=&category=).
 */
export const routes: RouteRecordRaw[] = [
  menuRoute('dashboard', () => import('./DashboardView.vue')),
  { path: 'dashboard/cases', name: 'dashboard-cases', component: () => import('./DashboardCasesView.vue'), meta: { title: '看板明细' } },
];
