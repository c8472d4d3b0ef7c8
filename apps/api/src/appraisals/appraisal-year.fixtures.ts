import { randomUUID } from 'node:crypto';
import { appraisalSchemeStreamId, appraisalStreamId, caseStreamId, DEFAULT_APPRAISAL_SCHEME, unitStreamId } from '@app/domain';
import * as ev from '../../../../test/support/case-events';
import type { TestEvent } from '../../../../test/support/event-log';
import type { ProjectionTest } from '../../../../test/support/projection-kit';

// Test data for the specs of what is held per version of an appraisal year (imported by *.spec.ts
// only): one department's 2026 with a scheme, its inputs and one open case due 15 October.

export const event = (type: string, data: object): TestEvent => ({ type, data }) as TestEvent;

/** The case of `seedMarketYear` is due 15 Oct (Beijing): open, it is late from 2026-10-15T16:00:00Z. */
export const BEFORE_LATE = '2026-10-15T12:00:00Z';
export const STILL_BEFORE = '2026-10-15T15:59:59Z';
export const AFTER_LATE = '2026-10-16T00:00:00Z';

/**
 * dept-market's 2026, projected: the unit (named `name`), a scheme of half a point per overdue case
 * and one per accountability (so both move the score), a survey of 90 and a concentrated evaluation
 * of 80, and one case it leads, filed and dispatched, still open.
 */
export async function seedMarketYear(db: ProjectionTest, name = '区市场监督管理局'): Promise<void> {
  await db.append(
    unitStreamId('dept-market'),
    event('UnitRegistered', { unitId: 'dept-market', name, kind: 'department', parentId: null }),
  );
  await db.append(
    appraisalSchemeStreamId(2026),
    event('AppraisalSchemePublished', {
      year: 2026,
      revision: 1,
      scheme: { ...DEFAULT_APPRAISAL_SCHEME, caseDeductions: { perOverdueCase: 0.5, perAccountability: 1 }, note: '方案' },
    }),
  );
  await db.append(
    appraisalStreamId('dept-market', 2026),
    event('SurveyScoreRecorded', { unitId: 'dept-market', year: 2026, score: 90, respondents: 100, note: null }),
    event('ConcentratedEvaluationScoreRecorded', { unitId: 'dept-market', year: 2026, score: 80, participants: null, note: null }),
  );
  const id = randomUUID();
  await db.append(caseStreamId(id), ...ev.filedWithLead(id, 'dept-market'));
  await db.project();
}
