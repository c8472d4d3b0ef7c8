import { appraisalSchemeName } from './labels';

describe('the appraisal scheme as a reader says it', () => {
  it('names the default scheme and a year’s published revision; another form stays as the API gave it', () => {
    expect(['appraisal-scheme@default', 'appraisal-scheme-2026@3', 'something-else@1'].map(appraisalSchemeName)).toEqual([
      '默认方案',
      '2026年方案第3版',
      'something-else@1',
    ]);
  });
});
