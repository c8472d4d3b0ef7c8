import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { canonicalJson } from '@app/event-store/integrity/canonical-json';
import { ConfigError, type AppConfig } from '@app/platform/config';

/**
 * A process that signs checkpoints of the log (the projector: APP_ROLE `all` or `projector`, with
 * AUDIT_CHECKPOINT_INTERVAL_SECONDS above 0) and is given AUDIT_VERIFY_KEY_FILE: that key must be
 * the public key of the one it signs with. Otherwise every checkpoint it signs fails verification
 * (`checkpoint_invalid`: it names another key), for good, as checkpoints are append-only: one key
 * verifies every checkpoint (docs/rules.md#tamper-evidence). Refused with ConfigError (exit 78)
 * before anything is started. A process that only verifies (APP_ROLE=api, or no checkpoints signed)
 * may hold any verify key. Small imports only: server-config.ts calls it before the application is
 * loaded. A key file that holds no key is left to the key loading to report.
 */
export function requireVerifiableSigning(config: Pick<AppConfig, 'appRole' | 'tamperEvidence'>): void {
  const { signingKeyFile, verifyKeyFile, checkpointIntervalSeconds } = config.tamperEvidence;
  if (config.appRole === 'api' || checkpointIntervalSeconds === 0 || !verifyKeyFile) return;
  const verifyId = keyIdOrNull(() => createPublicKey(fs.readFileSync(verifyKeyFile)));
  if (verifyId === null) return;
  const signs = `this process signs checkpoints (APP_ROLE=${config.appRole})`;
  const advice =
    `Sign with the private key of ${verifyId} (AUDIT_SIGNING_KEY_FILE; after a restore, a copy of the source's key file), ` +
    'or run this process without signing (APP_ROLE=api, or AUDIT_CHECKPOINT_INTERVAL_SECONDS=0)';
  if (!fs.existsSync(signingKeyFile)) {
    // Only the development default can be missing here: a file named in AUDIT_SIGNING_KEY_FILE must exist.
    throw new ConfigError(
      'AUDIT_VERIFY_KEY_FILE',
      `${verifyKeyFile} is checkpoint key ${verifyId}, but AUDIT_SIGNING_KEY_FILE is unset and its default ${signingKeyFile} ` +
        `not made yet: ${signs} with a new key, whose checkpoints that key cannot verify. ${advice}`,
    );
  }
  const signingId = keyIdOrNull(() => createPublicKey(createPrivateKey(fs.readFileSync(signingKeyFile))));
  if (signingId === null || signingId === verifyId) return;
  throw new ConfigError(
    'AUDIT_VERIFY_KEY_FILE',
    `${verifyKeyFile} is checkpoint key ${verifyId}, but AUDIT_SIGNING_KEY_FILE (${signingKeyFile}) is key ${signingId}: ` +
      `${signs} that would fail verification. ${advice}`,
  );
}

/**
 * The key id checkpoints name (RFC 7638 thumbprint), as libs/event-store's keyIdOf computes it (a
 * spec holds the two equal; that module loads the platform's whole index); null for a file that is
 * not an Ed25519 key.
 */
export function keyIdOrNull(read: () => KeyObject): string | null {
  let publicKey: KeyObject;
  try {
    publicKey = read();
  } catch {
    return null;
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return null;
  const { crv, kty, x } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(canonicalJson({ crv, kty, x })).digest('base64url');
}
