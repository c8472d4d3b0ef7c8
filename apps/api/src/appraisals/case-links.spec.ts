import { caseStreamId, type CaseEvent, type DeductionItem } from '@app/domain';
import type { EventEnvelope, EventStore } from '@app/event-store';
import * as ev from '../../../../test/support/case-events';
import { CaseLinks } from './case-links';

/**
 * To the unit reading its own breakdown, a decision on a case it was never notified of (it was the
 * unit complained about) names no case: not its id, not the event in its stream. A case it was
 * notified of, and every decision to any other reader, is listed as it is.
 */
describe('the accountability decisions a unit reads of its own breakdown', () => {
  /** Case streams by case id, and how many times each was read. */
  const streams = new Map<string, CaseEvent[]>();
  const reads: string[] = [];
  const store = {
    readStream: async (streamId: string): Promise<EventEnvelope[]> => {
      reads.push(streamId);
      const events = [...streams.entries()].find(([id]) => caseStreamId(id) === streamId)?.[1] ?? [];
      return events.map((e, i) => ({ ...e, streamId, streamVersion: i + 1, eventId: `${streamId}/${i + 1}` }) as unknown as EventEnvelope);
    },
  } as unknown as EventStore;
  const links = new CaseLinks(store);

  const decision = (accountabilityId: string, caseId: string): DeductionItem => ({
    source: 'accountability',
    accountabilityId,
    caseId,
    forms: ['circulated_notice'],
    points: 1,
    events: [{ eventId: `${accountabilityId}-event`, streamId: caseStreamId(caseId), streamVersion: 4 }],
  });
  const onFinding: DeductionItem = {
    source: 'accountability',
    accountabilityId: 'a-finding',
    findingId: 'finding-1',
    forms: ['written_self_examination'],
    points: 1,
    events: [{ eventId: 'f-event', streamId: 'finding-finding-1', streamVersion: 3 }],
  };

  beforeEach(() => {
    streams.clear();
    reads.length = 0;
    // case-led: dispatched to the unit; case-elsewhere: it was complained about, another unit leads.
    streams.set('case-led', ev.filedAndDispatched('case-led', 'dept-approval'));
    streams.set('case-elsewhere', ev.filedAndDispatched('case-elsewhere', 'dept-market'));
  });

  it('a caller confined to no unit gets the very items, no case read', async () => {
    const items = [decision('a1', 'case-elsewhere'), onFinding];
    expect(await links.shownTo(items, null)).toBe(items);
    expect(reads).toEqual([]);
  });

  it('the unit: the decision on a case it was not notified of without the case; the others as they are', async () => {
    const items = [decision('a1', 'case-led'), decision('a2', 'case-elsewhere'), onFinding];
    expect(await links.shownTo(items, 'dept-approval')).toEqual([
      items[0],
      { source: 'accountability', accountabilityId: 'a2', caseId: null, forms: ['circulated_notice'], points: 1, events: [] },
      onFinding,
    ]);
    // Nothing withheld: the very items.
    const none = [items[0], onFinding];
    expect(await links.shownTo(none, 'dept-approval')).toBe(none);
  });

  it('a case found known is not read again; one not known is, and names itself once the unit is notified', async () => {
    const known = new Set<string>();
    const items = [decision('a1', 'case-led'), decision('a2', 'case-elsewhere'), decision('a3', 'case-elsewhere')];
    await links.shownTo(items, 'dept-approval', known);
    expect([...known]).toEqual(['case-led']);
    expect(reads.sort()).toEqual([caseStreamId('case-elsewhere'), caseStreamId('case-led')]);

    reads.length = 0;
    streams.get('case-elsewhere')!.push(ev.unitNotified('dept-approval', { role: 'co' }));
    expect(await links.shownTo(items, 'dept-approval', known)).toBe(items);
    expect(reads).toEqual([caseStreamId('case-elsewhere')]);
    expect([...known].sort()).toEqual(['case-elsewhere', 'case-led']);
  });
});
