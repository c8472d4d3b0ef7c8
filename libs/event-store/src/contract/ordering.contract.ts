import type { EventEnvelope, EventStore } from '../event-store';
import { newEvent, readAllOnce } from './helpers';

const WRITERS = 16;
const TOTAL_EVENTS = 5_000;
const STREAMS = 200;

/**
 * 16 writers append 5,000 events across random streams while a subscriber follows from the start.
 * The subscriber must see every event exactly once, each stream's versions in order, and the same
 * sequence `readAll` returns at the end.
 */
export function describeOrderingUnderConcurrency(store: () => EventStore, prefix: string): void {
  describe('ordering under concurrent appends', () => {
    it(`${WRITERS} writers, ${TOTAL_EVENTS} events: the subscriber gets each exactly once, in stream order, no gaps`, async () => {
      const tag = `${prefix}order-`;
      const subscription = store().subscribe({ filter: { streamPrefixes: [tag] } });
      const received: EventEnvelope[] = [];
      const consumer = (async () => {
        for await (const event of subscription) {
          received.push(event);
          if (received.length === TOTAL_EVENTS) break;
        }
      })();

      let remaining = TOTAL_EVENTS;
      const take = () => {
        const n = Math.min(remaining, 1 + Math.floor(Math.random() * 4));
        remaining -= n;
        return n;
      };
      const writer = async () => {
        for (let n = take(); n > 0; n = take()) {
          const streamId = `${tag}${Math.floor(Math.random() * STREAMS)}`;
          const events = Array.from({ length: n }, () => newEvent('Ordered'));
          await store().appendToStream(streamId, events, { expectedVersion: 'any' });
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, writer));

      const timeout = setTimeout(() => void subscription.close(), 60_000);
      await consumer;
      clearTimeout(timeout);
      await subscription.close();

      expect(received).toHaveLength(TOTAL_EVENTS);
      expect(new Set(received.map((e) => e.eventId)).size).toBe(TOTAL_EVENTS);
      for (let i = 1; i < received.length; i++) {
        expect(received[i].position > received[i - 1].position).toBe(true);
      }
      const lastVersion = new Map<string, number>();
      for (const event of received) {
        expect(event.streamVersion).toBe((lastVersion.get(event.streamId) ?? 0) + 1);
        lastVersion.set(event.streamId, event.streamVersion);
      }

      const logged = await readAllOnce(store(), { streamPrefixes: [tag] }, TOTAL_EVENTS);
      expect(logged.map((e) => e.eventId)).toEqual(received.map((e) => e.eventId));
    }, 120_000);

    it('writers racing on the same new streams: every stream reads back in version order in the global log', async () => {
      const tag = `${prefix}race-`;
      const streams = Array.from({ length: 40 }, (_, i) => `${tag}${i}`);
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          streams.flatMap((streamId) =>
            Array.from({ length: 6 }, () => store().appendToStream(streamId, [newEvent('Raced')], { expectedVersion: 'any' })),
          ),
        );
      }
      const logged = await readAllOnce(store(), { streamPrefixes: [tag] }, streams.length * 6 * 5);
      expect(logged).toHaveLength(streams.length * 6 * 5);
      const outOfOrder = logged.filter((event, i) =>
        logged.slice(0, i).some((earlier) => earlier.streamId === event.streamId && earlier.streamVersion > event.streamVersion),
      );
      expect(outOfOrder).toEqual([]);
    }, 60_000);
  });
}
