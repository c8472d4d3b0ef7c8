import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type HorizonHolder } from '@app/event-store';

/** Held-back events counted one by one at most; beyond this the count is reported as "at least". */
export const HELD_BACK_COUNT_CAP = 1000;

/**
 * Events committed to the log that no reader (projector, read-your-writes, subscriber) can see yet,
 * because a transaction open somewhere on the database server holds the visibility horizon back.
 */
export interface VisibilityReport {
  heldBackEvents: number;
  /** True when more than HELD_BACK_COUNT_CAP events are held back. */
  heldBackEventsCapped: boolean;
  /** Age of the oldest of them (0: none): how long every read model has been kept from it. */
  heldBackSeconds: number;
  /** The open transaction holding them back (null: none held back, or not found). */
  holder: HorizonHolder | null;
}

/** Reads what the event store holds back from its readers: for /health and /metrics. */
@Injectable()
export class VisibilityProbe {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Null when the store has no visibility horizon (KurrentDB). */
  async read(now = Date.now()): Promise<VisibilityReport | null> {
    const held = await this.store.heldBack({ limit: HELD_BACK_COUNT_CAP + 1 });
    if (!held) return null;
    return {
      heldBackEvents: Math.min(held.events, HELD_BACK_COUNT_CAP),
      heldBackEventsCapped: held.events > HELD_BACK_COUNT_CAP,
      heldBackSeconds: held.oldestRecordedAt === null ? 0 : Math.max(0, (now - Date.parse(held.oldestRecordedAt)) / 1000),
      holder: held.holder,
    };
  }
}
