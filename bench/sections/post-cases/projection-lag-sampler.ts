import { Client } from 'pg';
import { PROJECTIONS } from '@app/projections';

/**
 * How far the read models are behind the log, sampled every `intervalMs` while the load runs.
 *
 * One sample = the largest, over every projection, of the age of the oldest event it follows that
 * its checkpoint has not reached yet (0 when caught up): the same definition as `lagSeconds` of
 * GET /api/v1/health/details (projections/runner/checkpoint.reader.ts), computed here in one SQL
 * statement on a connection of the bench's own (an index walk from each checkpoint), so sampling
 * adds no HTTP request to the load measured. An event's age runs from its `recorded_at` (the start
 * of its append transaction) to the sample's clock_timestamp(), both on the database's clock.
 */
const LAG_SQL = `
  SELECT coalesce(max(extract(epoch FROM clock_timestamp() - pending.recorded_at)), 0)::float8 AS lag
    FROM unnest($1::text[], $2::text[]) AS followed(name, prefix)
    LEFT JOIN projection_checkpoints cp ON cp.name = followed.name
    LEFT JOIN LATERAL (
      SELECT e.recorded_at FROM events e
       WHERE e.global_position > coalesce(cp.position, -1)::bigint
         AND left(e.stream_id, length(followed.prefix)) = followed.prefix
       ORDER BY e.global_position
       LIMIT 1
    ) pending ON true`;

const FOLLOWED = PROJECTIONS.flatMap((p) => p.streamPrefixes.map((prefix) => [p.name, prefix] as const));
const PARAMS = [FOLLOWED.map(([name]) => name), FOLLOWED.map(([, prefix]) => prefix)];

export interface LagSummary {
  samples: number;
  intervalMs: number;
  p50: number;
  p99: number;
  max: number;
}

export class ProjectionLagSampler {
  private readonly samples: number[] = [];
  private running = false;
  private intervalMs = 0;
  private loop?: Promise<void>;

  private constructor(private readonly client: Client) {}

  static async open(databaseUrl: string): Promise<ProjectionLagSampler> {
    const client = new Client({ connectionString: databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    return new ProjectionLagSampler(client);
  }

  /** The lag now, in seconds. */
  async lag(): Promise<number> {
    const { rows } = await this.client.query<{ lag: number }>(LAG_SQL, PARAMS);
    return rows[0].lag;
  }

  /** Starts sampling every `intervalMs` (the next sample is due `intervalMs` after the previous was due). */
  start(intervalMs: number): void {
    this.running = true;
    this.samples.length = 0;
    this.loop = (async () => {
      let due = Date.now();
      while (this.running) {
        this.samples.push(await this.lag());
        due += intervalMs;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      }
    })();
    this.intervalMs = intervalMs;
  }

  async stop(): Promise<LagSummary> {
    this.running = false;
    await this.loop;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    const round = (s: number) => Math.round(s * 1000) / 1000;
    return { samples: sorted.length, intervalMs: this.intervalMs, p50: round(at(50)), p99: round(at(99)), max: round(sorted.at(-1) ?? 0) };
  }

  /** Resolves once every read model has caught up (lag 0), with the seconds it took; throws after `timeoutMs`. */
  async waitUntilCaughtUp(timeoutMs: number): Promise<number> {
    const started = Date.now();
    while ((await this.lag()) > 0) {
      if (Date.now() - started > timeoutMs) throw new Error(`the read models did not catch up within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return (Date.now() - started) / 1000;
  }

  close(): Promise<void> {
    return this.client.end().catch(() => undefined);
  }
}
