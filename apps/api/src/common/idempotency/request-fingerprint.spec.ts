import { createHash, randomBytes } from 'node:crypto';
import { MasterKeyring } from '../../complainants/master-keyring';
import { isFingerprintOf, requestFingerprint, requestText } from './request-fingerprint';

const key = (id: string) => ({ id, key: randomBytes(32) });
const filing = requestText('POST', '/api/v1/cases', { complainant: { name: '王某', phone: '13800138000' } });

describe('the fingerprint of a request under an Idempotency-Key', () => {
  const first = key('k1');

  it('is keyed: the master key it was made with, then an HMAC, never the plain hash of the request', () => {
    const fingerprint = requestFingerprint(new MasterKeyring([first]), filing);
    expect(fingerprint).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain(createHash('sha256').update(filing).digest('hex'));
    // Another keyring (another installation) makes another fingerprint of the same request.
    expect(requestFingerprint(new MasterKeyring([key('k1')]), filing)).not.toBe(fingerprint);
  });

  it('recognises the same request and no other', () => {
    const keyring = new MasterKeyring([first]);
    const stored = requestFingerprint(keyring, filing);
    expect(isFingerprintOf(keyring, stored, filing)).toBe(true);
    expect(isFingerprintOf(keyring, stored, filing.replace('13800138000', '13800138001'))).toBe(false);
    expect(isFingerprintOf(keyring, 'not a fingerprint', filing)).toBe(false);
    expect(isFingerprintOf(keyring, `${stored.slice(0, -2)}`, filing)).toBe(false);
  });

  it('after a rotation, recognises a retry of a request fingerprinted before it while the keyring keeps the former key', () => {
    const stored = requestFingerprint(new MasterKeyring([first]), filing);
    const rotated = new MasterKeyring([key('k2'), first]);
    expect(requestFingerprint(rotated, filing)).toMatch(/^k2:/);
    expect(isFingerprintOf(rotated, stored, filing)).toBe(true);
    expect(isFingerprintOf(new MasterKeyring([key('k2')]), stored, filing)).toBe(false);
  });
});
