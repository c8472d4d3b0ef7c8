import { DEFAULT_LEDGER_CONFIGURATION } from '@app/domain';
import { labelsOf } from './export-columns';
import { ledgerExport, type LedgerExportRow } from './ledger-export';

const measure = (measureCategory: string | null): LedgerExportRow => ({
  holderKind: 'finding',
  caseId: null,
  findingId: 'WT-2026-0007',
  measureId: 'M1',
  description: '开展窗口作风专项整顿',
  responsibleUnitId: 'dept-market',
  responsibleLeader: '张副局长',
  leadUnitId: 'dept-market',
  campaignId: 'MZPY-2026',
  findingCategory: 'poor_service_attitude',
  sizeClass: 'supervised',
  measureCategory,
  dueDate: '2026-11-18',
  dueCarded: false,
  status: 'planned',
  progress: null,
  reportedAt: null,
  verdict: null,
  recheckDue: null,
  recheckCarded: false,
  timesReported: 0,
  timesRejected: 0,
  plannedAt: '2026-10-30T02:00:00.000Z',
  updatedAt: '2026-10-30T02:00:00.000Z',
  problem: '窗口人员对企业咨询推诿敷衍',
  responsibleUnitName: '区市场监督管理局',
});

/** The 措施类别 cells of a file of these measures under this list of measure categories. */
function categoryCells(measures: LedgerExportRow[], list = DEFAULT_LEDGER_CONFIGURATION.measureCategories) {
  const file = ledgerExport('2026-11-23', measures, list);
  const column = file.columns.find((c) => c.header === '措施类别')!;
  return file.rows.map((r) => column.value(r));
}

describe('ledgerExport', () => {
  it('writes a measure’s category by its label in the list in force; a case’s measure has none', () => {
    expect(categoryCells([measure('conduct_and_attitude'), measure('cost_reduction'), measure(null)])).toEqual([
      '作风与服务态度',
      '降低企业成本',
      null,
    ]);
    expect(categoryCells([measure('cost_reduction')], [{ code: 'cost_reduction', label: '减轻企业负担' }])).toEqual(['减轻企业负担']);
  });

  it('writes a code the list no longer names as the code', () => {
    expect(categoryCells([measure('doorstep_service')], [{ code: 'cost_reduction', label: '降低企业成本' }])).toEqual(['doorstep_service']);
    expect(labelsOf([])('anything')).toBe('anything');
  });
});
