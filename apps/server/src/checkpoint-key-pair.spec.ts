import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keyIdOf } from '@app/event-store';
import { ConfigError, type AppConfig } from '@app/platform';
import { keyIdOrNull, requireVerifiableSigning } from './checkpoint-key-pair';

/**
 * A process that signs checkpoints refuses, before it starts, a verify key that is not its signing
 * key's public key: it would sign checkpoints nobody can verify (QA 2, after a restore that advised
 * AUDIT_VERIFY_KEY_FILE alone).
 */
describe('requireVerifiableSigning', () => {
  let dir: string;
  let signing: string;
  let signingId: string;
  let ownPublic: string;
  let otherPublic: string;
  let otherId: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-key-pair-'));
    const own = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    signing = path.join(dir, 'signing.pem');
    fs.writeFileSync(signing, own.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    ownPublic = path.join(dir, 'own.pub.pem');
    fs.writeFileSync(ownPublic, own.publicKey.export({ type: 'spki', format: 'pem' }));
    otherPublic = path.join(dir, 'other.pub.pem');
    fs.writeFileSync(otherPublic, other.publicKey.export({ type: 'spki', format: 'pem' }));
    signingId = keyIdOf(own.publicKey);
    otherId = keyIdOf(other.publicKey);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = (appRole: AppConfig['appRole'], tamperEvidence: Partial<AppConfig['tamperEvidence']>) => ({
    appRole,
    tamperEvidence: {
      signingKeyFile: signing,
      generateIfMissing: false,
      checkpointIntervalSeconds: 60,
      checkpointStaleSeconds: 300,
      ...tamperEvidence,
    },
  });
  const refusal = (run: () => void): string => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  it('a signer whose verify key is another key: refused, naming both variables and both key ids', () => {
    for (const role of ['all', 'projector'] as const) {
      const said = refusal(() => requireVerifiableSigning(config(role, { verifyKeyFile: otherPublic })));
      expect(said).toBe(
        `AUDIT_VERIFY_KEY_FILE: ${otherPublic} is checkpoint key ${otherId}, but AUDIT_SIGNING_KEY_FILE (${signing}) is key ${signingId}: ` +
          `this process signs checkpoints (APP_ROLE=${role}) that would fail verification. Sign with the private key of ${otherId} ` +
          "(AUDIT_SIGNING_KEY_FILE; after a restore, a copy of the source's key file), or run this process without signing " +
          '(APP_ROLE=api, or AUDIT_CHECKPOINT_INTERVAL_SECONDS=0)',
      );
      expect(said).not.toContain('\n');
    }
  });

  it('a signer with no signing key yet (the development default, to be generated): refused, a new key could not match', () => {
    const missing = path.join(dir, 'not-yet.pem');
    const said = refusal(() =>
      requireVerifiableSigning(config('all', { signingKeyFile: missing, generateIfMissing: true, verifyKeyFile: ownPublic })),
    );
    expect(said).toMatch(new RegExp(`^AUDIT_VERIFY_KEY_FILE: .* is checkpoint key ${signingId}, but AUDIT_SIGNING_KEY_FILE is unset`));
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('accepts the signing key’s own public key, no verify key, and any verify key where nothing is signed', () => {
    expect(() => requireVerifiableSigning(config('all', { verifyKeyFile: ownPublic }))).not.toThrow();
    expect(() => requireVerifiableSigning(config('projector', {}))).not.toThrow();
    expect(() => requireVerifiableSigning(config('api', { verifyKeyFile: otherPublic }))).not.toThrow();
    expect(() => requireVerifiableSigning(config('all', { verifyKeyFile: otherPublic, checkpointIntervalSeconds: 0 }))).not.toThrow();
  });

  it('names keys as the checkpoints do (libs/event-store keyIdOf); a file that is not an Ed25519 key has no id', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(keyIdOrNull(() => publicKey)).toBe(keyIdOf(publicKey));
    expect(keyIdOrNull(() => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toBeNull();
    expect(keyIdOrNull(() => fs.readFileSync(path.join(dir, 'nothing')) as never)).toBeNull();
  });
});
