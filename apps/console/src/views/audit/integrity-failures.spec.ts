import { FAILURE_KINDS, failureKind, failureText, type IntegrityFailure } from './integrity-failures';

const LATIN = /[A-Za-z]/;

describe('完整性校验 says each failure in Chinese from its fields', () => {
  const failure = (kind: IntegrityFailure['kind'], version: number | null, checkpoint: number | null) => ({ kind, version, checkpoint });

  it('says what the log shows and what that means, with the version and checkpoint the failure names', () => {
    expect(failureText(failure('hash_mismatch', 9, null))).toBe('版本 9 与其哈希不符：该事件的内容或在日志中的位置被改动过');
    expect(failureText(failure('version_gap', 5, null))).toBe('版本 5 之前缺少版本：其前的事件被删除');
    expect(failureText(failure('checkpoint_mismatch', 3, 12))).toBe(
      '第 12 个签名检查点所签的版本 3 哈希与日志中的不同：该数据流自此处或更早被改写',
    );
    expect(failureText(failure('stream_truncated', 7, 2))).toBe(
      '第 2 个签名检查点签名时该数据流已到版本 7，日志中现在没有这么多：其后的事件被删除',
    );
    expect(failureText(failure('checkpoint_invalid', null, 4))).toContain('第 4 个签名检查点的签名、序号');
    expect(failureText(failure('stream_missing', 5, 1))).toBe(
      '第 1 个签名检查点签名过该数据流（至版本 5），日志中已没有它：整个数据流被删除',
    );
  });

  it('has a Chinese sentence and name for every kind the API lists, none with a Latin letter, and one for a kind it does not know', () => {
    for (const kind of Object.keys(FAILURE_KINDS) as Array<IntegrityFailure['kind']>) {
      for (const text of [failureText(failure(kind, 1, 1)), failureText(failure(kind, null, null)), failureKind(kind)])
        expect({ kind, text, latin: LATIN.test(text) }).toEqual({ kind, text, latin: false });
    }
    expect(failureKind('something_new')).toBe('其他不一致');
    expect(failureText(failure('something_new' as IntegrityFailure['kind'], 1, null))).toBe('日志与其哈希链或签名检查点不一致');
  });
});
