import * as v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what was live after a full collection, in a process that does
 * nothing but rebuild: 1.5 times it.
 *
 * A rebuild's live set is flat (its row cache is bounded by rows, its batch by events): 46–84 MiB of
 * heap in use from 100k to 1M events of the bench's log. But every batch's events and rows outlive
 * a young-generation collection and die old, and with V8's own factor (chosen from how fast the
 * process allocates, up to 4) the heap between full collections grew with the length of the run:
 * peak RSS 318 MiB at 100k events, 399 at 1M. With this one, 229 and 251 MiB at the same speed
 * (`BENCH_SCALE_SIZES=100000,1000000 npm run bench -- --only scale-logs,rebuild`, BENCHMARKS.md).
 * It is a factor, not a cap: a larger live set (larger events, say) still gets its room.
 *
 * Not for the server: there a build shares the process with the API or the live projector, whose
 * heap this would make collect more often for nothing.
 */
export const REBUILD_HEAP_GROWING_PERCENT = 50;

/** For `npm run projections -- rebuild` and the bench's rebuild process, first thing. */
export function boundRebuildHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${REBUILD_HEAP_GROWING_PERCENT}`);
}
