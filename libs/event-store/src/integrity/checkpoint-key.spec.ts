import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSigningKey, loadVerifyKey } from './checkpoint-key';

/**
 * A key file damaged after the start (the configuration refuses one before: libs/platform
 * checkpoint-key-file.ts) is said naming its variable and the file, in the words of that check, not
 * as OpenSSL's `error:1E08010C:DECODER routines::unsupported`: the projector logs it every interval.
 */
describe('checkpoint key files that hold no key of their kind', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-key-files-'));
  const file = (name: string, content: string) => {
    fs.writeFileSync(path.join(folder, name), content, { mode: 0o600 });
    return path.join(folder, name);
  };
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('the signing key: naming AUDIT_SIGNING_KEY_FILE and the file', () => {
    const signingKeyFile = file('not-a-key.pem', '{"name": "complaint-cases"}');
    const expected = `AUDIT_SIGNING_KEY_FILE: ${signingKeyFile} is not an Ed25519 private key (PEM, PKCS #8): restore it from your copy, or name the right file`;
    expect(() => loadSigningKey({ signingKeyFile, generateIfMissing: false })).toThrow(expected);
    expect(() => loadVerifyKey({ signingKeyFile, generateIfMissing: false }, { generate: false })).toThrow(expected);
  });

  it('the verify key: naming AUDIT_VERIFY_KEY_FILE and the file', () => {
    const signingKeyFile = file(
      'signing.pem',
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    );
    const verifyKeyFile = file('not-a-public-key.pem', '-----BEGIN PUBLIC KEY-----\nbad\n-----END PUBLIC KEY-----\n');
    expect(() => loadVerifyKey({ signingKeyFile, generateIfMissing: false, verifyKeyFile }, { generate: false })).toThrow(
      `AUDIT_VERIFY_KEY_FILE: ${verifyKeyFile} is not an Ed25519 public key (PEM): restore it from your copy, or name the right file`,
    );
    expect(loadSigningKey({ signingKeyFile, generateIfMissing: false }).privateKey.asymmetricKeyType).toBe('ed25519');
  });
});
