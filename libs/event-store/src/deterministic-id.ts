import { createHash } from 'node:crypto';

/**
 * A name-based uuid (RFC 9562 version 5 layout, SHA-1) in our own namespace: the same name always
 * gives the same id. Used for event ids that must be identical on every retry (the deadline
 * scheduler, Idempotency-Key, seeding), so the store's idempotency turns a retry into a no-op.
 */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const NAMESPACE = Buffer.from('5b1d3c3e-complaint-cases', 'utf8');
