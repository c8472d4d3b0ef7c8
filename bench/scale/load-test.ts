import { createRequire } from 'node:module';

/** What autocannon (a dev dependency without type declarations) is asked and answers, as far as the bench uses it. */
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  /** Seconds before a request counts as a timeout. */
  timeout: number;
}
interface AutocannonResult {
  latency: { p50: number; p99: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(__filename)('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

export interface RouteLoad {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requestsPerSecond: number;
  requests: number;
  /** Answers other than 2xx, plus connection errors and timeouts: all must be 0 for the figures to count. */
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** GET `url` from `connections` connections for `seconds` (autocannon), each request as `headers` say. */
export async function loadRoute(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<RouteLoad> {
  const result = await autocannon({ url, connections, duration: seconds, headers, timeout: 60 });
  return {
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
