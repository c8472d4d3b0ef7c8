import { QueryBus } from '@nestjs/cqrs';
import { ExportAuditEventsQuery } from '../../apps/api/src/audit/export-audit-events.query';
import { ApiClient } from '../support/api-client';
import { parseCsv } from '../support/csv';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

interface AuditEvent {
  position: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  metadata: Record<string, unknown>;
  data: Record<string, unknown>;
}

/**
 * The audit history for the discipline office (纪检监察): the whole log, filtered, in log order,
 * with all metadata; exported as NDJSON or CSV that parse back to the same events.
 */
describe('GET /api/v1/audit/events', () => {
  let api: TestApi;
  let caseA = '';
  let caseB = '';
  let lastPosition = '';
  let log: AuditEvent[] = [];
  const NAME = '欧阳晓明';
  const PHONE = '13912345678';

  const page = async (query: object, who: Record<string, string> = as.discipline) =>
    (
      await api.http
        .get('/api/v1/audit/events')
        .query({ after: lastPosition, ...query })
        .set(who)
        .expect(200)
    ).body as { items: AuditEvent[]; nextCursor: string | null };
  const types = (items: AuditEvent[]) => items.map((e) => e.type);
  /** The export's body as text (supertest only buffers text/* by itself). */
  const exported = (query: object) =>
    api.http
      .get('/api/v1/audit/events/export')
      .query({ after: lastPosition, ...query })
      .set(as.discipline)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200) as unknown as Promise<{ headers: Record<string, string>; body: string }>;

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    const client = new ApiClient(api);
    const file = (title: string, unit: string, complainant: object) =>
      client.file({
        title,
        description: '企业反映：材料"一次性告知"未落实,\n多次往返。',
        complainedUnitId: unit,
        receivedAt: '2026-11-16T08:30:00+08:00',
        complainant,
      });
    caseA = await file('营业执照变更窗口推诿', 'dept-market', {
      anonymous: false,
      name: NAME,
      phone: PHONE,
      enterprise: '晓明五金有限公司',
    });
    await client.accept(caseA);
    await client.notifyUnit(caseA, 'dept-market', 'lead', '张局长');
    api.clock.set('2026-11-17T10:00:00+08:00');
    await client.send(`/api/v1/cases/${caseA}/acknowledge`, as.unit('dept-market'));
    caseB = await file('施工许可审批超时', 'dept-housing', { anonymous: true });
    await client.accept(caseB);
    await client.notifyUnit(caseB, 'dept-housing', 'lead', '李局长');
    await client.send(`/api/v1/cases/${caseB}/transfer`, as.intake, {
      fromUnitId: 'dept-housing',
      toUnitId: 'dept-approval',
      reason: '属审批局职责',
      responsibleLeader: '王局长',
    });
    lastPosition = client.position;
    log = (await page({ limit: 1000 })).items;
  });
  afterAll(async () => api.close());

  it('is the whole log, every stream, in log order, with all metadata (after a command’s position)', async () => {
    const { rows } = await api.db.pool.query(`SELECT global_position::text AS p FROM events ORDER BY global_position`);
    expect(log.map((e) => e.position)).toEqual(rows.map((r) => r.p));
    expect(log[log.length - 1].position).toBe(lastPosition);
    expect(new Set(log.map((e) => e.streamId.split('-')[0]))).toEqual(new Set(['unit', 'case'])); // the seeded registry too
    const acknowledged = log.find((e) => e.type === 'UnitAcknowledged')!;
    expect(acknowledged).toEqual({
      position: expect.stringMatching(/^\d+$/),
      eventId: expect.any(String),
      streamId: `case-${caseA}`,
      streamVersion: 4,
      type: 'UnitAcknowledged',
      schemaVersion: 1,
      recordedAt: expect.any(String),
      metadata: {
        actorId: 'dept-market-handler',
        role: 'unit',
        unitId: 'dept-market',
        correlationId: expect.any(String),
        causationId: null,
        occurredAt: '2026-11-17T02:00:00.000Z',
      },
      data: expect.objectContaining({ unitId: 'dept-market' }),
      // Its link in the case's hash chain, as stored: an exported row can be checked against the log.
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('filters by case, unit, actor, role, event types and time, and combinations of them', async () => {
    expect(types((await page({ caseId: caseA })).items)).toEqual([
      'ComplaintFiled',
      'ComplaintAccepted',
      'UnitNotified',
      'UnitAcknowledged',
    ]);
    // A case id in capitals names the same case, as on the case's own routes.
    expect((await page({ caseId: caseA.toUpperCase() })).items).toEqual((await page({ caseId: caseA })).items);
    // A unit: it acted, or the event names it (complained about, notified, transferred from or to).
    const market = (await page({ unitId: 'dept-market' })).items;
    expect(market.map((e) => [e.streamId.split('-')[0], e.type])).toEqual([
      ['unit', 'UnitRegistered'],
      ['case', 'ComplaintFiled'],
      ['case', 'UnitNotified'],
      ['case', 'UnitAcknowledged'],
    ]);
    expect(types((await page({ unitId: 'dept-approval', caseId: caseB })).items)).toEqual(['CaseTransferred']);
    expect(types((await page({ unitId: 'dept-housing', caseId: caseB })).items)).toEqual([
      'ComplaintFiled',
      'UnitNotified',
      'CaseTransferred',
    ]);
    expect(types((await page({ actorId: 'dept-market-handler' })).items)).toEqual(['UnitAcknowledged']);
    expect(new Set(types((await page({ role: 'system' })).items))).toEqual(new Set(['UnitRegistered']));
    // Types: comma-separated or the parameter repeated.
    const expected = ['ComplaintAccepted', 'ComplaintAccepted', 'CaseTransferred'];
    expect(types((await page({ type: 'ComplaintAccepted,CaseTransferred' })).items)).toEqual(expected);
    const repeated = await api.http.get('/api/v1/audit/events?type=ComplaintAccepted&type=CaseTransferred').set(as.discipline).expect(200);
    expect(types(repeated.body.items)).toEqual(expected);
    // occurredAt is the command's time (the clock moved to 17 Nov before the acknowledgement).
    const seventeenth = (await page({ occurredFrom: '2026-11-17T00:00:00+08:00', occurredTo: '2026-11-18T00:00:00+08:00', caseId: caseA }))
      .items;
    expect(types(seventeenth)).toEqual(['UnitAcknowledged']);
    // recordedAt is the store's clock: everything was recorded after the test started, nothing after now.
    const recorded = log[5].recordedAt;
    expect((await page({ recordedFrom: '2000-01-01T00:00:00Z' })).items).toHaveLength(log.length);
    expect((await page({ recordedFrom: new Date(Date.now() + 3_600_000).toISOString() })).items).toEqual([]);
    expect((await page({ recordedTo: recorded })).items.every((e) => e.recordedAt <= recorded)).toBe(true);
  });

  it('pages by keyset on the position: nextCursor walks the whole log without gaps or repeats', async () => {
    const walked: AuditEvent[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const next = await page({ limit: 4, ...(cursor ? { cursor } : {}) });
      walked.push(...next.items);
      cursor = next.nextCursor;
      pages++;
    } while (cursor);
    expect(walked).toEqual(log);
    expect(pages).toBe(Math.ceil(log.length / 4) + (log.length % 4 === 0 ? 1 : 0));
    // Any position works as a cursor: the events after it.
    expect((await page({ cursor: log[2].position })).items).toEqual(log.slice(3));
  });

  it('exports NDJSON: one envelope per line, parsing back to the same events, as an attachment', async () => {
    const response = await exported({ format: 'ndjson' });
    expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="audit-events-2026-11-17-to-${lastPosition}.ndjson"`);
    expect(response.headers['x-audit-up-to-position']).toBe(lastPosition);
    expect(response.headers['cache-control']).toBe('no-store');
    const lines = response.body.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(log);
    // The same filters as the page.
    const filtered = (await exported({ format: 'ndjson', caseId: caseB, type: 'UnitNotified,CaseTransferred' })).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(filtered).toEqual((await page({ caseId: caseB, type: 'UnitNotified,CaseTransferred' })).items);
  });

  it('exports CSV (RFC 4180, UTF-8 with BOM, header row) that parses back to the same events', async () => {
    const response = await exported({ format: 'csv' });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="audit-events-2026-11-17-to-${lastPosition}.csv"`);
    expect(response.body.startsWith('\uFEFFposition,recordedAt,type,')).toBe(true);
    const [header, ...records] = parseCsv(response.body.slice(1));
    const events = records.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
    expect(
      events.map((c) => ({
        position: c.position,
        eventId: c.eventId,
        streamId: c.streamId,
        streamVersion: Number(c.streamVersion),
        type: c.type,
        schemaVersion: Number(c.schemaVersion),
        recordedAt: c.recordedAt,
        metadata: JSON.parse(c.metadata),
        data: JSON.parse(c.data),
        hash: c.hash === '' ? null : c.hash,
      })),
    ).toEqual(log);
    // The flattened columns a spreadsheet filters on agree with the metadata.
    expect(events.find((c) => c.type === 'UnitAcknowledged')).toMatchObject({
      actorId: 'dept-market-handler',
      role: 'unit',
      unitId: 'dept-market',
    });
    expect(response.body).toContain('营业执照变更窗口推诿');
  });

  it('an export ends where the log stood when it began; cursor=<that position> continues after it', async () => {
    const started = await api.app.get(QueryBus).execute(new ExportAuditEventsQuery({}));
    expect(started.upTo).toBe(lastPosition);
    // The log grows while the export is still being read.
    const supervised = await api.http
      .post(`/api/v1/cases/${caseB}/supervise`)
      .set(as.intake)
      .send({ level: 'urge', unitId: 'dept-approval', note: '请尽快签收' })
      .expect(200);
    await page({ after: supervised.body.position });
    const read: string[] = [];
    for await (const batch of started.batches) read.push(...batch.map((e) => e.position));
    expect(read).toEqual(log.map((e) => e.position));
    const rest = (await exported({ format: 'ndjson', cursor: started.upTo, after: supervised.body.position })).body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rest.map((e: AuditEvent) => [e.type, e.position])).toEqual([['SupervisionIssued', supervised.body.position]]);
  });

  it('never holds the complainant’s identity: only the reference the case stream holds', async () => {
    const csv = (await exported({ format: 'csv' })).body;
    const ndjson = (await exported({ format: 'ndjson' })).body;
    for (const text of [JSON.stringify(log), csv, ndjson]) expect([NAME, PHONE].filter((pii) => text.includes(pii))).toEqual([]);
    const filed = log.find((e) => e.type === 'ComplaintFiled' && e.streamId === `case-${caseA}`)!;
    expect(filed.data.complainant).toEqual({ ref: expect.any(String), anonymous: false });
  });

  it('refuses bad filters with 400 naming each parameter', async () => {
    const bad = (
      await api.http
        .get('/api/v1/audit/events')
        .query({
          caseId: 'abc',
          unitId: 'has space',
          type: 'ComplaintFiled,lowercase',
          recordedFrom: '2026-11-01',
          occurredTo: 'yesterday',
          limit: 5000,
          cursor: 'x1',
          role: 'boss',
        })
        .set(as.discipline)
        .expect(400)
    ).body;
    expect(new Set(bad.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['caseId', 'unitId', 'type', 'recordedFrom', 'occurredTo', 'limit', 'cursor', 'role']),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    const reversed = (
      await api.http
        .get('/api/v1/audit/events')
        .query({ recordedFrom: '2026-11-02T00:00:00+08:00', recordedTo: '2026-11-01T00:00:00+08:00' })
        .set(as.discipline)
        .expect(400)
    ).body;
    expect(reversed.errors).toEqual([{ field: 'recordedTo', message: expect.stringContaining('later') }]);
    await api.http.get('/api/v1/audit/events').query({ cursor: '99999999999999999999' }).set(as.discipline).expect(400);
    await api.http.get('/api/v1/audit/events').query({ nonsense: 1 }).set(as.discipline).expect(400);
    const format = await api.http.get('/api/v1/audit/events/export').query({ format: 'xlsx' }).set(as.discipline).expect(400);
    expect(format.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(format.headers['content-disposition']).toBeUndefined();
    await api.http.get('/api/v1/audit/events/export').query({ caseId: 'abc' }).set(as.discipline).expect(400);
  });

  it('is for the discipline office only: every other role gets 403', async () => {
    for (const who of [as.intake, as.unit('dept-market'), as.dashboard, as.admin]) {
      await api.http.get('/api/v1/audit/events').set(who).expect(403);
      const denied = await api.http.get('/api/v1/audit/events/export').query({ format: 'csv' }).set(who).expect(403);
      expect(denied.body.code).toBe('FORBIDDEN_ROLE');
    }
  });
});
