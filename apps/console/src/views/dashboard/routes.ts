import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/**
 * 领导看板 (dashboard role): figures of a period, trend, breakdowns, ranking; and the read-only list of
 * the cases behind a figure (dashboard/cases?figure=&from=&to=&leadUnitId=&category=).
 */
export const routes: RouteRecordRaw[] = [
  menuRoute('dashboard', () => import('./DashboardView.vue')),
  { path: 'dashboard/cases', name: 'dashboard-cases', component: () => import('./DashboardCasesView.vue'), meta: { title: '看板明细' } },
];
