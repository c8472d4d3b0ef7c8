import { appraisalSchemeInForce, DEFAULT_APPRAISAL_SCHEME } from '@app/domain';
import type { AppraisalRow } from '../appraisals/appraisal.queries';
import { appraisalExport } from './appraisal-export';

const row: AppraisalRow = {
  unitId: 'town-yangluo',
  name: '阳逻街道',
  kind: 'town',
  status: 'complete',
  missing: [],
  weightedPoints: 77,
  deductedPoints: 0,
  score: 77,
  grade: '合格',
  rank: 1,
  belowThreshold: true,
  consequence: '约谈',
};

/** The file of a year's table whose rows were scored under a scheme with this consequence threshold. */
function fileUnder(below: number | null) {
  const inForce = appraisalSchemeInForce(2025, null);
  const scheme = below === null ? inForce.scheme : { ...DEFAULT_APPRAISAL_SCHEME, consequence: { below, measure: '约谈' } };
  const table = { year: 2025, scheme: { version: inForce.version, revision: inForce.revision }, units: [row] };
  return appraisalExport({ table, inForce: { ...inForce, scheme } }, null);
}
const thresholdHeader = (below: number | null) => fileUnder(below).columns[10].header;

describe('appraisalExport', () => {
  it('names in the 是否低于…分 header the threshold of the scheme the rows were scored under', () => {
    expect(thresholdHeader(null)).toBe('是否低于70分');
    expect(thresholdHeader(80)).toBe('是否低于80分');
    expect(thresholdHeader(72.5)).toBe('是否低于72.5分');
  });

  it('fills the column from the row’s own flag', () => {
    const file = fileUnder(80);
    expect(file.columns.slice(10).map((c) => c.value(row))).toEqual(['是', '约谈']);
    expect(file.rows).toEqual([row]);
  });
});
