import { fileNameOf } from './download';

describe('fileNameOf', () => {
  it('prefers the UTF-8 name, then the ASCII one, then the fallback', () => {
    const both = `attachment; filename="overdue-2026-11-23.xlsx"; filename*=UTF-8''${encodeURIComponent('超期督办清单-2026-11-23.xlsx')}`;
    expect(fileNameOf(both, 'x.xlsx')).toBe('超期督办清单-2026-11-23.xlsx');
    expect(fileNameOf('attachment; filename="overdue.xlsx"', 'x.xlsx')).toBe('overdue.xlsx');
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", 'x.xlsx')).toBe('x.xlsx');
    expect(fileNameOf(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
