import type { RouteRecordRaw } from 'vue-router';
import { comingSoon, menuRoute } from '../menu-route';

/** 案件工作台 (intake): the case list, the filing form, a case's page. */
export const routes: RouteRecordRaw[] = [menuRoute('cases', comingSoon)];
