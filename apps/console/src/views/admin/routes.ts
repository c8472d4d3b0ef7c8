import type { RouteRecordRaw } from 'vue-router';
import { comingSoon, menuRoute } from '../menu-route';

/** 系统管理 (admin): units, calendar years, time limits, appraisal schemes. */
export const routes: RouteRecordRaw[] = [menuRoute('admin', comingSoon)];
