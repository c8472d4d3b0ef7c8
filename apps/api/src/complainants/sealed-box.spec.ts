import { newKey, open, seal } from './sealed-box';

describe('sealed box (AES-256-GCM, random 96-bit nonce)', () => {
  const key = newKey();
  const plaintext = Buffer.from('{"name":"欧阳晓明","phone":"13912345678"}', 'utf8');

  it('opens with its key and associated data', () => {
    const box = seal(key, plaintext, 'row-1');
    expect(open(key, box, 'row-1')).toEqual(plaintext);
    expect(box.length).toBe(12 + plaintext.length + 16);
    expect(box.includes(plaintext)).toBe(false);
  });

  it('takes a fresh nonce every time: the same plaintext never seals to the same bytes', () => {
    const boxes = new Set(Array.from({ length: 100 }, () => seal(key, plaintext, 'row-1').toString('hex')));
    const nonces = new Set([...boxes].map((hex) => hex.slice(0, 24)));
    expect(boxes.size).toBe(100);
    expect(nonces.size).toBe(100);
  });

  it('refuses another key, another row, and a single flipped bit', () => {
    const box = seal(key, plaintext, 'row-1');
    expect(() => open(newKey(), box, 'row-1')).toThrow();
    expect(() => open(key, box, 'row-2')).toThrow();
    for (const at of [0, 12, box.length - 1]) {
      const tampered = Buffer.from(box);
      tampered[at] ^= 1;
      expect(() => open(key, tampered, 'row-1')).toThrow();
    }
    expect(() => open(key, box.subarray(0, 20), 'row-1')).toThrow();
  });
});
