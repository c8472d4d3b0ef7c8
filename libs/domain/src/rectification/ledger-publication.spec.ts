import { givenFor, refusal } from '../shared/decider-specification';
import { DEFAULT_LEDGER_CONFIGURATION } from './ledger-configuration';
import {
  ledgerConfigurationFrom,
  LedgerPublicationErrors as E,
  ledgerPublicationDecider,
  retiredLedgerEntries,
  type LedgerConfigurationPublished,
  type PublishLedgerConfiguration,
} from './ledger-publication';

const content = {
  campaignKinds: [{ code: 'democratic_appraisal', label: '民主评议' }],
  findingCategories: [{ code: 'cumbersome_approval', label: '审批繁琐' }],
  measureCategories: [
    { code: 'approval_streamlining', label: '简化审批流程' },
    { code: 'doorstep_service', label: '上门服务' },
  ],
  recheckAfterWorkingDays: 40,
};

const publishing = (overrides: Partial<PublishLedgerConfiguration> = {}): PublishLedgerConfiguration => ({
  type: 'PublishLedgerConfiguration',
  at: '2026-11-21T02:00:00Z',
  ...content,
  ...overrides,
});

const published = (revision: number, overrides: Partial<LedgerConfigurationPublished['data']> = {}): LedgerConfigurationPublished => ({
  type: 'LedgerConfigurationPublished',
  data: { ...content, revision, ...overrides },
});

const given = givenFor(ledgerPublicationDecider);

describe('publishing the ledger configuration (stream config-ledger)', () => {
  it('given no publication, when one is published, then LedgerConfigurationPublished with revision 1', () => {
    expect(given([]).when(publishing())).toEqual([published(1)]);
  });

  it('given a publication, when another is published, then it replaces the first as revision 2', () => {
    expect(given([published(1)]).when(publishing({ recheckAfterWorkingDays: 20 }))).toEqual([
      published(2, { recheckAfterWorkingDays: 20 }),
    ]);
  });

  it('given a publication, when the same configuration is published again (a retried PUT), then nothing is recorded', () => {
    expect(given([published(1)]).when(publishing())).toEqual([]);
  });

  it('refuses an empty list, naming it', () => {
    expect(refusal(given([]).when(publishing({ measureCategories: [] })))).toMatchObject({
      code: E.LEDGER_LIST_EMPTY,
      details: { field: 'measureCategories' },
    });
  });

  it('refuses a code that is not lower-case letters, digits and _', () => {
    const kinds = [{ code: 'Democratic Appraisal', label: '民主评议' }];
    expect(refusal(given([]).when(publishing({ campaignKinds: kinds })))).toMatchObject({
      code: E.INVALID_ENTRY_CODE,
      details: { field: 'campaignKinds[0].code' },
    });
  });

  it('refuses a code listed twice, and an entry without a label', () => {
    const twice = [...content.findingCategories, { code: 'cumbersome_approval', label: '又一个' }];
    expect(refusal(given([]).when(publishing({ findingCategories: twice })))).toMatchObject({
      code: E.DUPLICATE_ENTRY_CODE,
      details: { field: 'findingCategories[1].code' },
    });
    for (const label of [' ', '\u200b']) {
      expect(refusal(given([]).when(publishing({ findingCategories: [{ code: 'cumbersome_approval', label }] })))).toMatchObject({
        code: E.ENTRY_LABEL_MISSING,
      });
    }
  });

  it('refuses a 回头看 interval that is not 1 to 250 working days', () => {
    for (const days of [0, 251, 2.5]) {
      expect(refusal(given([]).when(publishing({ recheckAfterWorkingDays: days })))).toMatchObject({ code: E.INVALID_RECHECK_INTERVAL });
    }
  });
});

describe('the ledger configuration in force', () => {
  it('is the default until a publication, then the latest publication as ledger@<revision>', () => {
    expect(ledgerConfigurationFrom([])).toBe(DEFAULT_LEDGER_CONFIGURATION);
    expect(ledgerConfigurationFrom([published(1), published(2, { recheckAfterWorkingDays: 20 })])).toEqual({
      version: 'ledger@2',
      ...content,
      recheckAfterWorkingDays: 20,
    });
  });
});

describe('the entries the configuration in force dropped', () => {
  const labelled = (codes: string[]) => DEFAULT_LEDGER_CONFIGURATION.findingCategories.filter((e) => codes.includes(e.code));

  it('keeps each dropped code with the label it last had, so records made under it still read in Chinese', () => {
    const history = [
      published(1, {
        findingCategories: [
          { code: 'cumbersome_approval', label: '审批繁琐' },
          { code: 'slow_reply', label: '答复慢' },
        ],
      }),
      published(2, {
        findingCategories: [
          { code: 'cumbersome_approval', label: '审批繁琐' },
          { code: 'slow_reply', label: '答复迟缓' },
        ],
      }),
      published(3),
    ];
    const retired = retiredLedgerEntries(history);
    const defaultsDropped = DEFAULT_LEDGER_CONFIGURATION.findingCategories.map((e) => e.code).filter((c) => c !== 'cumbersome_approval');
    // The default's six other categories, then the one publication 1 added, relabelled by publication 2.
    expect(retired.findingCategories).toEqual([...labelled(defaultsDropped), { code: 'slow_reply', label: '答复迟缓' }]);
    expect(retired.measureCategories.map((e) => e.code)).not.toContain('approval_streamlining');
    expect(retired.measureCategories).toHaveLength(DEFAULT_LEDGER_CONFIGURATION.measureCategories.length - 2);
    expect(retired.campaignKinds.map((e) => e.code)).toEqual([
      'unannounced_inspection',
      'special_supervision',
      'member_inspection',
      'televised_inquiry',
    ]);
  });

  it('is empty while the default is in force, and a code published back is no longer retired', () => {
    expect(retiredLedgerEntries([])).toEqual({ campaignKinds: [], findingCategories: [], measureCategories: [] });
    const dropped = retiredLedgerEntries([published(1, { findingCategories: [{ code: 'slow_reply', label: '答复迟缓' }] })]);
    expect(dropped.findingCategories).toEqual(DEFAULT_LEDGER_CONFIGURATION.findingCategories);
    const back = retiredLedgerEntries([published(1, { findingCategories: [{ code: 'slow_reply', label: '答复迟缓' }] }), published(2)]);
    const defaultCodes = DEFAULT_LEDGER_CONFIGURATION.findingCategories.map((e) => e.code);
    expect(back.findingCategories.map((e) => e.code)).toEqual([...defaultCodes.filter((c) => c !== 'cumbersome_approval'), 'slow_reply']);
  });
});
