import type { RouteRecordRaw } from 'vue-router';
import { comingSoon, menuRoute } from '../menu-route';

/** 纪检审计 (discipline): the event log, accountability, the integrity check. */
export const routes: RouteRecordRaw[] = [menuRoute('audit', comingSoon)];
