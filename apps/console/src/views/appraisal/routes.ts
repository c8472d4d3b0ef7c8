import type { RouteRecordRaw } from 'vue-router';
import { comingSoon, menuRoute } from '../menu-route';

/** 考核评议: the year's appraisal by unit kind, a unit's breakdown, the export. */
export const routes: RouteRecordRaw[] = [menuRoute('appraisal', comingSoon)];
