import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { MasterKeyring } from '../../complainants/master-keyring';
import { isFingerprintOf, requestFingerprint, requestText, type FingerprintedRequest } from './request-fingerprint';

const key = (id: string) => ({ id, key: randomBytes(32) });
const filingOf = (body: unknown): FingerprintedRequest => ({ method: 'POST', url: '/api/v1/cases', body });
const filing = filingOf({ title: '许可证办理反复补材料', complainant: { name: '王某', phone: '13800138000' } });
const otherPhone = filingOf({ title: '许可证办理反复补材料', complainant: { name: '王某', phone: '13800138001' } });

describe('the fingerprint of a request under an Idempotency-Key', () => {
  const first = key('k1');

  it('is keyed: the master key it was made with, then an HMAC, never the plain hash of the request', () => {
    const fingerprint = requestFingerprint(new MasterKeyring([first]), filing);
    expect(fingerprint).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain(createHash('sha256').update(requestText(filing)).digest('hex'));
    // Another keyring (another installation) makes another fingerprint of the same request.
    expect(requestFingerprint(new MasterKeyring([key('k1')]), filing)).not.toBe(fingerprint);
  });

  it('recognises the same request and no other', () => {
    const keyring = new MasterKeyring([first]);
    const stored = requestFingerprint(keyring, filing);
    expect(isFingerprintOf(keyring, stored, filing)).toBe(true);
    expect(isFingerprintOf(keyring, stored, otherPhone)).toBe(false);
    expect(isFingerprintOf(keyring, stored, { ...filing, url: '/api/v1/findings' })).toBe(false);
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

  it('reads the body as JSON means it: members in another order, or a number written another way, are the same request', () => {
    const keyring = new MasterKeyring([first]);
    const stored = requestFingerprint(
      keyring,
      filingOf({ title: '许可证', complainant: { name: '王某', phone: '13800138000' }, amount: 1 }),
    );
    const reordered = filingOf({ amount: 1.0, complainant: { phone: '13800138000', name: '王某' }, title: '许可证' });
    expect(isFingerprintOf(keyring, stored, reordered)).toBe(true);
    expect(requestFingerprint(keyring, reordered)).toBe(stored);
    // Order inside an array is the body's meaning: not the same request.
    const listed = requestFingerprint(keyring, filingOf({ units: ['a', 'b'] }));
    expect(isFingerprintOf(keyring, listed, filingOf({ units: ['b', 'a'] }))).toBe(false);
  });

  it('still recognises a fingerprint stored before the body was read canonically, for a retry sent in the same order', () => {
    // What requestFingerprint stored until the canonical reading: the body as JSON.stringify wrote it.
    const macKey = Buffer.from(hkdfSync('sha256', first.key, Buffer.alloc(0), 'idempotency-request-fingerprint', 32));
    const asSent = `POST /api/v1/cases\n${JSON.stringify(filing.body)}`;
    expect(asSent).not.toBe(requestText(filing)); // its members were not in canonical order
    const before = `k1:${createHmac('sha256', macKey).update(asSent).digest('hex')}`;
    const keyring = new MasterKeyring([first]);
    expect(isFingerprintOf(keyring, before, filing)).toBe(true);
    expect(isFingerprintOf(keyring, before, otherPhone)).toBe(false);
  });
});
