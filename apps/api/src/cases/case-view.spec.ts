import { caseDecider, replay, type CaseEvent } from '@app/domain';
import { plannedCase, rectificationRejected, rectificationReported } from '@app/domain/case/case.fixtures';
import { toCaseView } from './case-view';

/** M1 due 30 October, M2 due 20 November (the fixtures' plan). */
const overdueOf = (events: readonly CaseEvent[], today: string) =>
  Object.fromEntries(
    toCaseView('c-1', events.length, replay(caseDecider, [...events]), null, today).measures.map((m) => [m.measureId, m.overdue]),
  );

describe("a case's measures as GET /cases/{id} shows them: overdue as the ledger judges it", () => {
  it('is overdue once its due day has ended in Beijing, while still owed', () => {
    expect(overdueOf(plannedCase, '2026-10-30')).toEqual({ M1: false, M2: false }); // due today: not yet
    expect(overdueOf(plannedCase, '2026-10-31')).toEqual({ M1: true, M2: false });
    expect(overdueOf(plannedCase, '2026-11-21')).toEqual({ M1: true, M2: true });
  });

  it('a reported measure is not owed; one whose report was rejected at 验收 is owed again', () => {
    const reported = [...plannedCase, rectificationReported('M1'), rectificationReported('M2')];
    expect(overdueOf(reported, '2026-11-21')).toEqual({ M1: false, M2: false });
    expect(overdueOf([...reported, rectificationRejected('M2')], '2026-11-21')).toEqual({ M1: false, M2: true });
  });
});
