import type { CaseEvent } from '../case/case.events';
import type { Instant } from '../case/case.model';

/** A case's progress in the words a complainant is told (办理进度), nothing internal. */
export const PUBLIC_CASE_STATUSES = ['received', 'accepted', 'rejected', 'in_progress', 'closed'] as const;
export type PublicCaseStatus = (typeof PUBLIC_CASE_STATUSES)[number];

/**
 * What the holder of a case's query code (查询码) may see: where the case stands and, once it is
 * over, the answer given — the handling result of the lead unit when closed, the reason when not
 * accepted. No unit, no official, no note, no complainant, no internal date but the milestones.
 */
export interface PublicCaseStatusView {
  status: PublicCaseStatus;
  receivedAt: Instant;
  acceptedAt: Instant | null;
  /** When the case was closed (办结) or not accepted (不予受理). */
  concludedAt: Instant | null;
  /** The answer: the handling result when closed, the reason when rejected; null before. */
  answer: string | null;
}

/** An event of the case with the instant it happened (its metadata's occurredAt). */
export interface DatedCaseEvent {
  event: CaseEvent;
  occurredAt: Instant;
}

/** The public status folded from the case's events; null for a case with no events. */
export function publicCaseStatus(history: readonly DatedCaseEvent[]): PublicCaseStatusView | null {
  let view: PublicCaseStatusView | null = null;
  let leadUnitId: string | null = null;
  let leadResult: string | null = null;
  for (const { event, occurredAt } of history) {
    if (event.type === 'ComplaintFiled') {
      view = { status: 'received', receivedAt: event.data.receivedAt, acceptedAt: null, concludedAt: null, answer: null };
      continue;
    }
    if (!view) continue;
    switch (event.type) {
      case 'ComplaintAccepted':
        view = { ...view, status: 'accepted', acceptedAt: occurredAt };
        break;
      case 'ComplaintRejected':
        view = { ...view, status: 'rejected', concludedAt: occurredAt, answer: event.data.reason };
        break;
      case 'UnitNotified':
        if (event.data.role === 'lead') leadUnitId = event.data.unitId;
        view = { ...view, status: 'in_progress' };
        break;
      case 'CaseTransferred':
        if (event.data.role === 'lead') leadUnitId = event.data.toUnitId;
        break;
      case 'CaseReopened':
        // Handled again; a closed case reopened on a look-back review (回头看) is no longer concluded.
        leadUnitId = event.data.leadUnitId;
        leadResult = null;
        view = { ...view, status: 'in_progress', concludedAt: null, answer: null };
        break;
      case 'HandlingReported':
        if (event.data.unitId === leadUnitId && event.data.result) leadResult = event.data.result;
        break;
      case 'CaseClosed':
        view = { ...view, status: 'closed', concludedAt: occurredAt, answer: leadResult };
        break;
      default:
        break;
    }
  }
  return view;
}
