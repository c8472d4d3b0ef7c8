import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/** 单位待办 (unit): what the unit must sign for, handle and rectify. */
export const routes: RouteRecordRaw[] = [menuRoute('unit-tasks', () => import('./UnitTasksView.vue'))];
