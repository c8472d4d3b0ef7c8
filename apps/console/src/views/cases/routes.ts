import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/** 案件工作台 (intake): the case list, the filing form, a case's page (opened by every role that reads cases). */
export const routes: RouteRecordRaw[] = [
  menuRoute('cases', () => import('./CaseListView.vue')),
  { path: 'cases/new', name: 'case-new', component: () => import('./CaseNewView.vue'), meta: { title: '登记投诉' } },
  { path: 'cases/:id', name: 'case', component: () => import('./CasePageView.vue'), meta: { title: '案件详情' } },
];
