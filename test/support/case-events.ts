import { randomUUID } from 'node:crypto';
import { CASE_EVENT_SCHEMA_VERSIONS, caseStreamId, type CaseEvent } from '@app/domain';
import type { EventStore, NewEvent } from '@app/event-store';

const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };

/** A plausible case history (filed → handled → closed) as the decider would write it, for bulk tests. */
export function handledCaseEvents(caseId: string, n: number): CaseEvent[] {
  const unit = ['dept-market', 'dept-housing', 'dept-approval'][n % 3];
  return [
    {
      type: 'ComplaintFiled',
      data: {
        caseId,
        channel: n % 2 ? 'web' : 'hotline',
        category: n % 4 ? 'cumbersome_approval' : 'enquiry',
        urgency: 'normal',
        title: `审批材料反复退回 #${n}`,
        description: '…',
        complainedUnitId: unit,
        receivedAt: '2026-09-24T09:00:00+08:00',
        complainant: { ref: null, anonymous: true },
      },
    },
    { type: 'ComplaintAccepted', data: { note: null } },
    {
      type: 'UnitNotified',
      data: { unitId: unit, role: 'lead', responsibleLeader: '张局长', signForDue: '2026-09-28', handlingDue: '2026-10-15', ...PROVENANCE },
    },
    { type: 'UnitAcknowledged', data: { unitId: unit, acknowledgedAt: '2026-09-25T10:00:00+08:00' } },
    {
      type: 'HandlingReported',
      data: { unitId: unit, factsFound: '属实', factsEstablished: true, result: '已办结', reportedAt: '2026-10-12T10:00:00+08:00' },
    },
    { type: 'RectificationPlanned', data: { unitId: unit, measures: [], noRectificationReason: '无需整改' } },
    { type: 'CaseClosed', data: { accountabilityNotRequiredReason: '情节轻微' } },
  ];
}

/** Appends `cases` case histories, a case per append. */
export async function appendCases(store: EventStore, cases: number, offset = 0): Promise<void> {
  for (let i = 0; i < cases; i++) {
    const caseId = randomUUID();
    const events: NewEvent[] = handledCaseEvents(caseId, offset + i).map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: CASE_EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data,
      metadata: {
        actorId: 'intake-wang',
        role: 'intake',
        unitId: null,
        correlationId: randomUUID(),
        occurredAt: '2026-09-24T01:30:00.000Z',
      },
    }));
    await store.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no_stream' });
  }
}
