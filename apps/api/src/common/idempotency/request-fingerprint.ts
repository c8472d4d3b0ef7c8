import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '@app/event-store';
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
export function requestFingerprint(keyring: MasterKeyring, request: FingerprintedRequest): string {
  const key = keyring.current;
  return `${key.id}:${mac(key, requestText(request))}`;
}

/**
 * Whether a stored fingerprint is this request's; false when its master key is no longer held.
 * Fingerprints stored before the body was read canonically were of its text as JSON.stringify wrote
 * it: such a record is still recognised when the retry's body comes in the same order (its text
 * the same), and is forgotten with the others after IDEMPOTENCY_RETENTION_HOURS.
 */
export function isFingerprintOf(keyring: MasterKeyring, stored: string, request: FingerprintedRequest): boolean {
  const split = stored.lastIndexOf(':');
  const key = split > 0 ? keyring.byId(stored.slice(0, split)) : undefined;
  if (!key) return false;
  const given = Buffer.from(stored.slice(split + 1), 'hex');
  const matches = (text: string) => {
    const expected = Buffer.from(mac(key, text), 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return matches(requestText(request)) || matches(textAsSent(request));
}

/** What the fingerprint reads of a request: method, URL (with its query) and the parsed body. */
export interface FingerprintedRequest {
  method: string;
  url: string;
  body: unknown;
}

/**
 * The request as the fingerprint reads it. The body is canonical JSON (RFC 8785: keys sorted,
 * numbers and strings in one form), so a retry whose client wrote the same body with its members in
 * another order, or `1.0` for `1`, is the same request, as JSON says it is.
 */
export function requestText({ method, url, body }: FingerprintedRequest): string {
  return `${method} ${url}\n${canonicalJson(body ?? null)}`;
}

/** The text fingerprints were made of before requestText read the body canonically. */
function textAsSent({ method, url, body }: FingerprintedRequest): string {
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
