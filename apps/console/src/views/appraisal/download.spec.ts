import { fileNameOf } from './download';

describe('fileNameOf', () => {
  it('prefers the UTF-8 filename* (the Chinese name) to the plain one', () => {
    expect(fileNameOf(`attachment; filename="appraisal-2025.xlsx"; filename*=UTF-8''${encodeURIComponent('2025年度考核.xlsx')}`, 'x')).toBe(
      '2025年度考核.xlsx',
    );
  });

  it('reads a plain filename, quoted or not', () => {
    expect(fileNameOf('attachment; filename="ledger.xlsx"', 'x')).toBe('ledger.xlsx');
    expect(fileNameOf('attachment; filename=ledger.csv', 'x')).toBe('ledger.csv');
  });

  it('falls back when there is no header or no name in it', () => {
    expect(fileNameOf(null, 'fallback.xlsx')).toBe('fallback.xlsx');
    expect(fileNameOf('attachment', 'fallback.xlsx')).toBe('fallback.xlsx');
  });
});
