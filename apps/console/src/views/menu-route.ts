import type { RouteComponent, RouteRecordRaw } from 'vue-router';
import { MENU } from '../menu';

/**
 * The route of a menu item: its name is its path and its title the menu's (menu.ts is the one table
 * of screens and roles). Each screen's folder lists its routes in its own routes.ts, so screens are
 * added without touching each other's files.
 */
export function menuRoute(name: string, component: () => Promise<RouteComponent | { default: RouteComponent }>): RouteRecordRaw {
  const item = MENU.find((entry) => entry.name === name);
  if (!item) throw new Error(`menu.ts has no screen named ${name}`);
  return { path: name, name, component, meta: { title: item.title } };
}

/** What a menu item opens until its screen is built. */
export const comingSoon = () => import('./ComingSoonView.vue');
