import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

/**
 * GET /api/v1/audit/verify compares the audit history's read model (audit_events) with the log,
 * the projector running beside it. Whoever holds the application's database role (cases_app) can
 * write that table but not rewrite the log: rows it deletes, re-attributes or invents are named,
 * apart from the log's failures.
 */
describe('GET /api/v1/audit/verify: the audit read model against the log', () => {
  let api: TestApi;
  let store: PostgresEventStore;
  /** The application's role, as someone who took it would use it. */
  let hostile: Pool;
  let caseId = '';

  const auditCaughtUp = async () => {
    // The last event written, read from the table: the log's head shows only events below the oldest
    // transaction open on the server, and another test file may be holding one right now.
    const { rows: last } = await api.db.pool.query<{ head: string }>('SELECT max(global_position)::text AS head FROM events');
    const head = BigInt(last[0].head);
    await waitUntil(
      async () => {
        const { rows } = await api.db.pool.query(`SELECT position FROM projection_checkpoints WHERE name = 'audit'`);
        return rows.length > 0 && rows[0].position !== null && BigInt(rows[0].position) >= head;
      },
      { timeoutMs: 20_000, failure: `the audit read model did not reach position ${head}` },
    );
  };
  const rowOf = async (version: number) =>
    (
      await api.db.pool.query<{ position: string; event_id: string }>(
        `SELECT position::text AS position, event_id::text FROM audit_events WHERE stream_id = $1 AND stream_version = $2`,
        [`case-${caseId}`, version],
      )
    ).rows[0];

  beforeAll(async () => {
    api = await startTestApi({
      now: '2026-11-16T09:00:00+08:00',
      env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED },
      asAppRole: true,
    });
    store = new PostgresEventStore(api.db.pool, api.db.url, { pollIntervalMs: 60_000 });
    hostile = new Pool({ connectionString: api.db.appUrl, max: 1 });
    caseId = await new ApiClient(api).fileAndAccept({
      title: '不动产登记窗口多次要求补充同一材料',
      description: '三次往返',
      complainedUnitId: 'dept-market',
      receivedAt: '2026-11-16T08:30:00+08:00',
      complainant: { anonymous: true },
    });
    await auditCaughtUp();
  }, 60_000);
  afterAll(async () => {
    await hostile.end();
    await store.close();
    await api.close();
  });

  it('an untampered log and read model verify clean, the comparison reported beside the log’s', async () => {
    const { body } = await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200);
    expect(body).toMatchObject({
      ok: true,
      failureCount: 0,
      readModel: { readModel: 'audit', table: 'audit_events', ok: true, failureCount: 0 },
    });
    expect(BigInt(body.readModel.upToPosition)).toBeGreaterThanOrEqual(BigInt((await rowOf(2)).position));
    expect(body.readModel.rows).toBeGreaterThanOrEqual(2);
  });

  it('answers 503 with Retry-After, not hanging, while another session holds the read model locked', async () => {
    const { rows } = await api.db.pool.query<{ generation: number }>(`SELECT generation FROM projection_checkpoints WHERE name = 'audit'`);
    const holder = await api.db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK audit_events__g${rows[0].generation} IN ACCESS EXCLUSIVE MODE`);
      const started = Date.now();
      const answer = await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(503);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(answer.body.detail).toContain('locked by another session');
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200);
  });

  it('names the rows cases_app deleted, re-attributed and invented; the log still holds', async () => {
    const accepted = await rowOf(2);
    const filed = await rowOf(1);
    await hostile.query(`DELETE FROM audit_events WHERE position = $1`, [accepted.position]);
    await hostile.query(`UPDATE audit_events SET actor_id = 'dept-health-handler' WHERE position = $1`, [filed.position]);
    await hostile.query(
      `INSERT INTO audit_events (position, event_id, stream_id, stream_version, type, case_id, recorded_at)
       VALUES (0, gen_random_uuid(), $1, 3, 'CaseClosed', $2, now())`,
      [`case-${caseId}`, caseId],
    );

    const { body } = await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200);
    expect(body).toMatchObject({ ok: false, failureCount: 0, firstFailure: null, readModel: { ok: false, failureCount: 3 } });
    expect(body.readModel.failures).toEqual([
      expect.objectContaining({ kind: 'row_extra', position: '0', streamId: `case-${caseId}`, version: 3 }),
      expect.objectContaining({ kind: 'row_differs', position: filed.position, version: 1, column: 'actor_id', eventId: filed.event_id }),
      expect.objectContaining({ kind: 'row_missing', position: accepted.position, version: 2, eventId: accepted.event_id }),
    ]);
    // Recorded in the log like any verification, in the office's name.
    const recorded = (await store.readStream('audit-verifications-2026')).at(-1)!;
    expect(recorded).toMatchObject({ data: { ok: false, failureCount: 0, readModel: { ok: false, failureCount: 3 } } });
  });

  it('names a row planted past the checkpoint, and the list reaching it refuses with a stable problem rather than a 500', async () => {
    await hostile.query(
      `INSERT INTO audit_events VALUES (9000000000000000000, gen_random_uuid(), 'case-fake', 4, 'AccountabilityIssued', 'fake',
         'dev-discipline', 'discipline', '{dept-cgj}', now(), now())`,
    );
    const { body } = await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200);
    expect(body.readModel.ok).toBe(false);
    expect(body.readModel.failures).toContainEqual(
      expect.objectContaining({ kind: 'row_extra', position: '9000000000000000000', streamId: 'case-fake', version: 4 }),
    );
    // Neither a page without the row (an event lost from sight) nor one showing it (an event the log does not hold).
    const listed = await api.http.get('/api/v1/audit/events').query({ actorId: 'dev-discipline' }).set(as.discipline).expect(503);
    expect(listed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(listed.body).toMatchObject({ status: 503, code: 'AUDIT_READ_MODEL_DAMAGED' });
    expect(listed.body.detail).toContain('npm run audit -- verify');
    // The first page reaches the row planted at 0 below the checkpoint (the test before): the same problem.
    const first = await api.http.get('/api/v1/audit/events').set(as.discipline).expect(503);
    expect(first.body.code).toBe('AUDIT_READ_MODEL_DAMAGED');
    const exported = await api.http.get('/api/v1/audit/events/export').query({ actorId: 'dev-discipline' }).set(as.discipline).expect(503);
    expect(exported.body.code).toBe('AUDIT_READ_MODEL_DAMAGED');
  });
});
