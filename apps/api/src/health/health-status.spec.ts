import { HELD_BACK_DEGRADED_SECONDS, healthStatus } from './health-status';
import type { VisibilityReport } from './visibility';

const heldBack = (seconds: number): VisibilityReport => ({
  heldBackEvents: seconds > 0 ? 3 : 0,
  heldBackEventsCapped: false,
  heldBackSeconds: seconds,
  holder: null,
});

describe('health status', () => {
  it('is unavailable when the database or the event store does not answer, whatever else', () => {
    expect(healthStatus(false, undefined)).toBe('unavailable');
    expect(healthStatus(false, heldBack(60))).toBe('unavailable');
  });

  it('is degraded once events have been held back from every reader as long as a read-your-writes query waits', () => {
    expect(HELD_BACK_DEGRADED_SECONDS).toBe(5);
    expect(healthStatus(true, heldBack(0))).toBe('ok');
    expect(healthStatus(true, heldBack(HELD_BACK_DEGRADED_SECONDS - 0.001))).toBe('ok');
    expect(healthStatus(true, heldBack(HELD_BACK_DEGRADED_SECONDS))).toBe('degraded');
    expect(healthStatus(true, heldBack(11))).toBe('degraded');
  });

  it('is ok when the store has no visibility horizon (KurrentDB) or it could not be read', () => {
    expect(healthStatus(true, null)).toBe('ok');
    expect(healthStatus(true, undefined)).toBe('ok');
  });

  it('is degraded while a read model is stopped on an event, its queries stale and its read-your-writes ones timing out', () => {
    expect(healthStatus(true, heldBack(0), false, false, true)).toBe('degraded');
    expect(healthStatus(true, null, false, false, true)).toBe('degraded');
    expect(healthStatus(false, undefined, false, false, true)).toBe('unavailable');
  });
});
