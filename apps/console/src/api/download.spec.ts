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

  it('takes the plain name when the UTF-8 one is a malformed escape, else the fallback', () => {
    expect(fileNameOf(`attachment; filename="overdue.xlsx"; filename*=UTF-8''%E0%A4%A`, 'x.xlsx')).toBe('overdue.xlsx');
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", 'x.xlsx')).toBe('x.xlsx');
    expect(fileNameOf("attachment; filename*=UTF-8''%E5%AE%A1%E8%AE%A1.csv", 'x.csv')).toBe('审计.csv');
  });

  it('falls back when there is no header or no name in it', () => {
    expect(fileNameOf(null, 'fallback.xlsx')).toBe('fallback.xlsx');
    expect(fileNameOf('attachment', 'fallback.xlsx')).toBe('fallback.xlsx');
  });
});
