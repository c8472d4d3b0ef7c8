import { randomUUID } from 'node:crypto';
import { caseStreamId } from '@app/domain';
import { deterministicUuid } from '@app/event-store';
import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * Contention on one case: many commands at once, the way a busy morning of 督办 from intake and the
 * discipline office looks to the store. Supervision may legally be issued any number of times, so
 * every request could win; the ones that lose the race on the stream's version must say so (409) and
 * leave nothing behind, never a 5xx and never a gap or a duplicate in the case's history.
 */
describe('contention on one case', () => {
  let api: TestApi;
  let caseId: string;
  const CONCURRENT = 50;
  const supervision = (note: string) => ({ unitId: 'dept-market', level: 'urge', note });
  const supervise = () => api.http.post(`/api/v1/cases/${caseId}/supervise`);

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED, RATE_LIMIT: 'off' } });
    caseId = await new ApiClient(api).dispatch({ title: '营业执照变更被无故拒绝', receivedAt: '2026-09-24T09:00:00+08:00' }, 'dept-market');
  });
  afterAll(async () => api.close());

  /** The case's stream as stored: versions in order, with event ids and types. */
  async function stream(): Promise<Array<{ version: number; eventId: string; type: string }>> {
    const { rows } = await api.db.pool.query(
      `SELECT stream_version::int AS version, event_id::text AS "eventId", type FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [caseStreamId(caseId)],
    );
    return rows;
  }

  /** Versions 1…n, each once: what "no gap, no duplicate" means for a stream. */
  const expectContiguous = (versions: number[]) => expect(versions).toEqual(versions.map((_, i) => i + 1));

  it(`${CONCURRENT} concurrent commands without If-Match: each 200 or 409, and the winners' events form a gapless history`, async () => {
    const before = (await stream()).length;
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        supervise()
          .set(as.intake)
          .send(supervision(`第${i}次催办`)),
      ),
    );

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body).toMatchObject({ code: 'CONCURRENT_MODIFICATION' });
    const winners = responses.filter((r) => r.status === 200);
    expect(winners.length).toBeGreaterThan(0);

    const after = await stream();
    expectContiguous(after.map((e) => e.version));
    // Exactly the winners appended, each at the version it answered; the losers appended nothing.
    expect(after.length).toBe(before + winners.length);
    expect(winners.map((r) => r.body.version as number).sort((a, b) => a - b)).toEqual(after.slice(before).map((e) => e.version));
    expect(after.slice(before).every((e) => e.type === 'SupervisionIssued')).toBe(true);
  });

  it(`${CONCURRENT} concurrent commands with the same If-Match: one wins, the others are refused and append nothing`, async () => {
    const before = await stream();
    const ifMatch = `"${before.length}"`;
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        supervise()
          .set(as.intake)
          .set('If-Match', ifMatch)
          .send(supervision(`督办${i}`)),
      ),
    );
    const statuses = responses.map((r) => r.status);
    // The loser of the race on the append is 409; one that reads the case after the winner is 412.
    expect(statuses.filter((s) => s !== 200 && s !== 409 && s !== 412)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const after = await stream();
    expectContiguous(after.map((e) => e.version));
    expect(after.length).toBe(before.length + 1);
  });

  it('retries of one Idempotency-Key sent concurrently, amid other commands, append once and all get the same answer', async () => {
    const KEYS = 10;
    const COPIES = 4; // 40 idempotent requests and 10 plain ones: 50 at once
    const keys = Array.from({ length: KEYS }, () => randomUUID());
    const before = (await stream()).length;

    /** A client that retries on 409 (in progress, or lost the race) until it has a final answer, as a real one would. */
    const untilFinal = async (send: () => PromiseLike<{ status: number; body: Record<string, unknown> }>) => {
      for (const deadline = Date.now() + 20_000; ;) {
        const response = await send();
        if (response.status !== 409 || Date.now() > deadline) return response;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      }
    };
    const idempotent = keys.flatMap((key, k) =>
      Array.from({ length: COPIES }, () =>
        untilFinal(() =>
          supervise()
            .set(as.discipline)
            .set('Idempotency-Key', key)
            .send(supervision(`挂牌${k}`)),
        ).then((r) => ({ key, r })),
      ),
    );
    const plain = Array.from({ length: CONCURRENT - KEYS * COPIES }, (_, i) =>
      supervise()
        .set(as.intake)
        .send(supervision(`插队${i}`)),
    );
    const [answers, others] = await Promise.all([Promise.all(idempotent), Promise.all(plain)]);

    expect(others.map((r) => r.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const after = await stream();
    expectContiguous(after.map((e) => e.version));
    for (const key of keys) {
      const mine = answers.filter((a) => a.key === key).map((a) => ({ status: a.r.status, body: a.r.body }));
      expect(mine.map((a) => a.status)).toEqual(Array(COPIES).fill(200));
      // One answer for every copy: the first execution's, replayed.
      for (const a of mine) expect(a.body).toEqual(mine[0].body);
      // … and one event, with the id derived from the key, at the version that answer names.
      const eventId = deterministicUuid(`idempotency:jjjc-li:${key}:0`);
      const appended = after.filter((e) => e.eventId === eventId);
      expect(appended.map((e) => e.version)).toEqual([mine[0].body.version]);
    }
    const plainWinners = others.filter((r) => r.status === 200).length;
    expect(after.length).toBe(before + KEYS + plainWinners);
  });
});
