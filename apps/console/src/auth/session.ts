import { reactive } from 'vue';
import type { Role } from '../menu';

/** The signed-in user as the console shows it; the token is what the API checks. */
export interface Session {
  token: string;
  role: Role;
  unitId: string | null;
  /** Who the token names (its `sub`). */
  actorId: string;
  /** Seconds since the epoch, from the token's `exp`. */
  expiresAt: number;
}

const KEY = 'complaint-console.session';

/**
 * The session lives in sessionStorage: gone with the tab, never shared with another tab or kept on
 * the office PC's disk after the browser closes. `notice` is what the sign-in page says on arrival
 * (a session that expired, a token the API refused).
 */
export const auth = reactive<{ session: Session | null; notice: string | null }>({ session: load(), notice: null });

/** Reads role, unit, subject and expiry from a token's claims (display only: the API verifies it). */
export function sessionFromToken(token: string, claimNames = { roles: 'roles', unit: 'unit_id' }): Session {
  const payload = JSON.parse(decodeBase64Url(token.split('.')[1] ?? '')) as Record<string, unknown>;
  const roles = claimAt(payload, claimNames.roles);
  const role = (Array.isArray(roles) ? roles : String(roles ?? '').split(' ')).find(isRole);
  if (!role) throw new Error('这个令牌没有本系统的角色');
  const unit = claimAt(payload, claimNames.unit);
  return {
    token,
    role,
    unitId: typeof unit === 'string' ? unit : null,
    actorId: String(payload.sub ?? ''),
    expiresAt: Number(payload.exp ?? 0),
  };
}

export function signIn(session: Session): void {
  auth.session = session;
  auth.notice = null;
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** Ends the session; `notice` is shown on the sign-in page (null: signed out on purpose). */
export function signOut(notice: string | null = null): void {
  auth.session = null;
  auth.notice = notice;
  sessionStorage.removeItem(KEY);
}

/** The session if it is still valid, else signs out saying it expired. */
export function currentSession(now = Date.now()): Session | null {
  const session = auth.session;
  if (session && session.expiresAt * 1000 <= now) {
    signOut('登录已过期，请重新登录');
    return null;
  }
  return session;
}

function load(): Session | null {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

function isRole(value: unknown): value is Role {
  return value === 'intake' || value === 'unit' || value === 'discipline' || value === 'dashboard' || value === 'admin';
}

function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split('.')
    .reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), payload);
}

function decodeBase64Url(text: string): string {
  const binary = atob(
    text
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(text.length / 4) * 4, '='),
  );
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
