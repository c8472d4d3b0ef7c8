import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/** 领导看板 (dashboard role): figures of a period, trend, breakdowns. */
export const routes: RouteRecordRaw[] = [menuRoute('dashboard', () => import('./DashboardView.vue'))];
