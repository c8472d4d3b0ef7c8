import { readModelFailureKind, readModelFailureText, verdictTitle } from './read-model-failures';

describe('完整性校验 says how the audit read model differs from the log, in Chinese', () => {
  it('names each kind and, for a changed row, the column as the history names it', () => {
    expect(readModelFailureKind('row_missing')).toBe('缺少记录（审计查询中被删除）');
    expect(readModelFailureKind('something_new')).toBe('其他不一致');
    expect(readModelFailureText({ kind: 'row_differs', column: 'actor_id' })).toBe('“操作人”与事件所记不符：查询显示的归属或内容被改动');
    expect(readModelFailureText({ kind: 'row_extra', column: null })).toContain('日志中此位置没有事件');
  });

  it('tells a broken log from a read model that only needs rebuilding', () => {
    expect(verdictTitle({ ok: true, failureCount: 0 })).toContain('日志完整');
    expect(verdictTitle({ ok: false, failureCount: 2 })).toBe('日志已被破坏：发现不一致');
    expect(verdictTitle({ ok: false, failureCount: 0 })).toBe('日志完整，但审计查询数据与日志不符：请重建审计查询数据');
  });
});
