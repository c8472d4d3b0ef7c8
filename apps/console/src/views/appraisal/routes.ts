import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/** 考核评议: the year's appraisal by unit kind, a unit's breakdown, the export. */
export const routes: RouteRecordRaw[] = [
  menuRoute('appraisal', () => import('./AppraisalView.vue')),
  {
    path: 'appraisal/:year(\\d{4})/units/:unitId',
    name: 'appraisal-unit',
    component: () => import('./UnitAppraisalView.vue'),
    meta: { title: '考核评议' },
  },
];
