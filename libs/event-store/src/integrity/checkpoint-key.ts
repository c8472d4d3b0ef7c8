import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { canonicalJson } from './canonical-json';
import { checkpointKeyFileProblem, writeFileOnce, type CheckpointKeyKind } from '@app/platform';

/**
 * The Ed25519 key that signs checkpoints (`checkpoints.ts`). The private key stays with the signer
 * (the projector); anyone may hold the public key and check a checkpoint without the system.
 */
export interface CheckpointPublicKey {
  publicKey: KeyObject;
  /** RFC 7638 JWK thumbprint (SHA-256, base64url): names the key inside every checkpoint. */
  keyId: string;
}

export interface CheckpointSigningKey extends CheckpointPublicKey {
  privateKey: KeyObject;
}

/** Where the keys come from (libs/platform config: AUDIT_SIGNING_KEY_FILE, AUDIT_VERIFY_KEY_FILE). */
export interface CheckpointKeyFiles {
  /** PEM (PKCS #8) private key. */
  signingKeyFile: string;
  /** true when signingKeyFile is the development default, which is generated if missing. */
  generateIfMissing: boolean;
  /** PEM (SPKI) public key for processes that only verify; default: derived from signingKeyFile. */
  verifyKeyFile?: string;
}

/** The signing key; in development (the default file) generated on first use. */
export function loadSigningKey(files: CheckpointKeyFiles): CheckpointSigningKey {
  if (!fs.existsSync(files.signingKeyFile)) {
    if (!files.generateIfMissing) throw new Error(`Checkpoint signing key ${files.signingKeyFile} not found`);
    generateKeyFile(files.signingKeyFile);
  }
  const privateKey = readKey('AUDIT_SIGNING_KEY_FILE', files.signingKeyFile, 'private');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * The public key checkpoints are verified with: AUDIT_VERIFY_KEY_FILE, else the one of the signing
 * key. null when there is none yet and `generate` is false (nothing can have been signed with it).
 */
export function loadVerifyKey(files: CheckpointKeyFiles, options: { generate: boolean }): CheckpointPublicKey | null {
  if (files.verifyKeyFile) {
    const publicKey = readKey('AUDIT_VERIFY_KEY_FILE', files.verifyKeyFile, 'public');
    return { publicKey, keyId: keyIdOf(publicKey) };
  }
  if (!fs.existsSync(files.signingKeyFile) && !(options.generate && files.generateIfMissing)) return null;
  const { publicKey, keyId } = loadSigningKey(files);
  return { publicKey, keyId };
}

/**
 * The key in `file`, or an error naming `variable` and what is wrong with the file, in the words of
 * the configuration's check at start (checkpoint-key-file.ts): a file changed since is said so, not
 * as an OpenSSL decoder error.
 */
function readKey(variable: string, file: string, kind: CheckpointKeyKind): KeyObject {
  try {
    const key = kind === 'private' ? createPrivateKey(fs.readFileSync(file)) : createPublicKey(fs.readFileSync(file));
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // said below
  }
  throw new Error(`${variable}: ${checkpointKeyFileProblem(file, kind) ?? `${file} could not be read as a key`}`);
}

/** The public key as published (GET /api/v1/audit/checkpoint-key): PEM and JWK. */
export function publishedKey(key: CheckpointPublicKey): { algorithm: 'Ed25519'; keyId: string; pem: string; jwk: object } {
  return {
    algorithm: 'Ed25519',
    keyId: key.keyId,
    pem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { ...key.publicKey.export({ format: 'jwk' }), kid: key.keyId, alg: 'EdDSA', use: 'sig' },
  };
}

export function keyIdOf(publicKey: KeyObject): string {
  const { crv, kty, x } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(canonicalJson({ crv, kty, x })).digest('base64url');
}

/** A new key; two processes starting together end up with the same one (writeFileOnce). */
function generateKeyFile(file: string): void {
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileOnce(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
}
