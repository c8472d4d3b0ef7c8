import type { ProblemError } from '../../api/client';
import { reissuedElsewhere } from './query-code-reissue';

describe('a 补发查询码 that another reissue beat', () => {
  const refused = (status: number, code: string) =>
    Object.assign(new Error(code), { status, problem: { title: code, code } }) as unknown as ProblemError;

  it('is told apart from a refusal: 409 CONCURRENT_MODIFICATION only', () => {
    expect(reissuedElsewhere(refused(409, 'CONCURRENT_MODIFICATION'))).toBe(true);
    expect(reissuedElsewhere(refused(409, 'IDEMPOTENCY_KEY_IN_PROGRESS'))).toBe(false);
    expect(reissuedElsewhere(refused(412, 'CONCURRENT_MODIFICATION'))).toBe(false);
    expect(reissuedElsewhere(refused(403, 'FORBIDDEN'))).toBe(false);
    expect(reissuedElsewhere(new Error('network'))).toBe(false);
    expect(reissuedElsewhere(null)).toBe(false);
  });
});
