import { READ_YOUR_WRITES_TIMEOUT_MS } from '../common/projection-positions';
import type { VisibilityReport } from './visibility';

export type HealthStatus = 'ok' | 'degraded' | 'unavailable';

/**
 * Events held back this long are past what a read-your-writes query waits (`?after=`), so such
 * queries start answering 503 PROJECTION_NOT_READY: from here on the service is degraded.
 */
export const HELD_BACK_DEGRADED_SECONDS = READ_YOUR_WRITES_TIMEOUT_MS / 1000;

/**
 * `unavailable` (503) when the database or the event store does not answer. `degraded` (still 200)
 * when committed events have been held back from every reader for HELD_BACK_DEGRADED_SECONDS or
 * more: commands are taken and queries answered, only from read models that stand still, on every
 * instance alike (the horizon is the database server's), so a load balancer taking instances out
 * would turn stale reads into an outage. `degraded` too while the database answers but requests wait
 * for a connection of the pool (`poolBusy`). A projection's own lag is not a state of the service;
 * a read model the projector refuses to build (`buildRefused`: the log fails verification) is: its
 * queries answer 503 until an administrator acts, so `degraded`. So is a read model stopped on an
 * event (`stoppedOnEvent`: its handler failed on the same event STOPPED_AFTER_ATTEMPTS times in a
 * row, projection-stops.ts): it will not move until the handler or the data is mended, its queries
 * answer ever staler rows and its read-your-writes queries (`?after=`) time out with 503
 * PROJECTION_NOT_READY. Still 200 (every instance reads the same read model, so taking them out helps
 * nobody); merely lagging, it would be `ok`.
 * Signing stuck too (`signingStuck`,
 * checkpoint-signing.ts): the newest checkpoint row does not verify, or events have waited past
 * AUDIT_CHECKPOINT_STALE_SECONDS for one; the log is then unprotected against a rewrite of its end.
 */
export function healthStatus(
  up: boolean,
  visibility: VisibilityReport | null | undefined,
  poolBusy = false,
  buildRefused = false,
  stoppedOnEvent = false,
  signingStuck = false,
): HealthStatus {
  // Every connection of the pool held while the database answers (statements queued behind a lock
  // taken elsewhere): requests wait, then get 503 with Retry-After; every instance alike, again.
  if (poolBusy) return 'degraded';
  if (!up) return 'unavailable';
  if (buildRefused || stoppedOnEvent || signingStuck) return 'degraded';
  return visibility && visibility.heldBackSeconds >= HELD_BACK_DEGRADED_SECONDS ? 'degraded' : 'ok';
}
