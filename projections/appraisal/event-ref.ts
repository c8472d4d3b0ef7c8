import type { EventEnvelope } from '@app/event-store';
import type { EventRef } from '@app/domain';

/** The event behind a fact, as stored in the read model's jsonb columns. */
export function eventRef(e: EventEnvelope): string {
  const ref: EventRef = { eventId: e.eventId, streamId: e.streamId, streamVersion: e.streamVersion };
  return JSON.stringify(ref);
}
