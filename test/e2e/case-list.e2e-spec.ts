import { caseListProjection } from '@app/projections/case-list/case-list.projection';
import { lockBatch } from '@app/projections/runner/locks';
import { READ_YOUR_WRITES_TIMEOUT_MS } from '../../apps/api/src/common/projection-positions';
import { ApiClient, complaint } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/** The case list from the read model, with read-your-writes on the position a command returned. */
describe('GET /api/v1/cases', () => {
  let api: TestApi;
  const ids: Record<string, string> = {};
  let lastPosition = '';
  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    const client = new ApiClient(api);
    const file = async (key: string, title: string, category: string, receivedAt: string, unit: string | null) => {
      ids[key] = await client.file({ channel: 'web', category, title, receivedAt });
      if (unit) {
        await client.accept(ids[key]);
        await client.notifyUnit(ids[key], unit, 'lead', '某');
      }
      lastPosition = client.position;
    };
    await file('a', '营业执照变更窗口推诿', 'complaint_runaround', '2026-11-10T09:00:00+08:00', 'dept-market');
    await file('b', '施工许可审批超时', 'cumbersome_approval', '2026-11-11T09:00:00+08:00', 'dept-housing');
    await file('c', '咨询个体户开办流程', 'enquiry', '2026-11-12T09:00:00+08:00', null);
  });
  afterAll(async () => api.close());

  it('reflects a command once given the position it returned (read-your-writes)', async () => {
    const page = (await api.http.get('/api/v1/cases').query({ after: lastPosition }).set(as.intake).expect(200)).body;
    expect(page.items.map((i: { id: string }) => i.id)).toEqual([ids.c, ids.b, ids.a]); // newest first
    expect(page.items[1]).toMatchObject({ status: 'in_progress', leadUnitId: 'dept-housing', handlingDue: '2026-11-25' });
    expect(JSON.stringify(page)).not.toMatch(/complainant/);
  });

  it('filters, and pages by keyset cursor', async () => {
    const get = async (query: object, who = as.intake) =>
      (
        await api.http
          .get('/api/v1/cases')
          .query({ after: lastPosition, ...query })
          .set(who)
          .expect(200)
      ).body;
    expect((await get({ status: 'in_progress' })).items).toHaveLength(2);
    expect((await get({ category: 'enquiry' })).items.map((i: { id: string }) => i.id)).toEqual([ids.c]);
    expect((await get({ q: '审批' })).items.map((i: { id: string }) => i.id)).toEqual([ids.b]);
    expect((await get({ receivedFrom: '2026-11-11T00:00:00+08:00', sort: 'received_asc' })).items.map((i: { id: string }) => i.id)).toEqual(
      [ids.b, ids.c],
    );
    const first = await get({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await get({ limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids.a })], nextCursor: null });
    // The cursor belongs to its order: newest first it means "older than b", which oldest first
    // would read as "newer than b" and answer c, a page of another list.
    const otherOrder = (
      await api.http
        .get('/api/v1/cases')
        .query({ after: lastPosition, limit: 2, sort: 'received_asc', cursor: first.nextCursor })
        .set(as.intake)
    ).body;
    expect(otherOrder).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'cursor' })] });
    const ascending = await get({ limit: 2, sort: 'received_asc' });
    expect((await get({ limit: 2, sort: 'received_asc', cursor: ascending.nextCursor })).items.map((i: { id: string }) => i.id)).toEqual([
      ids.c,
    ]);
  });

  it('a cursor belongs to the filters it was handed out with: the same cursor with other filters is 400 naming it, not a page that skips rows', async () => {
    const get = (query: object, who = as.intake) =>
      api.http
        .get('/api/v1/cases')
        .query({ after: lastPosition, ...query })
        .set(who);
    // The newest first, one a page: the cursor of the first page is "older than c".
    const first = (await get({ limit: 1 }).expect(200)).body;
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([ids.c]);
    // Read with a filter, it would have answered the in-progress cases older than c (b, a) as if they
    // were the first page, and never a newer one: refused instead, for every filter and its value.
    for (const other of [
      { status: 'in_progress' },
      { category: 'cumbersome_approval' },
      { channel: 'web' },
      { urgency: 'normal' },
      { unitId: 'dept-market' },
      { leadUnitId: 'dept-market' },
      { receivedFrom: '2026-11-01T00:00:00+08:00' },
      { receivedTo: '2026-12-01T00:00:00+08:00' },
      { overdue: false },
      { q: '审批' },
      { sort: 'received_asc' },
    ]) {
      const refused = (await get({ limit: 1, ...other, cursor: first.nextCursor })).body;
      expect([other, refused.status, refused.code, refused.errors]).toEqual([
        other,
        400,
        'VALIDATION_FAILED',
        [{ field: 'cursor', message: 'cursor must be a nextCursor returned by this list with these filters and this sort order' }],
      ]);
    }
    // A filter's other value too: a cursor of status=closed is no place in the list of status=in_progress.
    const inProgress = (await get({ status: 'in_progress', limit: 1 }).expect(200)).body;
    expect((await get({ status: 'filed', limit: 1, cursor: inProgress.nextCursor })).status).toBe(400);
    // A unit's list is its own cases: the staff's cursor is no place in it.
    expect((await get({ limit: 1, cursor: first.nextCursor }, as.unit('dept-market'))).status).toBe(400);
    // With the filters it was handed out with, and another page size, it goes on where it stopped.
    const second = (await get({ status: 'in_progress', limit: 5, cursor: inProgress.nextCursor }).expect(200)).body;
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([ids.a]);
    // Still opaque and short: it names no filter.
    expect(inProgress.nextCursor.length).toBeLessThan(200);
    expect(Buffer.from(inProgress.nextCursor, 'base64url').toString('utf8')).not.toMatch(/in_progress/);
  });

  it('a unit only ever sees its own cases', async () => {
    const page = (
      await api.http.get('/api/v1/cases').query({ after: lastPosition, unitId: 'dept-housing' }).set(as.unit('dept-market')).expect(200)
    ).body;
    expect(page.items).toEqual([]);
    const own = (await api.http.get('/api/v1/cases').query({ after: lastPosition }).set(as.unit('dept-market')).expect(200)).body;
    expect(own.items.map((i: { id: string }) => i.id)).toEqual([ids.a]);
  });

  it('filters by the lead unit: the cases the dashboard counts under a unit, not those it co-handles', async () => {
    const get = async (query: object) =>
      (
        await api.http
          .get('/api/v1/cases')
          .query({ after: lastPosition, ...query })
          .set(as.intake)
          .expect(200)
      ).body.items.map((i: { id: string }) => i.id);
    expect(await get({ leadUnitId: 'dept-market' })).toEqual([ids.a]);
    expect(await get({ leadUnitId: 'dept-housing', status: 'in_progress' })).toEqual([ids.b]);
    expect(await get({ leadUnitId: 'town-yangluo' })).toEqual([]);
    const bad = (await api.http.get('/api/v1/cases').query({ leadUnitId: 'Not A Unit!' }).set(as.intake).expect(400)).body;
    expect(bad.errors.map((e: { field: string }) => e.field)).toEqual(['leadUnitId']);
  });

  it('leaders (dashboard) read the list behind a figure: every case, and no complainant data', async () => {
    const page = (await api.http.get('/api/v1/cases').query({ after: lastPosition }).set(as.dashboard).expect(200)).body;
    expect(page.items.map((i: { id: string }) => i.id)).toEqual([ids.c, ids.b, ids.a]);
    expect(JSON.stringify(page)).not.toMatch(/complainant|phone/i);
  });

  it('bad parameters are 400 naming them', async () => {
    const bad = (
      await api.http.get('/api/v1/cases').query({ status: 'lost', limit: 1000, cursor: 'not!a!cursor' }).set(as.intake).expect(400)
    ).body;
    expect(new Set(bad.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['status', 'limit', 'cursor']));
    await api.http.get('/api/v1/cases').query({ cursor: 'bm90LWpzb24' }).set(as.intake).expect(400);
    // A page size is written in digits: what Number() would also read as one is refused, naming it.
    for (const limit of ['0x10', '1e1', '10.0', ' 10', '']) {
      const refused = (
        await api.http
          .get(`/api/v1/cases?limit=${encodeURIComponent(limit)}`)
          .set(as.intake)
          .expect(400)
      ).body;
      expect(refused.errors).toEqual([{ field: 'limit', message: 'limit must be an integer number' }]);
    }
    expect((await api.http.get('/api/v1/cases?limit=2').set(as.intake).expect(200)).body.items).toHaveLength(2);
  });

  // Each of these was a 500: IsISO8601 and Date.parse took them, PostgreSQL could not cast them.
  it('a receivedFrom/receivedTo that is no instant with its offset is 400 naming it', async () => {
    for (const value of [
      '2026-W01',
      '2026',
      '2026-11-10',
      '2026-11-10T09:00:00',
      '2026-02-30T00:00:00Z',
      '20261110T000000Z',
      '2026-01-01T00:00:00+16:00', // beyond PostgreSQL's ±15:59
    ]) {
      const bad = (await api.http.get('/api/v1/cases').query({ receivedFrom: value, receivedTo: value }).set(as.intake).expect(400)).body;
      expect([value, bad.code, new Set(bad.errors.map((e: { field: string }) => e.field))]).toEqual([
        value,
        'VALIDATION_FAILED',
        new Set(['receivedFrom', 'receivedTo']),
      ]);
    }
    const fromZ = await api.http.get('/api/v1/cases').query({ after: lastPosition, receivedFrom: '2026-11-12T00:00Z' }).set(as.intake);
    expect(fromZ.body.items.map((i: { id: string }) => i.id)).toEqual([ids.c]);
  });

  it('a hand-made cursor whose time is not as the list writes it is 400 naming the cursor, never a 500', async () => {
    const cursor = (key: string[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const given = (await api.http.get('/api/v1/cases').query({ after: lastPosition, limit: 1 }).set(as.intake).expect(200)).body;
    const [tag, , caseId] = JSON.parse(Buffer.from(given.nextCursor, 'base64url').toString('utf8')) as string[];
    for (const time of ['Sat 2026', '1', '+275760-09-13T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '2026-11-12T01:00:00+08:00']) {
      const bad = (
        await api.http
          .get('/api/v1/cases')
          .query({ cursor: cursor([tag, time, caseId]) })
          .set(as.intake)
      ).body;
      expect([time, bad.status, bad.errors]).toEqual([time, 400, [expect.objectContaining({ field: 'cursor' })]]);
    }
    // What the list writes is still taken (the time part of its own cursor, exactly).
    await api.http.get('/api/v1/cases').query({ cursor: given.nextCursor }).set(as.intake).expect(200);
  });

  it('a position from a stream the list does not follow (a unit change) is reached at once', async () => {
    // The list has taken in every case event (none comes after: nothing falls due on the fixed clock).
    await api.http.get('/api/v1/cases').query({ after: lastPosition }).set(as.intake).expect(200);
    const renamed = await api.http.post('/api/v1/units/town-yangluo/rename').set(as.admin).send({ name: '阳逻街道办事处' }).expect(200);
    // Its checkpoint row locked, the projector (a live batch, the build at start) cannot move it past the
    // rename: only seeing that the list follows no unit stream answers 200, rather than 503 after 5 s.
    const holder = await api.db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM projection_checkpoints WHERE name = 'case-list' FOR UPDATE`);
      await api.http.get('/api/v1/cases').query({ after: renamed.body.position }).set(as.intake).expect(200);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('a position past the end of the log is 400 naming after, at once: no command ever returned it', async () => {
    const started = Date.now();
    const response = await api.http.get('/api/v1/cases').query({ after: '99999999999999999999' }).set(as.intake).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'after' }] });
    // "At once": refused before waiting for the read model, not after its 5 s read-your-writes wait
    // (the client must not be held for an answer that can never change). Half of that wait is far
    // from both: the refusal takes milliseconds, the wait at least 4.8 s.
    expect(Date.now() - started).toBeLessThan(READ_YOUR_WRITES_TIMEOUT_MS / 2);
  });

  it('a position the read model cannot reach in time is 503 with Retry-After', async () => {
    // The list's batch lock held elsewhere: the projector cannot begin the filing's batch. Not its
    // checkpoint row locked: that lock gives the holder a transaction id, and the projector's batch
    // one too as it waits with rows written, and for the 5 s the test holds them they would hold
    // back the log of every database of the server, another test file's settling reads among them.
    const holder = await api.db.pool.connect();
    try {
      await holder.query('BEGIN');
      await lockBatch(holder, caseListProjection.name);
      const filed = await api.http
        .post('/api/v1/cases')
        .set(as.intake)
        .send(complaint({ title: '窗口排队过久', receivedAt: '2026-11-16T08:00:00+08:00' }))
        .expect(201);
      const response = await api.http.get('/api/v1/cases').query({ after: filed.body.position }).set(as.intake).expect(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body).toMatchObject({ code: 'PROJECTION_NOT_READY' });
      const withIds = await api.db.pool.query(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL',
      );
      expect(withIds.rows).toEqual([]); // nobody here held the server's log back meanwhile
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  }, 15_000);
});
