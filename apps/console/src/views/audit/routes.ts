import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/** 纪检审计 (discipline): the event log, accountability, the integrity check. */
export const routes: RouteRecordRaw[] = [
  menuRoute('audit', () => import('./AuditView.vue')),
  // The case page's and the finding page's 问责 buttons come here (?caseId= or ?findingId=).
  {
    path: 'audit/accountability/new',
    name: 'audit-accountability-new',
    component: () => import('./IssueAccountabilityView.vue'),
    meta: { title: '发起问责' },
  },
];
