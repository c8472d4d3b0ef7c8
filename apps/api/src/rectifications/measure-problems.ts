import type { CaseListReader } from '@app/projections/case-list/case-list.reader';
import type { RectificationItem, RectificationsReader } from '@app/projections/rectifications/rectifications.reader';
import type { RequestContext } from '../common/request-context';

/** A measure of the ledger with the problem it rectifies, in words, as the 问题 column names it. */
export type ListedMeasure = RectificationItem & {
  /**
   * A finding's description, or the title of the case that holds the measure; null where the caller
   * may not know the case (below) or its read model does not hold it yet.
   */
  problem: string | null;
};

/**
 * Each measure with its problem's words, read beside the ledger's rows (a finding's description from
 * the ledger, a case's title from the case list: both fixed once recorded, so reading them at their
 * own positions cannot disagree with the rows).
 *
 * To a unit, a case's title only where it leads the case: a unit named responsible for one measure
 * of another unit's case sees that row and not the case (docs/rules.md, who sees what). Every finding
 * of a unit's rows is one it knows (against it, or one of whose measures it answers for), so its
 * description is always given.
 */
export async function withProblems(
  items: readonly RectificationItem[],
  caller: Pick<RequestContext, 'role' | 'unitId'>,
  ledger: RectificationsReader,
  cases: CaseListReader,
): Promise<ListedMeasure[]> {
  const mayKnowCase = (i: RectificationItem) => caller.role !== 'unit' || i.leadUnitId === caller.unitId;
  const findingIds = [...new Set(items.flatMap((i) => (i.findingId ? [i.findingId] : [])))];
  const caseIds = [...new Set(items.flatMap((i) => (i.caseId && mayKnowCase(i) ? [i.caseId] : [])))];
  const [problems, titles] = await Promise.all([ledger.problems(findingIds), cases.titles(caseIds)]);
  return items.map((i) => ({
    ...i,
    problem: i.findingId
      ? (problems.get(i.findingId)?.description ?? null)
      : i.caseId && mayKnowCase(i)
        ? (titles.get(i.caseId) ?? null)
        : null,
  }));
}
