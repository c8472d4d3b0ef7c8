// The module object itself (a default import), not a copy of its members: prom-client calls
// `monitorEventLoopDelay` on it.
import perfHooks from 'node:perf_hooks';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * CPU, memory, event-loop delay, GC, handles: prom-client's default metrics. They are facts about
 * the process, not about one application, so they are collected once per process into a registry
 * of their own, shown by every application in it, while any application is open.
 *
 * Why they stop when the last application closes: to measure the event loop and the collector,
 * prom-client enables an event-loop delay monitor (a timer every 10 ms) and starts a GC
 * PerformanceObserver, and gives no handle to stop either. Node keeps every observer in one list
 * for the whole process, and with it its callback and all that callback reaches. In a process that
 * opens and closes applications, as the test suite does (each test file in a jest worker loads its
 * modules afresh, so collects afresh), every file's observer kept the whole of that file alive: 13 to
 * 15 MB an end-to-end file, the workers past 1 GB at the end of a run, too large to exit in the half
 * second jest gives them. So the two are taken as prom-client makes them, to be stopped.
 */
interface Collection {
  registry: Registry;
  observers: perfHooks.PerformanceObserver[];
  monitors: perfHooks.IntervalHistogram[];
  /** Applications open that show it. */
  users: number;
}

let current: Collection | undefined;

/** The process metrics' registry, collecting from now until as many `release` calls. */
export function useProcessMetrics(): Registry {
  current ??= collect();
  current.users += 1;
  return current.registry;
}

/** One user of `useProcessMetrics` is done; the last stops the collection. */
export function releaseProcessMetrics(): void {
  if (!current || --current.users > 0) return;
  for (const observer of current.observers) observer.disconnect();
  for (const monitor of current.monitors) monitor.disable();
  current = undefined;
}

/**
 * collectDefaultMetrics into a new registry, with the observers and monitors it started. It starts
 * them synchronously through the module object everyone shares (`require('perf_hooks')`), which is
 * wrapped for the duration of the call only: nothing else runs meanwhile.
 */
function collect(): Collection {
  const registry = new Registry();
  const observers: perfHooks.PerformanceObserver[] = [];
  const monitors: perfHooks.IntervalHistogram[] = [];
  const shared = perfHooks as { monitorEventLoopDelay: typeof perfHooks.monitorEventLoopDelay };
  const monitorEventLoopDelay = shared.monitorEventLoopDelay;
  const observe = perfHooks.PerformanceObserver.prototype.observe;
  shared.monitorEventLoopDelay = (options) => {
    const monitor = monitorEventLoopDelay(options);
    monitors.push(monitor);
    return monitor;
  };
  perfHooks.PerformanceObserver.prototype.observe = function (this: perfHooks.PerformanceObserver, options) {
    observers.push(this);
    return observe.call(this, options);
  };
  try {
    collectDefaultMetrics({ register: registry });
  } finally {
    shared.monitorEventLoopDelay = monitorEventLoopDelay;
    perfHooks.PerformanceObserver.prototype.observe = observe;
  }
  return { registry, observers, monitors, users: 0 };
}
