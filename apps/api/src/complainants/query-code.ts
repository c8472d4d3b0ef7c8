import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read out over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;
/** The first characters are stored in clear to find the row; the hash covers the whole code. */
const SELECTOR_LENGTH = 6;

/**
 * A case's query code (查询码): 16 characters of Crockford base32 (80 random bits), shown as
 * `XXXX-XXXX-XXXX-XXXX`. Stored only as its SHA-256, beside its first 6 characters (the selector)
 * so a lookup finds candidate rows by index and then compares hashes in constant time. 80 bits
 * cannot be guessed online; offline, someone who has the table learns nothing the event log beside
 * it does not already say (the code shows only a case's status and answer).
 */
export interface QueryCode {
  /** As given to the complainant, with hyphens. */
  display: string;
  selector: string;
  hash: Buffer;
}

export function newQueryCode(): QueryCode {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = LENGTH - 1; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return fromNormalized(code);
}

/**
 * The code as typed, normalised (case, spaces and hyphens ignored; O read as 0, I and L as 1), or
 * null when it cannot be a code at all.
 */
export function parseQueryCode(typed: string): QueryCode | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== LENGTH || [...code].some((c) => !ALPHABET.includes(c))) return null;
  return fromNormalized(code);
}

/** Whether `code` is the one stored as `hash`, in time that does not depend on where they differ. */
export function queryCodeMatches(code: QueryCode, hash: Buffer): boolean {
  return hash.length === code.hash.length && timingSafeEqual(hash, code.hash);
}

function fromNormalized(code: string): QueryCode {
  return {
    display: code.match(/.{4}/g)!.join('-'),
    selector: code.slice(0, SELECTOR_LENGTH),
    hash: createHash('sha256').update(code).digest(),
  };
}
