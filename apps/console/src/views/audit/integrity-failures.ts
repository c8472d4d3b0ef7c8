/**
 * A failure of the integrity check (GET /api/v1/audit/verify) in Chinese, from its structured fields
 * (kind, version, checkpoint), for 完整性校验's table: the API's `message` is English, written for
 * the command line (`npm run audit`). It stays the row's tooltip, as it may say a little more (which
 * versions are missing, where a stream now ends). The kinds: docs/rules.md#tamper-evidence and
 * libs/event-store/src/integrity/verify-log.ts. Pure: no Vue.
 */
import type { Schemas } from '../../api/client';

export type IntegrityFailure = Schemas['AuditLogVerification']['failures'][number];

/** What each kind of failure is, in a few words (the table's 类型). */
export const FAILURE_KINDS: Readonly<Record<IntegrityFailure['kind'], string>> = {
  hash_mismatch: '哈希不符（事件内容被改动）',
  missing_hash: '缺少哈希',
  version_gap: '版本号缺失（事件被删除）',
  version_out_of_order: '版本顺序错乱',
  checkpoint_mismatch: '与签名检查点不符',
  stream_missing: '数据流缺失',
  stream_truncated: '数据流被截断',
  checkpoint_invalid: '检查点签名无效',
};

/** The kind in Chinese; a kind this console does not know yet: 其他不一致. */
export function failureKind(kind: string): string {
  return FAILURE_KINDS[kind as IntegrityFailure['kind']] ?? '其他不一致';
}

/**
 * What the failure means, in a sentence (the table's 说明): what the log shows and what that says
 * happened. Where the failure is (stream, version, position, checkpoint) is the next column's.
 */
export function failureText(f: Pick<IntegrityFailure, 'kind' | 'version' | 'checkpoint'>): string {
  // Numbers set off by spaces, as the console writes them (第 2 轮, 共 3 件).
  const version = f.version === null ? '该事件' : `版本 ${f.version} `;
  const signedUpTo = f.version === null ? '' : `（至版本 ${f.version}）`;
  const checkpoint = f.checkpoint === null ? '签名检查点' : `第 ${f.checkpoint} 个签名检查点`;
  switch (f.kind) {
    case 'hash_mismatch':
      return `${version}与其哈希不符：该事件的内容或在日志中的位置被改动过`;
    case 'missing_hash':
      return `${version}没有哈希：它不在哈希链上，无法证明未被改动`;
    case 'version_gap':
      return `${version}之前缺少版本：其前的事件被删除`;
    case 'version_out_of_order':
      return `${version}排在同一数据流相同或更高的版本之后：事件被移动或重复写入`;
    case 'checkpoint_mismatch':
      return `${checkpoint}所签的${version}哈希与日志中的不同：该数据流自此处或更早被改写`;
    case 'stream_missing':
      return `${checkpoint}签名过该数据流${signedUpTo}，日志中已没有它：整个数据流被删除`;
    case 'stream_truncated':
      return `${checkpoint}签名时该数据流已到${f.version === null ? '更高的版本' : `版本 ${f.version}`}，日志中现在没有这么多：其后的事件被删除`;
    case 'checkpoint_invalid':
      return `${checkpoint}的签名、序号或与前一行的衔接不成立：它所签内容不可信；其后签名有效的检查点仍各自采用`;
    default:
      return '日志与其哈希链或签名检查点不一致';
  }
}
