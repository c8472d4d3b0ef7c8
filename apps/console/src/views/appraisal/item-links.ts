import type { Schemas } from '../../api/client';
import type { Role } from '../../menu';
import { mayRead } from '../../readable';
import { shortId } from './labels';

type Item = NonNullable<Schemas['UnitAppraisal']['deductions'][number]['items']>[number];

/** A case or finding a deduction item names: `to` its page, or null where the role may not open it. */
export interface ItemReference {
  label: string;
  to: string | null;
  testid: 'case-link' | 'finding-link' | 'accountability-ref';
}

/**
 * What a deduction item of a unit's breakdown names: its case, its finding. Each links only where the
 * role may open the page (readable.ts: a leader neither, the admin a case), since a link would end on
 * 「无权查看或不存在」; otherwise the short id stays as text, so the item still says what it is about.
 * A decision on a case the unit reading its own breakdown was never notified of comes without the
 * case (`caseId` null, no events: to that unit the case does not exist): the decision's own
 * reference, as text, is what the unit can quote to the discipline office.
 */
export function itemReferences(item: Item, role: Role | undefined): ItemReference[] {
  const references: ItemReference[] = [];
  if (item.source === 'accountability' && item.caseId === null)
    references.push({ label: `问责 ${shortId(item.accountabilityId)}`, to: null, testid: 'accountability-ref' });
  if ('caseId' in item && item.caseId)
    references.push({
      label: `案件 ${shortId(item.caseId)}`,
      to: mayRead(role, 'case') ? `/cases/${item.caseId}` : null,
      testid: 'case-link',
    });
  if (item.findingId)
    references.push({
      label: `问题 ${shortId(item.findingId)}`,
      to: mayRead(role, 'finding') ? `/ledger/findings/${item.findingId}` : null,
      testid: 'finding-link',
    });
  return references;
}
