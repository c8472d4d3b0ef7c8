import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/** 超期督办: red and yellow cards, supervision and extensions. */
export const routes: RouteRecordRaw[] = [menuRoute('overdue', () => import('./OverdueView.vue'))];
