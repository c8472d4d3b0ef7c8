import { Inject, Injectable } from '@nestjs/common';
import { caseDecider, caseKnownTo, caseStreamId, type DeductionItem } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';

/** An accountability decision as a deduction item (accountabilityItem, libs/domain). */
type AccountabilityItem = Extract<DeductionItem, { source: 'accountability' }>;

/**
 * A decision issued on a case the unit reading its own breakdown was never notified of (it was the
 * unit complained about, 被投诉单位): the decision — its reference, forms and points — without the
 * case. `caseId` is null and `events` empty: the event's stream is the case's (`case-<id>`).
 */
export type WithheldCaseItem = Omit<AccountabilityItem, 'caseId' | 'findingId' | 'events'> & { caseId: null; events: [] };

/** A deduction item as a breakdown lists it to its reader. */
export type ListedDeductionItem = DeductionItem | WithheldCaseItem;

/**
 * What of the accountability decisions against a unit the unit itself may see
 * (docs/rules.md#who-sees-what): a decision may be issued against the unit complained about on a case
 * it was never notified of, and to it that case does not exist (GET /cases/{id} is 404). It sees the
 * decision, not the case. Whether it may know a case is the rule of the case routes (caseKnownTo,
 * as GET /cases/{id} asks it), on the case's stream as it stands now. Decisions on findings are
 * shown whole: every one is against a unit that knows the finding (the unit it is against, or one
 * answering for one of its measures: findingKnownTo), and a measure once planned stays.
 */
@Injectable()
export class CaseLinks {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * `items` as a caller confined to `unitScope` may read them: a decision on a case the unit was not
   * notified of as a WithheldCaseItem. The very array when nothing is withheld (and for a caller
   * confined to no unit, who may know every case), so a shared answer can be reused.
   *
   * `known`: cases already found known to the unit, added to as more are; a unit notified of a case
   * stays so whatever happens since (caseKnownTo), so only those found not known are read again.
   */
  async shownTo<T extends DeductionItem>(
    items: readonly T[],
    unitScope: string | null,
    known: Set<string> = new Set(),
  ): Promise<ReadonlyArray<T | WithheldCaseItem>> {
    if (unitScope === null) return items;
    const asked = [...new Set(items.flatMap((i) => (i.source === 'accountability' && i.caseId && !known.has(i.caseId) ? [i.caseId] : [])))];
    const answers = await Promise.all(
      asked.map(async (caseId) => caseKnownTo((await loadAggregate(this.store, caseStreamId(caseId), caseDecider)).state, unitScope)),
    );
    asked.forEach((caseId, i) => answers[i] && known.add(caseId));
    const hidden = (i: T) => i.source === 'accountability' && i.caseId !== undefined && !known.has(i.caseId);
    if (!items.some(hidden)) return items;
    return items.map((i) => (i.source === 'accountability' && hidden(i) ? withheld(i) : i));
  }
}

function withheld({ source, accountabilityId, forms, points }: AccountabilityItem): WithheldCaseItem {
  return { source, accountabilityId, caseId: null, forms, points, events: [] };
}
