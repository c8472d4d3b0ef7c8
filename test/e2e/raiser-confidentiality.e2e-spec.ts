import { randomUUID } from 'node:crypto';
import type { Json } from '../support/api-client';
import { as, type TestApi } from '../support/api-app';
import { startPersonalDataApi } from '../support/personal-data-api';
import { heldAtAppend } from '../support/stream-locks';

type Caller = Record<string, string>;

/**
 * Who raised a finding, kept as a complainant is (issue 12 item 2; docs/rules.md#who-raised-a-finding):
 * read back only by intake and the discipline office, for a purpose, each read recorded in the
 * finding's access log, and erased by crypto-shredding while the finding and its reference stay.
 */
describe('who raised a finding: read with an access log, and erased', () => {
  let api: TestApi;
  const logLines: string[] = [];
  // The planted person: searched for in logs and error bodies afterwards.
  const NAME = '欧阳明远';
  const PHONE = '13912340987';
  const ENTERPRISE = '明远精密机械有限公司';
  const bodies: Array<[string, unknown]> = [];

  const raise = async (raisedBy: object): Promise<string> => {
    const response = await api.http
      .post('/api/v1/findings')
      .set(as.intake)
      .send({
        source: { kind: 'inspection' },
        unitId: 'dept-market',
        category: 'cumbersome_approval',
        description: '明查暗访发现窗口要求企业重复提交材料',
        raisedBy,
      })
      .expect(201);
    return response.body.id as string;
  };
  const raiserOf = async (findingId: string, who: Caller, purpose: string | null = 'verification', status = 200): Promise<Json> => {
    const request = api.http.get(`/api/v1/findings/${findingId}/raiser`).set(who);
    const response = await (purpose === null ? request : request.query({ purpose }));
    bodies.push([`GET raiser as ${who.Authorization?.slice(-8)}`, response.body]);
    expect({ status: response.status, code: response.body.code }).toEqual({
      status,
      code: status === 200 ? undefined : expect.any(String),
    });
    return response.body;
  };
  const erase = async (findingId: string, who: Caller, reason: string, status: number): Promise<Json> => {
    const response = await api.http.post(`/api/v1/findings/${findingId}/raiser/erase`).set(who).send({ reason });
    bodies.push([`POST erase ${reason}`, response.body]);
    expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
    return response.body;
  };
  const rows = async (sql: string, params: unknown[] = []) => (await api.db.pool.query(sql, params)).rows;

  let member = '';
  let enterprise = '';

  beforeAll(async () => {
    api = await startPersonalDataApi(logLines);
    member = await raise({ kind: 'member', name: NAME, phone: PHONE });
    enterprise = await raise({ kind: 'enterprise', name: ENTERPRISE });
    api.clock.set('2026-11-17T10:00:00+08:00');
  });
  afterAll(async () => api.close());

  describe('reading who raised it', () => {
    let read: Json;

    beforeAll(async () => {
      read = await raiserOf(member, as.intake, 'verification');
    });

    it('intake (the campaign office) and the discipline office see the person, decrypted', async () => {
      const [{ ref }] = await rows('SELECT ref FROM ledger_people WHERE finding_id = $1', [member]);
      expect(read).toEqual({
        findingId: member,
        purpose: 'verification',
        outcome: 'disclosed',
        raisedBy: { kind: 'member', ref },
        erased: false,
        erasedAt: null,
        identity: { name: NAME, phone: PHONE },
        accessEventId: expect.any(String),
        position: expect.stringMatching(/^\d+$/),
      });
      expect((await raiserOf(member, as.discipline, 'investigation')).identity).toEqual({ name: NAME, phone: PHONE });
    });

    it('a unit — even the one the finding is against —, the dashboard and the admin get 403; an unknown finding 404; the purpose is required', async () => {
      for (const who of [as.unit('dept-market'), as.dashboard, as.admin]) {
        expect(await raiserOf(member, who, 'verification', 403)).toMatchObject({ code: 'FORBIDDEN_ROLE' });
      }
      expect(await raiserOf(randomUUID(), as.intake, 'verification', 404)).toMatchObject({ code: 'FINDING_NOT_FOUND' });
      expect(await raiserOf(member, as.intake, null, 400)).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await raiserOf(member, as.intake, 'curiosity', 400)).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('each read left an access event (who, when, which finding, why, what) that the discipline office lists in the audit log', async () => {
      const audit = (
        await api.http
          .get('/api/v1/audit/events')
          .query({ type: 'RaiserIdentityRead', after: read.position })
          .set(as.discipline)
          .expect(200)
      ).body;
      expect(audit.items[0]).toEqual({
        position: read.position,
        eventId: read.accessEventId,
        streamId: `raiser-access-${member}`,
        streamVersion: 1,
        type: 'RaiserIdentityRead',
        schemaVersion: 1,
        recordedAt: expect.any(String),
        metadata: expect.objectContaining({ actorId: 'intake-wang', role: 'intake', occurredAt: '2026-11-17T02:00:00.000Z' }),
        data: { findingId: member, purpose: 'verification', outcome: 'disclosed' },
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(
        (await rows('SELECT data FROM events WHERE stream_id = $1 ORDER BY stream_version', [`raiser-access-${member}`])).map(
          (r) => r.data,
        ),
      ).toEqual([
        { findingId: member, purpose: 'verification', outcome: 'disclosed' },
        { findingId: member, purpose: 'investigation', outcome: 'disclosed' },
      ]);
      // Refused reads disclose nothing and record nothing; only the discipline office lists the reads.
      await api.http.get('/api/v1/audit/events').query({ type: 'RaiserIdentityRead' }).set(as.intake).expect(403);
      // The reads did not move the finding: its version (If-Match) is its raise's.
      expect((await api.http.get(`/api/v1/findings/${member}`).set(as.intake).expect(200)).body.version).toBe(1);
    });

    it('an enterprise is no person: its name is the reference, no identity is stored, and the read is still recorded', async () => {
      expect(await raiserOf(enterprise, as.intake, 'supervision')).toMatchObject({
        outcome: 'organisation',
        raisedBy: { kind: 'enterprise', ref: ENTERPRISE },
        identity: null,
        erased: false,
      });
      expect(await rows('SELECT data FROM events WHERE stream_id = $1', [`raiser-access-${enterprise}`])).toEqual([
        { data: { findingId: enterprise, purpose: 'supervision', outcome: 'organisation' } },
      ]);
    });
  });

  describe('erasure by crypto-shredding', () => {
    it('the admin only; "retention ended" waits until the finding is over; a lawful request erases at once', async () => {
      for (const who of [as.intake, as.discipline, as.unit('dept-market'), as.dashboard]) {
        expect(await erase(member, who, 'lawful_request', 403)).toMatchObject({ code: 'FORBIDDEN_ROLE' });
      }
      expect(await erase(member, as.admin, 'retention_ended', 422)).toMatchObject({ code: 'RETENTION_NOT_ENDED', findingStatus: 'open' });
      expect(await erase(randomUUID(), as.admin, 'lawful_request', 404)).toMatchObject({ code: 'FINDING_NOT_FOUND' });
      expect(await erase(enterprise, as.admin, 'lawful_request', 422)).toMatchObject({ code: 'RAISER_NOT_A_PERSON' });
    });

    it('deletes the data key and records the erasure; the finding still reads with its reference; the person reads "erased"', async () => {
      const [{ ref }] = await rows('SELECT ref FROM ledger_people WHERE finding_id = $1', [member]);
      api.clock.set('2026-11-18T09:00:00+08:00');
      expect(await erase(member, as.admin, 'lawful_request', 200)).toEqual({ id: member, version: 2, position: expect.any(String) });

      // The key is gone; the sealed person stays, unreadable.
      expect(await rows('SELECT ref FROM ledger_person_keys WHERE ref = $1', [ref])).toEqual([]);
      expect(await rows('SELECT ref FROM ledger_people WHERE ref = $1', [ref])).toEqual([{ ref }]);
      expect(
        await rows('SELECT type, data, metadata->>$2 AS actor FROM events WHERE stream_id = $1 AND stream_version = 2', [
          `finding-${member}`,
          'actorId',
        ]),
      ).toEqual([
        { type: 'RaiserIdentityErased', data: { reason: 'lawful_request', erasedAt: '2026-11-18T01:00:00.000Z' }, actor: 'admin-zhao' },
      ]);

      // The finding is as it was, its reference included.
      const finding = (await api.http.get(`/api/v1/findings/${member}`).set(as.discipline).expect(200)).body;
      expect(finding).toMatchObject({ status: 'open', raisedBy: { kind: 'member', ref } });
      // Read again: 200, "erased", no identity — and the read is recorded.
      expect(await raiserOf(member, as.discipline, 'accountability')).toMatchObject({
        outcome: 'erased',
        raisedBy: { kind: 'member', ref },
        erased: true,
        erasedAt: '2026-11-18T01:00:00.000Z',
        identity: null,
      });
      expect(
        await rows('SELECT data FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1', [`raiser-access-${member}`]),
      ).toEqual([{ data: { findingId: member, purpose: 'accountability', outcome: 'erased' } }]);
      // Once only.
      expect(await erase(member, as.admin, 'lawful_request', 422)).toMatchObject({
        code: 'RAISER_ALREADY_ERASED',
        erasedAt: '2026-11-18T01:00:00.000Z',
      });
      // The finding goes on: it can still be withdrawn.
      await api.http.post(`/api/v1/findings/${member}/withdraw`).set(as.intake).send({ reason: '与另一条重复' }).expect(200);
    });

    it('a read that opened the person before an erasure committed answers "erased" and is recorded after it: nothing disclosed past the erasure', async () => {
      const other = await raise({ kind: 'citizen', name: NAME, phone: PHONE });
      const accessStream = `raiser-access-${other}`;
      // The read decides on the finding and opens the person, then waits at its access event's append while the erasure commits.
      const answer = await heldAtAppend(
        api.db.pool,
        accessStream,
        () => api.http.get(`/api/v1/findings/${other}/raiser`).query({ purpose: 'verification' }).set(as.discipline),
        () => erase(other, as.admin, 'lawful_request', 200),
      );
      expect(answer).toMatchObject({ status: 200, body: { outcome: 'erased', erased: true, identity: null } });
      const log = await rows(`SELECT type, data->>'outcome' AS outcome FROM events WHERE stream_id = ANY($1) ORDER BY global_position`, [
        [`finding-${other}`, accessStream],
      ]);
      expect(log.slice(-2)).toEqual([
        { type: 'RaiserIdentityErased', outcome: null },
        { type: 'RaiserIdentityRead', outcome: 'erased' },
      ]);
    });

    it('"retention ended" is accepted once the finding is withdrawn', async () => {
      const other = await raise({ kind: 'citizen', name: NAME, phone: PHONE });
      await api.http.post(`/api/v1/findings/${other}/withdraw`).set(as.intake).send({ reason: '误登' }).expect(200);
      await erase(other, as.admin, 'retention_ended', 200);
      expect(
        await rows('SELECT k.ref FROM ledger_person_keys k JOIN ledger_people p USING (ref) WHERE p.finding_id = $1', [other]),
      ).toEqual([]);
    });
  });

  it('the person is in no log line (trace level) and no error body', () => {
    const logs = logLines.join('\n');
    expect(logs).toContain(`/api/v1/findings/${member}/raiser`); // the reads were logged, not what they answered
    expect([NAME, PHONE].filter((p) => logs.includes(p))).toEqual([]);
    const errors = bodies.filter(([, body]) => (body as Json)?.code !== undefined);
    expect(errors.length).toBeGreaterThan(10);
    for (const [where, body] of errors)
      expect({ where, leaks: [NAME, PHONE].filter((p) => JSON.stringify(body).includes(p)) }).toEqual({ where, leaks: [] });
  });
});
