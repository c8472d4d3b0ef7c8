import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventFilter, EventStore, NewEvent } from '../event-store';

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

/**
 * The whole filtered log, once at least `count` events are visible. The PostgreSQL adapter shows
 * only transactions below the cluster-wide horizon, which a transaction of another test file
 * running in parallel may hold back for a moment: right after an append, the log may lag.
 */
export async function readAllOnce(store: EventStore, filter: EventFilter, count: number, timeoutMs = 10_000): Promise<EventEnvelope[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logged: EventEnvelope[] = [];
    for (let page = await store.readAll({ filter, limit: 1000 }); page.length;) {
      logged.push(...page);
      page = await store.readAll({ after: page[page.length - 1].position, filter, limit: 1000 });
    }
    if (logged.length >= count || Date.now() > deadline) return logged;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
