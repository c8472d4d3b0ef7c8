import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@app/event-store';

/**
 * The one complaint every request-path section uses: a realistic filing (a named complainant, a
 * description of a few hundred characters), as POST /api/v1/cases takes it, and the ComplaintFiled
 * event that filing appends, so the append section measures events of the size the API writes.
 */
export const FILING = {
  channel: 'hotline',
  category: 'cumbersome_approval',
  urgency: 'normal',
  title: '企业开办审批材料在三个窗口重复提交',
  description:
    '本公司于本月在区政务服务中心办理食品经营许可，市场主体登记窗口已收取营业执照复印件、法定代表人身份证明和经营场所租赁合同，' +
    '食品经营许可窗口要求再次提交同样的材料，消防窗口又要求第三次提交。工作人员称各窗口系统不互通，材料不能共享。' +
    '来回跑了四趟，耽误开业近两周，房租照付。希望各窗口共享已提交的材料，一次告知需要补正的内容，并说明办理时限。',
  complainedUnitId: 'dept-scjgj',
  receivedAt: '2026-09-24T09:30:00+08:00',
  complainant: { anonymous: false, name: '李明', phone: '13800138000', idNumber: null, enterprise: '武汉市新洲区某餐饮管理有限公司' },
} as const;

/** ComplaintFiled for a new case, as the API appends it for FILING (the complainant is a reference by then). */
export function complaintFiledEvent(caseId: string): NewEvent {
  const { complainant: _identity, ...filed } = FILING;
  return {
    eventId: randomUUID(),
    type: 'ComplaintFiled',
    schemaVersion: 1,
    data: { caseId, ...filed, receivedAt: '2026-09-24T01:30:00.000Z', complainant: { ref: randomUUID(), anonymous: false } },
    metadata: {
      actorId: 'bench-intake',
      role: 'intake',
      unitId: null,
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: new Date().toISOString(),
    },
  };
}
