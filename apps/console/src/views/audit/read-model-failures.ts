/**
 * The audit read model's comparison with the log (GET /api/v1/audit/verify, `readModel`) in Chinese,
 * for 完整性校验: the history 审计日志 lists is served from that table, which the application's own
 * database role can write, so a row deleted or changed there hides or re-attributes an event while
 * the log itself still verifies. The kinds: libs/event-store/src/integrity/read-model-verification.ts.
 * Pure: no Vue.
 */
import type { Schemas } from '../../api/client';

type Verification = Schemas['AuditLogVerification'];
export type ReadModelFailure = Verification['readModel']['failures'][number];

/** The kind in Chinese (the table's 类型). */
export const READ_MODEL_FAILURE_KINDS: Readonly<Record<ReadModelFailure['kind'], string>> = {
  row_missing: '缺少记录（审计查询中被删除）',
  row_extra: '多出记录（日志中并无此事件）',
  row_differs: '记录被改动（与事件不符）',
};

/** The columns of the audit table, as the history's filters name them. */
const COLUMNS: Readonly<Record<string, string>> = {
  position: '位置',
  event_id: '事件编号',
  stream_id: '数据流',
  stream_version: '版本',
  type: '事件类型',
  case_id: '案件',
  actor_id: '操作人',
  role: '角色',
  unit_ids: '涉及单位',
  recorded_at: '记录时间',
  occurred_at: '发生时间',
};

export function readModelFailureKind(kind: string): string {
  return READ_MODEL_FAILURE_KINDS[kind as ReadModelFailure['kind']] ?? '其他不一致';
}

/** What the row shows against the log, in a sentence (the table's 说明). */
export function readModelFailureText(f: Pick<ReadModelFailure, 'kind' | 'column'>): string {
  switch (f.kind) {
    case 'row_missing':
      return '日志中有此事件，审计查询中没有：查询时它被隐去';
    case 'row_extra':
      return '审计查询中有此记录，日志中此位置没有事件：记录是后加的';
    case 'row_differs':
      return `“${COLUMNS[f.column ?? ''] ?? f.column ?? '某一列'}”与事件所记不符：查询显示的归属或内容被改动`;
    default:
      return '审计查询数据与日志不一致';
  }
}

/** The verdict's title: the log first (tampering there is graver), then the read model. */
export function verdictTitle(result: Pick<Verification, 'ok' | 'failureCount'>): string {
  if (result.ok) return '日志完整：哈希链与签名检查点全部核验通过，审计查询数据与日志一致';
  if (result.failureCount > 0) return '日志已被破坏：发现不一致';
  return '日志完整，但审计查询数据与日志不符：请重建审计查询数据';
}
