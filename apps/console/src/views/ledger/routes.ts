import type { RouteRecordRaw } from 'vue-router';
import { comingSoon, menuRoute } from '../menu-route';

/** 整改台账 and rankings: campaigns, findings, measures, published rankings. */
export const routes: RouteRecordRaw[] = [menuRoute('ledger', comingSoon)];
