import type { RouteRecordRaw } from 'vue-router';
import { menuRoute } from '../menu-route';

/** 整改台账 and rankings: the ledger, campaigns, published rankings; a finding's page (units reach it from 单位待办). */
export const routes: RouteRecordRaw[] = [
  menuRoute('ledger', () => import('./LedgerView.vue')),
  { path: 'ledger/findings/:id', name: 'ledger-finding', component: () => import('./FindingView.vue'), meta: { title: '整改台账' } },
  { path: 'ledger/campaigns/:id', name: 'ledger-campaign', component: () => import('./CampaignView.vue'), meta: { title: '评议活动' } },
  { path: 'ledger/rankings/:id', name: 'ledger-ranking', component: () => import('./RankingView.vue'), meta: { title: '排名通报' } },
];
