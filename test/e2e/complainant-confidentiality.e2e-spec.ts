import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { caseDecider, caseStreamId, replay, type CaseEvent } from '@app/domain';
import { CommandBus } from '@nestjs/cqrs';
import { canonicalJson, WrongExpectedVersion } from '@app/event-store';
import { CaseCommandMessage } from '../../apps/api/src/cases/case-command.handler';
import { ApiClient, type Json } from '../support/api-client';
import { as, type TestApi } from '../support/api-app';
import { startPersonalDataApi } from '../support/personal-data-api';
import { waitUntil } from '../support/wait';
import { heldAtAppend, STREAM_APPEND_LOCK } from '../support/stream-locks';

/**
 * Complainant confidentiality (issue 9 part 3; docs/rules.md#complainant-confidentiality): the
 * identity is encrypted, written with the filing or not at all, read back only through the
 * complainant endpoint — each read recorded for the discipline office — erased by crypto-shredding,
 * and the complainant follows the case with a query code.
 */
describe('complainant confidentiality', () => {
  let api: TestApi;
  let client: ApiClient;
  const logLines: string[] = [];
  // The planted identity: searched for everywhere afterwards.
  const NAME = '司马青岚';
  const PHONE = '13698765432';
  const ID_NUMBER = '110105199003071239';
  const ENTERPRISE = '青岚精密机械有限公司';
  const PLANTED = [NAME, PHONE, ID_NUMBER, ENTERPRISE];
  const identity = { anonymous: false, name: NAME, phone: PHONE, idNumber: ID_NUMBER, enterprise: ENTERPRISE };
  const complaint = (overrides: object = {}) => ({
    channel: 'hotline',
    category: 'cumbersome_approval',
    urgency: 'normal',
    title: '设备进口许可反复补材料',
    description: '企业三次提交材料均被要求补充。',
    complainedUnitId: 'dept-market',
    receivedAt: '2026-11-16T08:30:00+08:00',
    complainant: identity,
    ...overrides,
  });
  const fileCase = async (overrides: object = {}) => {
    const filed = await api.http.post('/api/v1/cases').set(as.intake).send(complaint(overrides)).expect(201);
    client.position = filed.body.position;
    return filed.body as { id: string; queryCode: string; position: string };
  };
  const complainantOf = (caseId: string, who: Record<string, string>, purpose = 'return_visit') =>
    api.http.get(`/api/v1/cases/${caseId}/complainant`).query({ purpose }).set(who);
  const caseStatus = (queryCode: unknown) => api.http.post('/api/v1/case-status').send({ queryCode });
  const rows = async (sql: string, params: unknown[] = []) => (await api.db.pool.query(sql, params)).rows;

  let caseId = '';
  let queryCode = '';

  beforeAll(async () => {
    api = await startPersonalDataApi(logLines);
    client = new ApiClient(api);
    ({ id: caseId, queryCode } = await fileCase());
    await client.accept(caseId);
    await client.notifyUnit(caseId, 'dept-market', 'lead', '张局长');
    api.clock.set('2026-11-17T10:00:00+08:00');
    await client.send(`/api/v1/cases/${caseId}/acknowledge`, as.unit('dept-market'));
    await client.send(`/api/v1/cases/${caseId}/report-handling`, as.unit('dept-market'), {
      factsFound: '窗口未一次性告知所需材料，属实',
      factsEstablished: true,
      result: '已为企业办结许可，并建立一次性告知清单',
    });
  });
  afterAll(async () => api.close());

  describe('the identity row is written with the filing or not at all', () => {
    const counts = async () =>
      (
        await rows(`SELECT (SELECT count(*) FROM complainant_identities)::int AS identities,
                           (SELECT count(*) FROM complainant_data_keys)::int AS keys,
                           (SELECT count(*) FROM case_query_codes)::int AS codes,
                           (SELECT count(*) FROM events)::int AS events`)
      )[0];

    it('a filing refused by a rule (422) or by a unit look-up leaves no row', async () => {
      const before = await counts();
      await api.http
        .post('/api/v1/cases')
        .set(as.intake)
        .send(complaint({ category: 'weather' }))
        .expect(422);
      await api.http
        .post('/api/v1/cases')
        .set(as.intake)
        .send(complaint({ receivedAt: '2027-01-01T00:00:00+08:00' }))
        .expect(422);
      await api.http
        .post('/api/v1/cases')
        .set(as.intake)
        .send(complaint({ complainedUnitId: 'dept-nowhere' }))
        .expect(422);
      expect(await counts()).toEqual(before);
    });

    it('two attempts of one filing racing past the idempotency record write one identity, the winner’s', async () => {
      // The same Idempotency-Key names the same case and event ids: sent on the CommandBus (no
      // interceptor to stop the second), both decide on an empty stream; one appends with its rows,
      // the other finds the events at the append and writes nothing.
      const before = await counts();
      const sender = {
        caller: { actorId: 'intake-wang', role: 'intake' as const, unitId: null, correlationId: 'race' },
        conditions: { idempotencyKey: randomUUID() },
      };
      const { complainant, ...rest } = complaint() as ReturnType<typeof complaint> & { complainant: typeof identity };
      const attempt = () =>
        api.app.get(CommandBus).execute(new CaseCommandMessage(null, { type: 'FileComplaint', ...rest, complainant } as never, sender));
      const results = await Promise.allSettled([attempt(), attempt()]);
      const answers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(answers.filter((a) => typeof a.queryCode === 'string')).toHaveLength(1);
      expect(refused.every((e) => e instanceof WrongExpectedVersion)).toBe(true);
      expect(await counts()).toEqual({
        identities: before.identities + 1,
        keys: before.keys + 1,
        codes: before.codes + 1,
        events: before.events + 1,
      });
      const [{ data }] = await rows(`SELECT data FROM events WHERE stream_id = $1`, [caseStreamId(answers[0].id)]);
      expect(await rows('SELECT ref FROM complainant_identities WHERE case_id = $1', [answers[0].id])).toEqual([
        { ref: data.complainant.ref },
      ]);
    });

    it('a failure after the append, inside the transaction, takes the event back too (no orphan either way)', async () => {
      const before = await counts();
      // A fault planted in the database: the query code's row cannot be written.
      await api.db.pool.query(`
        CREATE FUNCTION planted_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'planted fault'; END; $$;
        CREATE TRIGGER planted_fault BEFORE INSERT ON case_query_codes FOR EACH ROW EXECUTE FUNCTION planted_fault();`);
      try {
        await api.http.post('/api/v1/cases').set(as.intake).send(complaint()).expect(500);
      } finally {
        await api.db.pool.query('DROP TRIGGER planted_fault ON case_query_codes; DROP FUNCTION planted_fault();');
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('must show: the planted name, phone and ID number', () => {
    let read: Json;
    const bodies: Array<[string, unknown]> = [];

    beforeAll(async () => {
      // Everything a unit and a dashboard user can ask about the case, once the read models have it.
      const unit = as.unit('dept-market');
      const c = `/api/v1/cases/${caseId}`;
      const readModels = ['/api/v1/cases', '/api/v1/overdue', '/api/v1/rectifications', '/api/v1/accountability', '/api/v1/dashboard'];
      const get = async (path: string, who: Record<string, string>, query: object = {}) => {
        // Read models answer once they have the last command (`after`); the case itself is read from its stream.
        const after =
          readModels.some((m) => path === m || path.startsWith(`${m}/`)) && !path.startsWith(c) ? { after: client.position } : {};
        const period = path.startsWith('/api/v1/dashboard')
          ? { from: '2026-11-01', to: '2026-11-30' }
          : path === '/api/v1/accountability/summary'
            ? { year: 2026 }
            : {};
        const response = await api.http
          .get(path)
          .query({ ...after, ...period, ...query })
          .set(who);
        bodies.push([`${who === as.dashboard ? 'dashboard' : 'unit'} GET ${path}`, { status: response.status, body: response.body }]);
        return response;
      };
      for (const path of [c, `${c}/history`, '/api/v1/cases', '/api/v1/overdue', '/api/v1/rectifications', '/api/v1/dashboard/summary']) {
        expect({ path, status: (await get(path, unit)).status }).toEqual({ path, status: 200 });
      }
      for (const path of ['/api/v1/overdue', '/api/v1/rectifications', '/api/v1/accountability/summary', '/api/v1/dashboard/summary']) {
        expect({ path, status: (await get(path, as.dashboard)).status }).toEqual({ path, status: 200 });
      }
      expect((await get('/api/v1/dashboard/trend', as.dashboard, { interval: 'day' })).status).toBe(200);
      expect((await get('/api/v1/appraisals/2026', as.dashboard)).status).toBe(200);
      for (const who of [unit, as.dashboard, as.admin]) {
        expect((await get(`${c}/complainant`, who, { purpose: 'return_visit' })).status).toBe(403);
      }
      read = (await complainantOf(caseId, as.intake).expect(200)).body;
      await new Promise((resolve) => setImmediate(resolve));
    });

    it('are found decrypted by the complainant endpoint, for intake and the discipline office', async () => {
      expect(read).toEqual({
        caseId,
        purpose: 'return_visit',
        outcome: 'disclosed',
        anonymous: false,
        erased: false,
        erasedAt: null,
        identity: { name: NAME, phone: PHONE, idNumber: ID_NUMBER, enterprise: ENTERPRISE },
        accessEventId: expect.any(String),
        position: expect.stringMatching(/^\d+$/),
      });
      const byDiscipline = (await complainantOf(caseId, as.discipline, 'investigation').expect(200)).body;
      expect(byDiscipline.identity.idNumber).toBe(ID_NUMBER);
    });

    it('an identity card typed with a lower-case x is kept with the X its card prints', async () => {
      const typed = { ...identity, idNumber: '11010519900307101x' };
      const filed = await fileCase({ complainant: typed });
      const kept = (await complainantOf(filed.id, as.discipline, 'investigation').expect(200)).body;
      expect(kept.identity).toEqual({ name: NAME, phone: PHONE, idNumber: '11010519900307101X', enterprise: ENTERPRISE });
    });

    it('the read left an access-audit event (who, when, which case, why) that the discipline office lists', async () => {
      const audit = (
        await api.http
          .get('/api/v1/audit/events')
          .query({ type: 'ComplainantIdentityRead', caseId, after: read.position })
          .set(as.discipline)
          .expect(200)
      ).body;
      expect(audit.items[0]).toEqual({
        position: read.position,
        eventId: read.accessEventId,
        streamId: `complainant-access-${caseId}`,
        streamVersion: 1,
        type: 'ComplainantIdentityRead',
        schemaVersion: 1,
        recordedAt: expect.any(String),
        metadata: expect.objectContaining({ actorId: 'intake-wang', role: 'intake', occurredAt: '2026-11-17T02:00:00.000Z' }),
        data: { caseId, purpose: 'return_visit', outcome: 'disclosed' },
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      // Only the discipline office lists them.
      await api.http.get('/api/v1/audit/events').query({ type: 'ComplainantIdentityRead' }).set(as.intake).expect(403);
      // The read did not move the case: its version (If-Match) is what it was.
      const history = (await api.http.get(`/api/v1/cases/${caseId}/history`).set(as.intake).expect(200)).body;
      expect(history.events.map((e: Json) => e.type)).not.toContain('ComplainantIdentityRead');
    });

    it('are nowhere in the database: every table of every schema, events included, dumped as text', async () => {
      const dump = await dumpDatabase(api.db.pool);
      expect(dump.tables).toEqual(
        expect.arrayContaining(['public.events', 'public.complainant_identities', 'public.complainant_data_keys']),
      );
      expect(dump.text).toContain('设备进口许可反复补材料'); // the dump holds the case itself
      expect(dump.text).toContain(caseId);
      const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
      expect({
        plaintext: PLANTED.filter((p) => dump.text.includes(p)),
        inBytea: PLANTED.filter((p) => dump.text.includes(hex(p))),
      }).toEqual({
        plaintext: [],
        inBytea: [],
      });
    });

    it('are in no log line (trace level)', () => {
      const logs = logLines.join('\n');
      expect(logLines.length).toBeGreaterThan(20);
      expect(logs).toContain(`/api/v1/cases/${caseId}/complainant`); // the reads were logged, not what they answered
      expect(PLANTED.filter((p) => logs.includes(p))).toEqual([]);
    });

    it('are in no response to a unit or a dashboard user', () => {
      expect(bodies.length).toBeGreaterThan(10);
      for (const [where, body] of bodies) {
        expect({ where, leaks: PLANTED.filter((p) => JSON.stringify(body).includes(p)) }).toEqual({ where, leaks: [] });
      }
    });
  });

  describe('the complainant endpoint', () => {
    it('is for intake and the discipline office only; a case that does not exist is 404; the purpose is required', async () => {
      for (const who of [as.unit('dept-market'), as.dashboard, as.admin]) await complainantOf(caseId, who).expect(403);
      await complainantOf(randomUUID(), as.intake).expect(404);
      await api.http.get(`/api/v1/cases/${caseId}/complainant`).set(as.intake).expect(400);
      await complainantOf(caseId, as.intake, 'curiosity').expect(400);
    });

    it('answers an anonymous complaint with no identity, and still records the read', async () => {
      const { id } = await fileCase({ complainant: { anonymous: true } });
      const answer = (await complainantOf(id, as.intake, 'verification').expect(200)).body;
      expect(answer).toMatchObject({ anonymous: true, outcome: 'anonymous', identity: null, erased: false });
      expect(await rows('SELECT data FROM events WHERE stream_id = $1', [`complainant-access-${id}`])).toEqual([
        { data: { caseId: id, purpose: 'verification', outcome: 'anonymous' } },
      ]);
    });
  });

  describe('erasure by crypto-shredding', () => {
    it('deletes the data key and records the erasure; the case still replays, identity reads "erased", the history is intact', async () => {
      const { id } = await fileCase();
      const [{ ref }] = await rows('SELECT ref FROM complainant_identities WHERE case_id = $1', [id]);
      const historyBefore = (await api.http.get(`/api/v1/cases/${id}/history`).set(as.discipline).expect(200)).body.events;
      for (const who of [as.intake, as.discipline, as.unit('dept-market')])
        await api.http.post(`/api/v1/cases/${id}/complainant/erase`).set(who).send({ reason: 'lawful_request' }).expect(403);
      const early = await api.http.post(`/api/v1/cases/${id}/complainant/erase`).set(as.admin).send({ reason: 'retention_ended' });
      expect(early.body).toMatchObject({ status: 422, code: 'RETENTION_NOT_ENDED', caseStatus: 'filed' });

      api.clock.set('2026-11-18T09:00:00+08:00');
      const erased = await api.http
        .post(`/api/v1/cases/${id}/complainant/erase`)
        .set(as.admin)
        .send({ reason: 'lawful_request' })
        .expect(200);
      expect(erased.body).toEqual({ id, version: 2, position: expect.any(String) });

      // The key is gone; the sealed identity stays, unreadable.
      expect(await rows('SELECT ref FROM complainant_data_keys WHERE ref = $1', [ref])).toEqual([]);
      expect(await rows('SELECT ref FROM complainant_identities WHERE ref = $1', [ref])).toEqual([{ ref }]);
      // The history is intact, with the erasure at its end, and replays.
      const events = (await api.http.get(`/api/v1/cases/${id}/history`).set(as.discipline).expect(200)).body.events;
      expect(events.slice(0, historyBefore.length)).toEqual(historyBefore);
      expect(events[events.length - 1]).toMatchObject({
        type: 'ComplainantIdentityErased',
        data: { reason: 'lawful_request', erasedAt: '2026-11-18T01:00:00.000Z' },
        metadata: { actorId: 'admin-zhao', role: 'admin' },
      });
      const state = replay(
        caseDecider,
        events.map((e: Json) => ({ type: e.type, data: e.data }) as CaseEvent),
      );
      expect(state).toMatchObject({ status: 'filed', complainantErasedAt: '2026-11-18T01:00:00.000Z' });
      await api.http.get(`/api/v1/cases/${id}`).set(as.intake).expect(200);
      // Identity reads "erased", and the read is still recorded.
      const answer = (await complainantOf(id, as.discipline, 'investigation').expect(200)).body;
      expect(answer).toMatchObject({ outcome: 'erased', erased: true, erasedAt: '2026-11-18T01:00:00.000Z', identity: null });
      // Once only; an anonymous complaint has nothing to erase.
      const again = await api.http
        .post(`/api/v1/cases/${id}/complainant/erase`)
        .set(as.admin)
        .send({ reason: 'lawful_request' })
        .expect(422);
      expect(again.body.code).toBe('COMPLAINANT_ALREADY_ERASED');
      const { id: anonymous } = await fileCase({ complainant: { anonymous: true } });
      const refused = await api.http.post(`/api/v1/cases/${anonymous}/complainant/erase`).set(as.admin).send({ reason: 'lawful_request' });
      expect(refused.body.code).toBe('COMPLAINANT_ANONYMOUS');
      await api.http.post(`/api/v1/cases/${randomUUID()}/complainant/erase`).set(as.admin).send({ reason: 'lawful_request' }).expect(404);
      expect(await rows(`SELECT 1 FROM events WHERE stream_id = $1`, [caseStreamId(id)])).toHaveLength(2);
      // Nothing of the log was changed to erase: it still verifies, the erased case's chain included.
      const verified = (await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200)).body;
      expect(verified).toMatchObject({ ok: true, failureCount: 0, firstFailure: null });
      expect(verified.events).toBeGreaterThanOrEqual(2);
    });

    it('a read that opened the identity before an erasure committed answers "erased" and is recorded after it: nothing disclosed past the erasure', async () => {
      const { id } = await fileCase();
      const accessStream = `complainant-access-${id}`;
      // The read decides on the case and opens the identity, then waits at its access event's append while the erasure commits.
      const answer = await heldAtAppend(
        api.db.pool,
        accessStream,
        () => complainantOf(id, as.discipline, 'investigation'),
        () => api.http.post(`/api/v1/cases/${id}/complainant/erase`).set(as.admin).send({ reason: 'lawful_request' }).expect(200),
      );
      expect(answer).toMatchObject({ status: 200, body: { outcome: 'erased', erased: true, identity: null } });
      const log = await rows(`SELECT type, data->>'outcome' AS outcome FROM events WHERE stream_id = ANY($1) ORDER BY global_position`, [
        [caseStreamId(id), accessStream],
      ]);
      expect(log.slice(-2)).toEqual([
        { type: 'ComplainantIdentityErased', outcome: null },
        { type: 'ComplainantIdentityRead', outcome: 'erased' },
      ]);
    });

    it('a unit on the case sees that the identity was erased, and when, not why (a lawful request is the complainant’s own)', async () => {
      const { id } = await fileCase();
      await client.accept(id);
      await client.notifyUnit(id, 'dept-market', 'lead', '张局长');
      await api.http.post(`/api/v1/cases/${id}/complainant/erase`).set(as.admin).send({ reason: 'lawful_request' }).expect(200);
      const seenBy = async (who: Record<string, string>) =>
        ((await api.http.get(`/api/v1/cases/${id}/history`).set(who).expect(200)).body.events as Json[]).at(-1);
      expect(await seenBy(as.unit('dept-market'))).toMatchObject({ type: 'ComplainantIdentityErased', data: { reason: null } });
      expect(await seenBy(as.discipline)).toMatchObject({ type: 'ComplainantIdentityErased', data: { reason: 'lawful_request' } });
    });

    it('an Idempotency-Key record keeps no hash of the filing a phone number could be checked against, and an erasure forgets it', async () => {
      const key = randomUUID();
      const body = complaint();
      const filed = await api.http.post('/api/v1/cases').set(as.intake).set('Idempotency-Key', key).send(body).expect(201);
      const [record] = await rows('SELECT request_hash FROM idempotency_keys WHERE idempotency_key = $1', [key]);
      // The fingerprint is keyed (a master key's id, then an HMAC): the request's plain SHA-256 is not
      // there, of its body as sent or in the canonical form the fingerprint reads.
      expect(record.request_hash).toMatch(/^[A-Za-z0-9._-]+:[0-9a-f]{64}$/);
      for (const text of [JSON.stringify(body), canonicalJson(body)]) {
        const plain = createHash('sha256').update(`POST /api/v1/cases\n${text}`).digest('hex');
        expect(record.request_hash).not.toContain(plain);
      }
      // It still tells a retry from another request under the same key.
      await api.http.post('/api/v1/cases').set(as.intake).set('Idempotency-Key', key).send(body).expect(201);
      const other = complaint({ complainant: { ...identity, phone: '13698765433' } });
      expect((await api.http.post('/api/v1/cases').set(as.intake).set('Idempotency-Key', key).send(other).expect(422)).body.code).toBe(
        'IDEMPOTENCY_KEY_REUSED',
      );

      await client.send(`/api/v1/cases/${filed.body.id}/reject`, as.intake, { reason: '已进入行政复议程序' });
      await api.http.post(`/api/v1/cases/${filed.body.id}/complainant/erase`).set(as.admin).send({ reason: 'retention_ended' }).expect(200);
      expect(await rows(`SELECT 1 FROM idempotency_keys WHERE response_body->>'id' = $1`, [filed.body.id])).toEqual([]);
    });

    it('after a retention period: on a rejected case', async () => {
      const { id } = await fileCase();
      await client.send(`/api/v1/cases/${id}/reject`, as.intake, { reason: '已进入行政复议程序' });
      await api.http.post(`/api/v1/cases/${id}/complainant/erase`).set(as.admin).send({ reason: 'retention_ended' }).expect(200);
      expect((await complainantOf(id, as.intake).expect(200)).body).toMatchObject({ erased: true, identity: null });
    });
  });

  describe('the query code (查询码)', () => {
    it('is answered once at filing and kept only as a hash', async () => {
      expect(queryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      const dump = await dumpDatabase(api.db.pool);
      expect(dump.text).not.toContain(queryCode);
      expect(dump.text).not.toContain(queryCode.replace(/-/g, ''));
      // A filing with an Idempotency-Key: the stored response keeps no code, so a replay answers null.
      const key = randomUUID();
      const first = await api.http.post('/api/v1/cases').set(as.intake).set('Idempotency-Key', key).send(complaint()).expect(201);
      const replayed = await api.http.post('/api/v1/cases').set(as.intake).set('Idempotency-Key', key).send(complaint()).expect(201);
      expect(first.body.queryCode).toEqual(expect.any(String));
      expect(replayed.body).toEqual({ ...first.body, queryCode: null });
      expect(JSON.stringify(await rows('SELECT response_body FROM idempotency_keys'))).not.toContain(first.body.queryCode);
    });

    it('shows anyone holding it, without signing in, the status and the answer, and nothing internal', async () => {
      const status = (await caseStatus(queryCode).expect(200)).body;
      expect(status).toEqual({
        status: 'in_progress',
        receivedAt: '2026-11-16T08:30:00+08:00',
        acceptedAt: '2026-11-16T01:00:00.000Z',
        concludedAt: null,
        answer: null,
      });
      // Typed loosely: lower case, spaces instead of hyphens.
      await caseStatus(queryCode.toLowerCase().replace(/-/g, ' ')).expect(200);
      // Closed: the answer is the lead unit's result; still no unit, official, title or note.
      await client.send(`/api/v1/cases/${caseId}/plan-rectification`, as.unit('dept-market'), {
        measures: [],
        noRectificationReason: '已当场整改',
      });
      await client.send(`/api/v1/cases/${caseId}/record-return-visit`, as.intake, { satisfaction: 'satisfied' });
      await client.send(`/api/v1/cases/${caseId}/close`, as.intake, { accountabilityNotRequiredReason: '无人员过错' });
      const closed = (await caseStatus(queryCode).expect(200)).body;
      expect(closed).toMatchObject({ status: 'closed', answer: '已为企业办结许可，并建立一次性告知清单' });
      const shown = JSON.stringify(closed);
      for (const internal of ['dept-market', '张局长', '设备进口许可', '窗口未一次性告知', '已当场整改', '无人员过错', caseId, ...PLANTED])
        expect(shown).not.toContain(internal);
    });

    it('a wrong code is 404, whatever is wrong with it; no code (none, or blank text) is 400 naming queryCode', async () => {
      const wrong = queryCode.slice(0, -1) + (queryCode.endsWith('0') ? '1' : '0');
      for (const code of [wrong, 'K7QM-2XRT-9FHD-3WPA', 'not a code']) {
        const answer = await caseStatus(code).expect(404);
        expect(answer.body.code).toBe('QUERY_CODE_NOT_FOUND');
      }
      // Blank is no code given, as every required text of the API says (NotBlank): not a code looked up and not found.
      for (const code of [undefined, '', '   ', '\u3000', '\u200b']) {
        const answer = await caseStatus(code).expect(400);
        expect([code, answer.body.code, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([
          code,
          'VALIDATION_FAILED',
          ['queryCode'],
        ]);
      }
      await caseStatus('x'.repeat(65)).expect(400);
    });

    it('intake can issue a new one, which replaces the old, and the reissue is recorded', async () => {
      const { id, queryCode: old } = await fileCase();
      await api.http.post(`/api/v1/cases/${id}/query-code`).set(as.unit('dept-market')).send({}).expect(403);
      await api.http.post(`/api/v1/cases/${randomUUID()}/query-code`).set(as.intake).send({}).expect(404);
      const reissued = (await api.http.post(`/api/v1/cases/${id}/query-code`).set(as.intake).send({}).expect(201)).body;
      expect(reissued).toEqual({ caseId: id, queryCode: expect.any(String) });
      await caseStatus(old).expect(404);
      await caseStatus(reissued.queryCode).expect(200);
      expect(await rows('SELECT type, data FROM events WHERE stream_id = $1', [`complainant-access-${id}`])).toEqual([
        { type: 'QueryCodeReissued', data: { caseId: id } },
      ]);
    });

    it('If-Match names the case’s version, as on every command of a case: a case moved on since is 412, no code issued', async () => {
      const { id, queryCode: old } = await fileCase();
      const { headers } = await api.http.get(`/api/v1/cases/${id}`).set(as.intake).expect(200);
      const reissue = (ifMatch: string) =>
        api.http
          .post(`/api/v1/cases/${id}/query-code`)
          .set({ ...as.intake, 'If-Match': ifMatch })
          .send({});
      const stale = await reissue('"7"');
      expect([stale.status, stale.body.code]).toEqual([412, 'VERSION_MISMATCH']);
      await caseStatus(old).expect(200);
      expect(await rows('SELECT type FROM events WHERE stream_id = $1', [`complainant-access-${id}`])).toEqual([]);
      const current = await reissue(headers.etag as string).expect(201);
      await caseStatus(current.body.queryCode).expect(200);
    });

    describe('reissues racing each other (a double click): every code answered 201 works until a later reissue replaces it', () => {
      type Answer = { status: number; body: Record<string, unknown>; correlationId: string };
      const reissue = (id: string, headers: Record<string, string> = {}): Promise<Answer> => {
        const correlationId = `reissue-${randomUUID()}`;
        return api.http
          .post(`/api/v1/cases/${id}/query-code`)
          .set(as.intake)
          .set({ 'X-Correlation-Id': correlationId, ...headers })
          .send({})
          .then((r) => ({ status: r.status, body: r.body as Record<string, unknown>, correlationId }));
      };
      /** The access log's events, in their order, each with the request that appended it. */
      const accessLog = async (id: string) =>
        (await rows(`SELECT type, metadata->>'correlationId' AS "correlationId" FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
          `complainant-access-${id}`,
        ])) as Array<{ type: string; correlationId: string }>;
      const works = async (code: unknown) => (await caseStatus(code)).status === 200;
      /** Sessions waiting for `streamId`'s append lock: appends queued behind the one holding it. */
      const appendsWaiting = async (streamId: string) =>
        (
          await rows(
            `SELECT count(*)::int AS n FROM pg_locks
              WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND classid::bigint = $1 AND objid::bigint = (hashtext($2)::bigint + 4294967296) % 4294967296`,
            [STREAM_APPEND_LOCK, streamId],
          )
        )[0].n as number;
      /**
       * Runs `send` while the test holds `streamId`'s append lock, so every request reads the access
       * log as it stands and waits at its append; the lock goes once `waiting` of them wait there.
       */
      const withAppendsHeld = async <T>(streamId: string, send: () => Promise<T>, waiting: number): Promise<T> => {
        const lock = await api.db.pool.connect();
        let sent: Promise<T> | undefined;
        try {
          await lock.query('BEGIN');
          await lock.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STREAM_APPEND_LOCK, streamId]);
          sent = send();
          await waitUntil(async () => (await appendsWaiting(streamId)) >= waiting, {
            timeoutMs: 30_000,
            failure: `${waiting} appends never waited at the lock`,
          });
        } finally {
          await lock.query('ROLLBACK');
          lock.release();
        }
        return sent;
      };

      it('of reissues decided on the same access log, one is answered 201 with a code that works; the others 409, nothing written', async () => {
        const { id, queryCode: old } = await fileCase();
        const stream = `complainant-access-${id}`;
        const answers = await withAppendsHeld(stream, () => Promise.all(Array.from({ length: 5 }, () => reissue(id))), 5);
        const issued = answers.filter((a) => a.status === 201);
        const refused = answers.filter((a) => a.status !== 201);
        expect(issued).toHaveLength(1);
        expect(await works(issued[0].body.queryCode)).toBe(true);
        expect(await works(old)).toBe(false);
        for (const answer of refused) {
          expect(answer.status).toBe(409);
          expect(answer.body).toMatchObject({ status: 409, code: 'CONCURRENT_MODIFICATION' });
          expect(answer.body).not.toHaveProperty('queryCode');
        }
        expect(await accessLog(id)).toEqual([{ type: 'QueryCodeReissued', correlationId: issued[0].correlationId }]);
      });

      it('fired at once, unheld: each 201 has its event, and only the code of the last one committed works', async () => {
        const { id } = await fileCase();
        let answered = 0;
        for (let round = 0; round < 3; round++) {
          const answers = await Promise.all(Array.from({ length: 6 }, () => reissue(id)));
          for (const answer of answers.filter((a) => a.status !== 201))
            expect([answer.status, answer.body.code]).toEqual([409, 'CONCURRENT_MODIFICATION']);
          const issued = answers.filter((a) => a.status === 201);
          expect(issued.length).toBeGreaterThanOrEqual(1);
          const log = await accessLog(id);
          const reissues = log.filter((e) => e.type === 'QueryCodeReissued');
          answered += issued.length;
          expect(reissues).toHaveLength(answered);
          // Each 201 is one event of its own request's, and no refused request left one.
          expect(
            reissues
              .slice(-issued.length)
              .map((e) => e.correlationId)
              .sort(),
          ).toEqual(issued.map((a) => a.correlationId).sort());
          expect(reissues.filter((e) => answers.some((a) => a.status !== 201 && a.correlationId === e.correlationId))).toEqual([]);
          const last = issued.find((a) => a.correlationId === reissues.at(-1)!.correlationId)!;
          for (const answer of issued)
            expect([answer.correlationId, await works(answer.body.queryCode)]).toEqual([answer.correlationId, answer === last]);
        }
      });

      it('an identity read landing between a reissue’s read and its append does not refuse it: it is appended after the read', async () => {
        const { id, queryCode: old } = await fileCase();
        // The read first in the lock's queue, the reissue second: it read the access log before the read's append.
        const [read, answer] = await queuedAtTheAppend(`complainant-access-${id}`, [
          () => complainantOf(id, as.discipline, 'verification').then((r) => ({ status: r.status })),
          () => reissue(id),
        ]);
        expect(read.status).toBe(200);
        expect((answer as Answer).status).toBe(201);
        expect(await works((answer as Answer).body.queryCode)).toBe(true);
        expect(await works(old)).toBe(false);
        expect((await accessLog(id)).map((e) => e.type)).toEqual(['ComplainantIdentityRead', 'QueryCodeReissued']);
      });

      it('an Idempotency-Key retry answers as the first attempt did: its 201 again, code null; after its 409, a new code', async () => {
        const { id } = await fileCase();
        const stream = `complainant-access-${id}`;
        const retry = (key: string) => api.http.post(`/api/v1/cases/${id}/query-code`).set(as.intake).set('Idempotency-Key', key).send({});

        const winnerKey = randomUUID();
        const [won] = await queuedAtTheAppend(stream, [() => reissue(id, { 'Idempotency-Key': winnerKey }), () => reissue(id)]);
        expect(won.status).toBe(201);
        const replayed = await retry(winnerKey);
        expect([replayed.status, replayed.headers['idempotent-replayed']]).toEqual([201, 'true']);
        expect(replayed.body).toEqual({ ...won.body, queryCode: null });
        expect(await works(won.body.queryCode)).toBe(true);

        const loserKey = randomUUID();
        const [, lost] = await queuedAtTheAppend(stream, [() => reissue(id), () => reissue(id, { 'Idempotency-Key': loserKey })]);
        expect([lost.status, lost.body.code]).toEqual([409, 'CONCURRENT_MODIFICATION']);
        // A refusal gives the key back: the retry runs again, and its code is the one in force.
        const again = await retry(loserKey);
        expect([again.status, again.headers['idempotent-replayed']]).toEqual([201, undefined]);
        expect(await works(again.body.queryCode)).toBe(true);
        const reissues = (await accessLog(id)).filter((e) => e.type === 'QueryCodeReissued');
        expect(reissues).toHaveLength(3);
      });

      /** Sends each request in turn while the test holds `streamId`'s append lock, each queued at its append before the next is sent. */
      async function queuedAtTheAppend<T>(streamId: string, sends: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
        const lock = await api.db.pool.connect();
        const sent: Array<Promise<T>> = [];
        try {
          await lock.query('BEGIN');
          await lock.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STREAM_APPEND_LOCK, streamId]);
          for (const send of sends) {
            sent.push(send());
            await waitUntil(async () => (await appendsWaiting(streamId)) === sent.length, {
              timeoutMs: 30_000,
              failure: `request ${sent.length} never waited at the append`,
            });
          }
        } finally {
          await lock.query('ROLLBACK');
          lock.release();
        }
        return Promise.all(sent);
      }
    });
  });
});

/** Every row of every table of the database (all schemas but the system's), cast to text: a dump to search. */
async function dumpDatabase(pool: Pool): Promise<{ tables: string[]; text: string }> {
  const { rows } = await pool.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2`,
  );
  const parts: string[] = [];
  for (const { schema, name } of rows) {
    const quoted = `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
    const dumped = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${quoted} t`);
    parts.push(`-- ${schema}.${name}`, ...dumped.rows.map((r) => r.row));
  }
  return { tables: rows.map((r) => `${r.schema}.${r.name}`), text: parts.join('\n') };
}
