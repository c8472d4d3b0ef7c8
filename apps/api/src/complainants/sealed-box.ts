import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
/** 96-bit nonces, random for every sealing: the size GCM is specified for. */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * AES-256-GCM with a random nonce (node:crypto). A sealed box is nonce ‖ ciphertext ‖ tag; the
 * associated data binds it to where it is stored (a row's ids), so a box copied into another row
 * does not open. Opening a box changed by a single bit, or with the wrong key, throws.
 */
export function seal(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]);
}

export function open(key: Buffer, box: Buffer, associatedData: string): Buffer {
  if (box.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed box too short');
  const nonce = box.subarray(0, NONCE_BYTES);
  const tag = box.subarray(box.length - TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(box.subarray(NONCE_BYTES, box.length - TAG_BYTES)), decipher.final()]);
}

/** A fresh 256-bit key: a complainant's data key, or a new master key. */
export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Data sealed under a fresh data key of its own, the data key sealed (wrapped) by a master key. */
export interface SealedUnderOwnKey {
  sealed: Buffer;
  masterKeyId: string;
  wrappedKey: Buffer;
}

/**
 * Seals `plaintext` under a new data key and wraps that key with `master`: what the complainant store
 * and the ledger's people store keep per person, so deleting one wrapped key forgets one person
 * (crypto-shredding). `associatedData` binds the box to its row, `keyAssociatedData` the wrapped key to its own.
 */
export function sealUnderOwnKey(
  master: { id: string; key: Buffer },
  plaintext: Buffer,
  associatedData: string,
  keyAssociatedData: string,
): SealedUnderOwnKey {
  const dataKey = newKey();
  return {
    sealed: seal(dataKey, plaintext, associatedData),
    masterKeyId: master.id,
    wrappedKey: seal(master.key, dataKey, keyAssociatedData),
  };
}
