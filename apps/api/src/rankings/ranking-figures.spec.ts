import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppraisedUnit } from '@app/projections/appraisal/appraisal.reader';
import { activeIn, RANKING_SCHEME_VERSION } from './ranking-figures';
import { periodOf } from './ranking-period';

describe('the units a bulletin (排名通报) of a period ranks', () => {
  const window = (retiredAt: string | null): AppraisedUnit => ({
    unitId: 'win-1',
    name: '窗口',
    kind: 'window',
    status: retiredAt === null ? 'active' : 'retired',
    retiredAt,
  });
  const november = periodOf('2026-11');

  it('ranks an active unit', () => {
    expect(activeIn(window(null), november)).toBe(true);
  });

  it('ranks a unit retired once the period had begun, Beijing time, and not one retired before', () => {
    expect(activeIn(window('2026-10-31T16:00:00.000Z'), november)).toBe(true); // 1 November 00:00 in Beijing
    expect(activeIn(window('2026-12-15T02:00:00.000Z'), november)).toBe(true);
    expect(activeIn(window('2026-10-31T15:59:59.999Z'), november)).toBe(false); // 31 October 23:59:59 in Beijing
  });
});

describe("a ranking's scheme version (schemeVersion)", () => {
  it('is the one docs/ledger.md gives: a client compares a recorded basis with it (RANKING_SCHEME_CHANGED)', () => {
    // The example there went stale once already (appraisal@v7 when the read model was at v8).
    const ledgerDoc = readFileSync(join(__dirname, '../../../../docs/ledger.md'), 'utf8').replace(/\s+/g, ' ');
    expect(ledgerDoc).toContain(`\`${RANKING_SCHEME_VERSION}\``);
  });
});
