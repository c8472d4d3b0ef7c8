/** Whether the error is a lock not granted within `lock_timeout` (SQLSTATE 55P03). */
export function isLockNotGranted(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '55P03';
}

/**
 * The pause after the n-th refusal (0-based) of something that tries again for a lock: `firstMs`,
 * doubling, at most `maxMs`. The rebuild's swap and the migrations pace their attempts with it.
 */
export function doublingPause(refusals: number, firstMs: number, maxMs: number): number {
  return Math.min(firstMs * 2 ** Math.min(refusals, 20), maxMs);
}
