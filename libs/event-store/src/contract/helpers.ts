import { randomUUID } from 'node:crypto';
import type { EventEnvelope, NewEvent } from '../event-store';

/** A new event with realistic metadata; `data` defaults to a small Chinese-language payload. */
export function newEvent(type = 'ComplaintFiled', data: unknown = { title: '审批繁琐', n: 1 }): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actorId: 'user-1',
      role: 'intake',
      unitId: 'unit-7',
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2026-09-24T09:30:00.000Z',
    },
  };
}

/** Collects `count` events from a subscription, or fails after `timeoutMs`. */
export async function collect(
  iterable: AsyncIterable<EventEnvelope> & { close(): Promise<void> },
  count: number,
  timeoutMs = 20_000,
): Promise<EventEnvelope[]> {
  const received: EventEnvelope[] = [];
  const timer = setTimeout(() => void iterable.close(), timeoutMs);
  try {
    for await (const event of iterable) {
      received.push(event);
      if (received.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return received;
}

/** Polls `condition` until it holds, failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
