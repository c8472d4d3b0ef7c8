import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { MasterKey } from '@app/platform';
import type { MasterKeyring } from '../../complainants/master-keyring';

/**
 * What an Idempotency-Key record keeps of its request, to tell a retry (the same request) from
 * another request sent under the same key: `<master key id>:<HMAC-SHA-256 of method, URL and body>`.
 *
 * Keyed, not a plain hash: a filing's body holds the complainant's name and phone (a finding's, the
 * person who raised it), and everything else in it is in the filing's event in clear. A plain
 * SHA-256 would let anyone who reads the table confirm guesses of the phone number — about 10⁸
 * for a mobile prefix, minutes of one core. The key is derived from the complainants' current
 * master key (docs/rules.md#complainant-confidentiality), which every API process holds and the
 * database never does; the record names it, so a retry after a rotation is still recognised while
 * the keyring keeps the former key.
 */
export function requestFingerprint(keyring: MasterKeyring, request: string): string {
  const key = keyring.current;
  return `${key.id}:${mac(key, request)}`;
}

/** Whether a stored fingerprint is this request's; false when its master key is no longer held. */
export function isFingerprintOf(keyring: MasterKeyring, stored: string, request: string): boolean {
  const split = stored.lastIndexOf(':');
  const key = split > 0 ? keyring.byId(stored.slice(0, split)) : undefined;
  if (!key) return false;
  const expected = Buffer.from(mac(key, request), 'hex');
  const given = Buffer.from(stored.slice(split + 1), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The request as the fingerprint reads it: method, URL (with its query) and the parsed body. */
export function requestText(method: string, url: string, body: unknown): string {
  return `${method} ${url}\n${JSON.stringify(body ?? null)}`;
}

const derived = new WeakMap<MasterKey, Buffer>();

function mac(key: MasterKey, request: string): string {
  let macKey = derived.get(key);
  if (!macKey) {
    // A key of its own, so that no MAC made here is ever a value the master key computes elsewhere.
    macKey = Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), 'idempotency-request-fingerprint', 32));
    derived.set(key, macKey);
  }
  return createHmac('sha256', macKey).update(request).digest('hex');
}
