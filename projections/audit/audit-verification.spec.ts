import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import {
  describeVerification,
  escaped,
  PostgresEventStore,
  QUOTED_CHARS,
  recordVerification,
  type AuditVerification,
} from '@app/event-store';
import { appendToCase, newEvents } from '../../test/support/event-log';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { rebuildProjection } from '../runner/rebuild';
import { AuditReadModelLocked, READ_MODEL_LOCK_WAIT_MS } from './audit-read-model-check';
import { auditProjection } from './audit.projection';
import { verifyLogAndAuditReadModel } from './audit-verification';

/**
 * `audit verify` compares the audit read model with the log. Whoever holds the application's
 * database role (cases_app) may write `audit_events` (the projector does), so here it deletes,
 * re-attributes and inserts rows; the verdict names each, apart from the log's (which still holds).
 */
describe('audit verify: the audit read model against the log', () => {
  const CASE = '00000000-0000-4000-8000-0000000000a1';
  const OTHER = '00000000-0000-4000-8000-0000000000b2';
  // No key file: nothing signed, no checkpoint; the log's own checks are tamper.spec.ts's.
  const config = {
    eventStore: 'postgres' as const,
    tamperEvidence: {
      signingKeyFile: path.join(os.tmpdir(), 'no-such-audit-key.pem'),
      generateIfMissing: false,
      checkpointIntervalSeconds: 0,
      checkpointStaleSeconds: 300,
    },
  };
  let db: TestDatabase;
  /** As cases_app: the application, and whoever holds its role. */
  let app: Pool;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    app = new Pool({ connectionString: db.appUrl, max: 4 });
    store = new PostgresEventStore(app, db.appUrl, { pollIntervalMs: 60_000 });
    await appendToCase(store, CASE, { type: 'CaseFiled', data: { complainedUnitId: 'dept-market' } }, { type: 'CaseAccepted', data: {} });
    await appendToCase(store, OTHER, { type: 'CaseFiled', data: { complainedUnitId: 'dept-health' } });
    // Built as the projector builds it: its checkpoint at the log's head.
    await rebuildProjection(app, store, auditProjection);
  });
  afterEach(async () => {
    await store.close();
    await app.end();
    await db.drop();
  });

  const verify = () => verifyLogAndAuditReadModel(store, app, config);
  const positionOf = async (streamVersion: number, caseId = CASE) =>
    (
      await app.query<{ position: string }>(
        `SELECT position::text AS position FROM audit_events WHERE stream_id = $1 AND stream_version = $2`,
        [`case-${caseId}`, streamVersion],
      )
    ).rows[0].position;

  it('an untampered log and read model verify clean', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, failureCount: 0, events: 3 });
    expect(result.readModel).toMatchObject({
      readModel: 'audit',
      table: 'audit_events',
      ok: true,
      generation: 1,
      rows: 3,
      failureCount: 0,
      firstFailure: null,
      failures: [],
    });
    expect(result.readModel.upToPosition).toBe((await store.head())!.position.toString());
  });

  it('names a deleted row by its event: missing', async () => {
    const position = await positionOf(2);
    await app.query(`DELETE FROM audit_events WHERE position = $1`, [position]);
    const result = await verify();
    expectOnlyTheReadModelFails(result);
    expect(result.readModel.failures).toEqual([
      expect.objectContaining({ kind: 'row_missing', streamId: `case-${CASE}`, version: 2, position, column: null }),
    ]);
  });

  it('names a re-attributed row, its event and each column changed', async () => {
    const position = await positionOf(1);
    await app.query(`UPDATE audit_events SET actor_id = 'someone-else', unit_ids = '{dept-health}' WHERE position = $1`, [position]);
    const result = await verify();
    expectOnlyTheReadModelFails(result);
    expect(result.readModel.failures).toEqual([
      expect.objectContaining({ kind: 'row_differs', streamId: `case-${CASE}`, version: 1, position, column: 'actor_id' }),
      expect.objectContaining({ kind: 'row_differs', streamId: `case-${CASE}`, version: 1, position, column: 'unit_ids' }),
    ]);
    expect(result.readModel.failures[0].message).toContain('someone-else');
  });

  it('names a row no event of the log stands behind: extra', async () => {
    const position = await positionOf(1);
    // A copy of a real row, moved to a position the log has no event at (below every position).
    await app.query(
      `INSERT INTO audit_events (position, event_id, stream_id, stream_version, type, case_id, actor_id, role, unit_ids, recorded_at, occurred_at)
       SELECT 0, gen_random_uuid(), stream_id, 9, 'CaseWithdrawn', case_id, actor_id, role, unit_ids, recorded_at, occurred_at
         FROM audit_events WHERE position = $1`,
      [position],
    );
    const result = await verify();
    expectOnlyTheReadModelFails(result);
    expect(result.readModel.failures).toEqual([
      expect.objectContaining({ kind: 'row_extra', streamId: `case-${CASE}`, version: 9, position: '0', column: null }),
    ]);
  });

  it('does not look for rows of events past the read model checkpoint: the projector has not reached them', async () => {
    const upTo = (await store.head())!.position;
    // Events the projector has not reached (no runner here).
    await appendToCase(store, OTHER, { type: 'CaseAccepted', data: {} });
    await store.appendToStream(`case-${OTHER}`, newEvents([{ type: 'CaseAssigned', data: {} }]), { expectedVersion: 'any' });
    const result = await verify();
    expect(result.ok).toBe(true);
    expect(result.readModel).toMatchObject({ ok: true, upToPosition: upTo.toString(), rows: 3, failureCount: 0 });
  });

  it('names a row planted past the checkpoint: extra (rows and checkpoint commit together, so none is being written there)', async () => {
    const upTo = (await store.head())!.position;
    // The tester's row, far past the checkpoint, beside an event the projector has not reached yet.
    await appendToCase(store, OTHER, { type: 'CaseAccepted', data: {} });
    await app.query(
      `INSERT INTO audit_events VALUES (9000000000000000000, gen_random_uuid(), 'case-fake', 4, 'AccountabilityIssued', 'fake',
         'dev-discipline', 'discipline', '{dept-cgj}', now(), now())`,
    );
    const result = await verify();
    expectOnlyTheReadModelFails(result);
    expect(result.readModel).toMatchObject({ upToPosition: upTo.toString(), rows: 4, failureCount: 1 });
    expect(result.readModel.failures).toEqual([
      expect.objectContaining({ kind: 'row_extra', streamId: 'case-fake', version: 4, position: '9000000000000000000', column: null }),
    ]);
  });

  it('quotes a planted row’s values cut short and escaped: the report, the recorded event and the CLI’s lines stay small and honest', async () => {
    const forged = `case-x\r\n\u001b[2K\u001b[1GThe read model audit matches the log.\n${'x'.repeat(4 * 1024 * 1024)}`;
    for (let i = 0; i < 12; i++) {
      await app.query(
        `INSERT INTO audit_events (position, event_id, stream_id, stream_version, type, recorded_at)
         VALUES ($1, gen_random_uuid(), $2, 1, $3, now())`,
        [-1 - i, forged, 'Case\u001b[2KFiled'],
      );
    }
    const result = await verify();
    expect(result.readModel.failureCount).toBe(12);
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
    for (const failure of result.readModel.failures) {
      expect(failure.message.length).toBeLessThan(500);
      expect(failure.streamId!.length).toBeLessThanOrEqual(QUOTED_CHARS + 20);
      expect(`${failure.message}${failure.streamId}`).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    }
    const recorded = await recordVerification(store, result, {
      actorId: 'dev-discipline',
      role: 'discipline',
      unitId: null,
      correlationId: 'c',
    });
    const [event] = await store.readEvents([{ streamId: recorded.streamId, version: recorded.version }]);
    expect(JSON.stringify(event!.data).length).toBeLessThan(20_000);
    const lines = describeVerification(result).map(escaped);
    for (const line of lines) expect(line).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(lines).not.toContain('The read model audit matches the log.');
  });

  it('gives up waiting for a read model another session holds locked: after its lock_timeout, saying so, not hanging', async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK audit_events__g1 IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const error = await verify().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuditReadModelLocked);
      expect((error as AuditReadModelLocked).retryAfterSeconds).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(READ_MODEL_LOCK_WAIT_MS - 100);
      expect(Date.now() - started).toBeLessThan(READ_MODEL_LOCK_WAIT_MS + 10_000);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    // Let go, it verifies as before.
    expect((await verify()).ok).toBe(true);
  });

  it('compares in position order whatever the positions’ lengths (9, 10, 100: not 10, 100, 9 as text sorts them)', async () => {
    // A superuser moves the log's three events to short positions, in the same order; the read model
    // rebuilt over them holds their rows, so it matches.
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `UPDATE events e SET global_position = (ARRAY[9, 10, 100])[m.n]
           FROM (SELECT global_position, row_number() OVER (ORDER BY global_position) AS n FROM events) m
          WHERE e.global_position = m.global_position`,
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await rebuildProjection(app, store, auditProjection);
    const result = await verify();
    expect(result.readModel).toMatchObject({ ok: true, upToPosition: '100', rows: 3, failureCount: 0 });
  });

  it('a rebuild of the audit read model mends it (the log holding, nothing refuses the build)', async () => {
    await app.query(`DELETE FROM audit_events WHERE position = $1`, [await positionOf(1)]);
    await app.query(`UPDATE audit_events SET role = 'discipline' WHERE position = $1`, [await positionOf(2)]);
    expect((await verify()).readModel.failureCount).toBe(2);
    await rebuildProjection(app, store, auditProjection, { integrity: { verify } });
    const result = await verify();
    expect(result.ok).toBe(true);
    expect(result.readModel).toMatchObject({ ok: true, generation: 2, rows: 3 });
  });

  /** The log holds (its failures are none), so nothing gates a rebuild; the verdict as a whole fails. */
  function expectOnlyTheReadModelFails(result: AuditVerification): void {
    expect(result).toMatchObject({ ok: false, failureCount: 0, firstFailure: null, failures: [] });
    expect(result.readModel.ok).toBe(false);
    expect(result.readModel.failureCount).toBe(result.readModel.failures.length);
    expect(result.readModel.firstFailure).toEqual(result.readModel.failures[0]);
  }
});
