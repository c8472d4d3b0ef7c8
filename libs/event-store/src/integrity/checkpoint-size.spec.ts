import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { MAX_STATEMENT_BYTES } from './checkpoints';

/** MAX_STATEMENT_BYTES is set from a real checkpoint's size: the signer's most heads (5,000) of this application's stream ids. */
describe('the largest real checkpoint statement', () => {
  it('5,000 heads of case streams come to well under MAX_STATEMENT_BYTES', () => {
    const heads = Array.from({ length: 5_000 }, (_, i) => ({
      streamId: `case-${randomUUID()}`,
      version: 100_000 + i,
      hash: createHash('sha256').update(String(i)).digest('hex'),
    }));
    const statement = canonicalJson({
      sequence: 1_000_000,
      previous: 'f'.repeat(64),
      upToPosition: '9223372036854775807',
      heads,
      signedAt: new Date().toISOString(),
      keyId: 'f'.repeat(64),
    });
    const bytes = Buffer.byteLength(statement, 'utf8');
    expect(bytes).toBeGreaterThan(500_000); // about 0.7 MB
    expect(bytes * 2).toBeLessThan(MAX_STATEMENT_BYTES);
  });
});
