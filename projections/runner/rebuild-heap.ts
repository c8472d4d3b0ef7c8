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

/**
 * The young generation of a process that does nothing but rebuild: semi-spaces of 64 MiB instead of
 * V8's 16. A batch (2,500 events, their rows and the read models' work on them) then dies young
 * instead of being promoted and collected with the old generation: on the bench's 1M log, 88.7 /
 * 90.5 s against 102.8–104.2 with V8's size (-13%), peak RSS 354–366 MiB against 235–248; 128 MiB
 * gave 85.6 s at 486 MiB (bench/JOURNAL.md, 2 December). V8 sizes it when the process starts, so it
 * is a command-line flag: `npm run projections` passes these (rebuild-heap.spec.ts checks that it
 * does), and so does the bench's rebuild process.
 */
export const REBUILD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/** For `npm run projections -- rebuild` and the bench's rebuild process, first thing. */
export function boundRebuildHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${REBUILD_HEAP_GROWING_PERCENT}`);
}
