import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ApiClient, type Json as Row } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { newEvents } from '../support/event-log';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

const CLI = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli/ranking.js');
const run = promisify(execFile);

/**
 * A league table (排名通报) published at a log position: re-read later it is what was published,
 * whatever happened since; a correction is an amendment that names its differences.
 */
describe('rankings published at a log position', () => {
  let api: TestApi;
  let client: ApiClient;
  const row = (ranking: Row, unitId: string) => ranking.rows.find((r: Row) => r.unitId === unitId);
  /** Waits until the dashboard has applied the last command, as a publisher would check the figures first. */
  const dashboardCaughtUp = () => client.read('/api/v1/dashboard/summary', { from: '2026-11-01', to: '2026-11-30' }, as.intake);

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    // Market signs for its case in time; housing's sign-for day passes unsigned.
    const a = await client.dispatch({ title: '营业执照变更反复补材料', receivedAt: '2026-11-16T08:30:00+08:00' }, 'dept-market');
    await client.send(`/api/v1/cases/${a}/acknowledge`, as.unit('dept-market'));
    await client.dispatch({ title: '物业维修基金申请无人受理', receivedAt: '2026-11-16T08:40:00+08:00' }, 'dept-housing');
    api.clock.set('2026-11-20T10:00:00+08:00');
    await dashboardCaughtUp();
  }, 60_000);
  afterAll(async () => api?.close());
  /** Temporary tables of any session in the database: a reproduction's copies, if it left them behind. */
  const privateCopiesLeft = async () =>
    (await api.db.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relpersistence = 't'`)).rows[0].n as number;

  it('publishes the month’s table with its basis, re-reads it unchanged after more events, and amends it with the differences', async () => {
    const published = await api.http
      .post('/api/v1/rankings')
      .set(as.intake)
      .send({ period: '2026-11', unitKind: 'department', after: client.position })
      .expect(201);
    expect(published.headers.location).toBe('/api/v1/rankings/2026-11-department');
    const first = (await api.http.get('/api/v1/rankings/2026-11-department').set(as.dashboard).expect(200)).body;
    expect(first).toMatchObject({
      title: '2026年11月部门办件排名',
      period: { kind: 'month', from: '2026-11-01', to: '2026-11-30' },
      amendments: [],
    });
    expect(BigInt(first.published.basis.position)).toBeLessThanOrEqual(BigInt(published.body.position));
    // The list names it, as published (read from the log: no read model to wait for).
    const list = (await api.http.get('/api/v1/rankings').set(as.dashboard).expect(200)).body;
    expect(list).toEqual({
      items: [
        {
          rankingId: '2026-11-department',
          title: first.title,
          period: first.period,
          unitKind: 'department',
          units: first.rows.length,
          publishedAt: first.published.publishedAt,
        },
      ],
      nextCursor: null,
    });
    await api.http.get('/api/v1/rankings?cursor=x').set(as.dashboard).expect(400);
    // Digits past the largest bigint were sent to PostgreSQL, which refused them: a 500.
    const past = await api.http.get('/api/v1/rankings?cursor=9223372036854775808').set(as.dashboard).expect(400);
    expect(past.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'cursor' }] });
    // Computed from four read models, each at its checkpoint of one snapshot; the position is the least of them.
    const { readModels, schemeVersion, position } = first.published.basis;
    expect(Object.keys(readModels).sort()).toEqual(['accountability', 'appraisal', 'dashboard', 'rectifications']);
    expect(position).toBe((Object.values(readModels) as string[]).reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b)));
    expect(schemeVersion).toMatch(/^dashboard@v\d+ rectifications@v\d+ accountability@v\d+ appraisal@v\d+$/);
    expect(row(first, 'dept-market')).toMatchObject({
      rank: 1,
      figures: { responseRate: 1, received: 1, measuresDue: 0, rectificationOnTimeRate: null, accountability: 0 },
    });
    expect(row(first, 'dept-housing')).toMatchObject({ rank: 2, figures: { responseRate: 0, received: 1 } });

    // More happens in November: housing gets another case and signs for it in time.
    const c = await client.dispatch({ title: '施工噪音扰民', receivedAt: '2026-11-20T09:00:00+08:00' }, 'dept-housing');
    await client.send(`/api/v1/cases/${c}/acknowledge`, as.unit('dept-housing'));
    await dashboardCaughtUp();
    const reread = (await api.http.get('/api/v1/rankings/2026-11-department').set(as.unit('dept-housing')).expect(200)).body;
    expect(reread).toEqual(first);

    // Computed again from the log alone, up to the positions it records and at its instant: what was
    // published, although the log and the live read models have moved on since.
    const reproduced = (await api.http.post('/api/v1/rankings/2026-11-department/reproduction').set(as.discipline).expect(200)).body;
    expect(reproduced).toMatchObject({
      rankingId: '2026-11-department',
      reproduced: { eventId: first.published.eventId, type: 'RankingPublished' },
      basis: first.published.basis,
      identical: true,
      differences: [],
    });
    expect(reproduced.rows).toEqual(first.rows);
    expect(await privateCopiesLeft()).toBe(0);

    // Publishing it again is refused; a correction is explicit, with a reason, and names what changed.
    const again = await api.http
      .post('/api/v1/rankings')
      .set(as.intake)
      .send({ period: '2026-11', unitKind: 'department', after: client.position })
      .expect(422);
    expect(again.body.code).toBe('RANKING_ALREADY_PUBLISHED');
    // A period yet to come is not ranked (all zeros, and its real ranking then only an amendment).
    // Counted in the rankings' streams: the deadline scheduler may append to a case's meanwhile.
    const rankingEvents = async () =>
      (await api.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'ranking-%'`)).rows[0].n as number;
    const before = await rankingEvents();
    // Every well-formed period not begun, 2100 and beyond included (2100-01 was a 400, as if malformed).
    for (const period of ['2026-12', '2099', '2100-01', '2100', '2101-12', '9999-12', '9999']) {
      const ahead = await api.http.post('/api/v1/rankings').set(as.intake).send({ period, unitKind: 'department' });
      expect([period, ahead.status, ahead.body]).toEqual([
        period,
        422,
        expect.objectContaining({ code: 'RANKING_PERIOD_NOT_BEGUN', field: 'period' }),
      ]);
    }
    // A malformed one stays 400 naming `period`: before 2000, no year, a month out of range.
    for (const period of ['1999-05', '26-11', '2026-13', '2026-1', '10000']) {
      const bad = await api.http.post('/api/v1/rankings').set(as.intake).send({ period, unitKind: 'department' });
      expect([period, bad.status, bad.body.errors]).toEqual([period, 400, [expect.objectContaining({ field: 'period' })]]);
    }
    expect(before).toBeGreaterThan(0); // the month's publication is in them
    expect(await rankingEvents()).toBe(before);
    await api.http
      .post('/api/v1/rankings/2026-11-department/amend')
      .set(as.intake)
      .send({ reason: '补录11月20日交办件后更正', after: client.position })
      .expect(200);
    const amended = (await api.http.get('/api/v1/rankings/2026-11-department').set(as.dashboard).expect(200)).body;
    expect(amended.published).toEqual(first.published);
    expect(amended.amendments).toHaveLength(1);
    expect(amended.amendments[0].reason).toBe('补录11月20日交办件后更正');
    expect(amended.amendments[0].differences).toEqual([
      { unitId: 'dept-housing', field: 'received', before: 1, after: 2 },
      { unitId: 'dept-housing', field: 'responseRate', before: 0, after: 0.5 },
    ]);
    expect(row(amended, 'dept-housing')).toMatchObject({ rank: 2, figures: { responseRate: 0.5, received: 2 } });
    // The rows in force are the amendment's: those are what a reproduction checks, at the amendment's basis.
    const amendedReproduced = (await api.http.post('/api/v1/rankings/2026-11-department/reproduction').set(as.intake).expect(200)).body;
    expect(amendedReproduced).toMatchObject({
      reproduced: { eventId: amended.amendments[0].eventId, type: 'RankingAmended' },
      basis: amended.amendments[0].basis,
      identical: true,
    });
    // Nothing changed since: an amendment would say nothing, so it is refused.
    const idle = await api.http
      .post('/api/v1/rankings/2026-11-department/amend')
      .set(as.intake)
      .send({ reason: '再次核对', after: client.position })
      .expect(422);
    expect(idle.body.code).toBe('AMENDMENT_CHANGES_NOTHING');
  });

  it('says a ranking published from a read model changed behind the log’s back is not what the log bears out, and where', async () => {
    // Someone edits the live dashboard read model in SQL: market appears to have received three more cases.
    const edited = await api.db.pool.query(
      `UPDATE dashboard_counts SET received = received + 3 WHERE unit_id = 'dept-market' AND level = 'm' AND received > 0`,
    );
    expect(edited.rowCount).toBeGreaterThan(0);
    await api.http
      .post('/api/v1/rankings')
      .set(as.intake)
      .send({ period: '2026', unitKind: 'department', after: client.position })
      .expect(201);
    const published = (await api.http.get('/api/v1/rankings/2026-department').set(as.discipline).expect(200)).body;
    expect(row(published, 'dept-market').figures.received).toBe(4);

    const reproduced = (await api.http.post('/api/v1/rankings/2026-department/reproduction').set(as.discipline).expect(200)).body;
    expect(reproduced.identical).toBe(false);
    expect(reproduced.differences).toEqual([{ unitId: 'dept-market', field: 'received', before: 4, after: 1 }]);
    expect(row(reproduced, 'dept-market').figures.received).toBe(1);
    // It built private copies and dropped them: the live read model is as edited (not repaired, not disturbed).
    expect(await privateCopiesLeft()).toBe(0);
    const live = await api.db.pool.query(
      `SELECT sum(received)::int AS received FROM dashboard_counts WHERE unit_id = 'dept-market' AND level = 'm'`,
    );
    expect(live.rows[0].received).toBe(4);
  });

  it('refuses to reproduce a ranking whose figures the running code defines otherwise, naming both definitions', async () => {
    const published = (await api.http.get('/api/v1/rankings/2026-11-department').set(as.intake).expect(200)).body;
    const older = { ...published.published.basis, schemeVersion: 'dashboard@v1 rectifications@v1 accountability@v1 appraisal@v1' };
    const store = api.app.get<EventStore>(EVENT_STORE);
    const data = {
      ...published,
      rankingId: '2026-10-department',
      basis: older,
      rows: published.published.rows,
      publishedAt: published.published.publishedAt,
    };
    for (const key of ['published', 'amendments', 'version']) delete data[key];
    await store.appendToStream('ranking-2026-10-department', newEvents([{ type: 'RankingPublished', data }]), {
      expectedVersion: 'no_stream',
    });

    const refused = await api.http.post('/api/v1/rankings/2026-10-department/reproduction').set(as.intake).expect(422);
    expect(refused.body).toMatchObject({
      code: 'RANKING_SCHEME_CHANGED',
      recorded: older.schemeVersion,
      running: published.published.basis.schemeVersion,
    });
    expect((await api.http.post('/api/v1/rankings/2026-09-department/reproduction').set(as.intake).expect(404)).body.code).toBe(
      'RANKING_NOT_FOUND',
    );
    // Reproducing replays the log: for the publisher and the discipline office, not for every reader.
    await api.http.post('/api/v1/rankings/2026-11-department/reproduction').set(as.dashboard).expect(403);
    await api.http.post('/api/v1/rankings/2026-11-department/reproduction').set(as.unit('dept-market')).expect(403);
  });

  it('`npm run ranking -- reproduce` says the same, and names a figure changed in the stored ranking itself', async () => {
    const ranking = (...args: string[]) =>
      run('node', [CLI, ...args], { env: { ...process.env, DATABASE_URL: api.db.url, LOG_LEVEL: 'error' } }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    const month = await ranking('reproduce', '2026-11-department');
    expect(month).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Identical: every rank and figure is what the log bears out.'),
    });
    const year = await ranking('reproduce', '2026-department');
    expect(year.code).toBe(1);
    expect(year.stdout).toContain('  dept-market received: recorded 4, from the log 1');

    // A superuser rewrites the rows in force in the log itself (the events refuse it otherwise): housing "received" 5.
    const client = await api.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      const forged = await client.query(
        `UPDATE events SET data = jsonb_set(data, ARRAY['rows', (SELECT (i - 1)::text FROM jsonb_array_elements(data->'rows') WITH ORDINALITY r(row, i)
                                                                  WHERE row->>'unitId' = 'dept-housing'), 'figures', 'received'], '5')
          WHERE stream_id = 'ranking-2026-11-department' AND type = 'RankingAmended'`,
      );
      expect(forged.rowCount).toBe(1);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const forged = await ranking('reproduce', '2026-11-department', '--json');
    expect(forged.code).toBe(1);
    expect(JSON.parse(forged.stdout)).toMatchObject({
      identical: false,
      reproduced: { type: 'RankingAmended' },
      differences: [{ unitId: 'dept-housing', field: 'received', before: 5, after: 2 }],
    });
    expect(await ranking('reproduce')).toMatchObject({
      code: 64,
      stdout: '',
      stderr: expect.stringContaining('usage: npm run ranking -- reproduce'),
    });
  }, 60_000);

  it('refuses bad requests clearly and leaves publishing to the supervision centre', async () => {
    const bad = await api.http
      .post('/api/v1/rankings')
      .set(as.intake)
      .send({ period: '2026-13', unitKind: 'planet', rankBy: ['reopenRate'] })
      .expect(400);
    expect(new Set(bad.body.errors.map((e: Row) => e.field))).toEqual(new Set(['period', 'unitKind', 'rankBy']));
    await api.http.post('/api/v1/rankings').set(as.unit('dept-market')).send({ period: '2026-11', unitKind: 'department' }).expect(403);
    await api.http.post('/api/v1/rankings').set(as.dashboard).send({ period: '2026-11', unitKind: 'department' }).expect(403);
    expect((await api.http.get('/api/v1/rankings/2026-10-town').set(as.dashboard).expect(404)).body.code).toBe('RANKING_NOT_FOUND');
    await api.http.get('/api/v1/rankings/not-a-ranking').set(as.dashboard).expect(400);
  });

  it('counts a measure in the month in progress only once it is judged at the ranking’s instant; the month ended, every one', async () => {
    // December: market plans a finding's three measures (due the 8th, 14th and 31st) and reports the
    // first done on the 3rd; housing is responsible for one due the 31st; approval has none.
    api.clock.set('2026-12-01T09:00:00+08:00');
    const finding = await api.http
      .post('/api/v1/findings')
      .set(as.intake)
      .send({
        source: { kind: 'inspection' },
        unitId: 'dept-market',
        category: 'cumbersome_approval',
        description: '暗访发现窗口要求重复提交材料',
        raisedBy: { kind: 'inspector', name: '督查员王某' },
      })
      .expect(201);
    const findingId = finding.body.id as string;
    const measure = (responsibleUnitId: string, date: string) => ({
      description: `整改措施（${date}前）`,
      responsibleUnitId,
      responsibleLeader: '张副局长',
      due: { date },
      sizeClass: 'supervised',
      category: 'approval_streamlining',
    });
    await api.http
      .post(`/api/v1/findings/${findingId}/measures`)
      .set(as.unit('dept-market'))
      .send({
        measures: [
          measure('dept-market', '2026-12-08'),
          measure('dept-market', '2026-12-14'),
          measure('dept-market', '2026-12-31'),
          measure('dept-housing', '2026-12-31'),
        ],
      })
      .expect(200);
    api.clock.set('2026-12-03T10:00:00+08:00');
    const reported = await api.http
      .post(`/api/v1/findings/${findingId}/measures/M1/completion`)
      .set(as.unit('dept-market'))
      .send({ report: '已取消重复提交的材料' })
      .expect(200);

    // Published on the 7th: only the measure met so far is judged; the others are not late yet.
    api.clock.set('2026-12-07T10:00:00+08:00');
    await api.http
      .post('/api/v1/rankings')
      .set(as.intake)
      .send({ period: '2026-12', unitKind: 'department', after: reported.body.position })
      .expect(201);
    const december = (await api.http.get('/api/v1/rankings/2026-12-department').set(as.dashboard).expect(200)).body;
    expect(december.published.basis.computedAt).toBe('2026-12-07T02:00:00.000Z');
    const measures = (ranking: Row, unitId: string) => {
      const { measuresDue, measuresDone, measuresDoneOnTime, rectificationOnTimeRate } = row(ranking, unitId).figures;
      return { measuresDue, measuresDone, measuresDoneOnTime, rectificationOnTimeRate };
    };
    expect(measures(december, 'dept-market')).toEqual({
      measuresDue: 1,
      measuresDone: 1,
      measuresDoneOnTime: 1,
      rectificationOnTimeRate: 1,
    });
    // Housing's measure is not due yet: nothing to count, as for approval, which has none.
    for (const unitId of ['dept-housing', 'dept-approval']) {
      expect(measures(december, unitId)).toEqual({ measuresDue: 0, measuresDone: 0, measuresDoneOnTime: 0, rectificationOnTimeRate: null });
    }

    // Reproduced later, when the other measures' days have ended: judged at the recorded instant, the same rows.
    api.clock.set('2027-01-05T10:00:00+08:00');
    await dashboardCaughtUp();
    const reproduced = (await api.http.post('/api/v1/rankings/2026-12-department/reproduction').set(as.discipline).expect(200)).body;
    expect(reproduced).toMatchObject({ identical: true, differences: [] });
    expect(reproduced.rows).toEqual(december.rows);

    // The month over, a correction judges every measure due in it: those not done by their day count against.
    await api.http
      .post('/api/v1/rankings/2026-12-department/amend')
      .set(as.intake)
      .send({ reason: '12月结束后重新核算', after: reported.body.position })
      .expect(200);
    const ended = (await api.http.get('/api/v1/rankings/2026-12-department').set(as.dashboard).expect(200)).body;
    expect(measures(ended, 'dept-market')).toEqual({
      measuresDue: 3,
      measuresDone: 1,
      measuresDoneOnTime: 1,
      rectificationOnTimeRate: 0.3333,
    });
    expect(measures(ended, 'dept-housing')).toEqual({ measuresDue: 1, measuresDone: 0, measuresDoneOnTime: 0, rectificationOnTimeRate: 0 });
    const amendedReproduced = (await api.http.post('/api/v1/rankings/2026-12-department/reproduction').set(as.intake).expect(200)).body;
    expect(amendedReproduced).toMatchObject({ reproduced: { type: 'RankingAmended' }, identical: true });
  }, 60_000);

  it('lists a ranking just published even while another transaction holds the log’s horizon back', async () => {
    // A transaction elsewhere (a projector's batch, a report) that began before the publication: the
    // global log does not show events newer than it until it ends, so the list waits for it.
    const held = await api.db.pool.connect();
    try {
      await held.query('BEGIN');
      await held.query('SELECT pg_current_xact_id()');
      await api.http
        .post('/api/v1/rankings')
        .set(as.intake)
        .send({ period: '2026-11', unitKind: 'town', after: client.position })
        .expect(201);
      // The list's own wait, not an earlier one's: a session that asked whether the log has settled
      // after this request was sent (the API's sessions keep showing the last query they ran).
      const { rows } = await api.db.pool.query<{ sent: string }>('SELECT clock_timestamp()::text AS sent');
      const listed = api.http
        .get('/api/v1/rankings')
        .set(as.dashboard)
        .then((response) => response);
      // The held transaction ends only once the list waits for it.
      await waitUntil(
        async () =>
          (
            await api.db.pool.query(
              `SELECT 1 FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query_start > $1::timestamptz
                  AND query LIKE 'SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8%'`,
              [rows[0].sent],
            )
          ).rowCount,
        { timeoutMs: 10_000, failure: 'the list never waited for the held transaction' },
      );
      await held.query('COMMIT');
      const { status, body } = await listed;
      expect(status).toBe(200);
      expect(body.items.map((item: Row) => item.rankingId)).toContain('2026-11-town');
    } finally {
      held.release();
    }
  });

  it('keeps in a month’s bulletin a unit retired after that month began: corrected after its retirement, the table is unchanged', async () => {
    // A window registered now stands in October's bulletin (when a unit was set up, the registry does not say).
    const registered = await api.http
      .post('/api/v1/units')
      .set(as.admin)
      .send({ id: 'win-rk-1', name: '排名测试窗口', kind: 'window' })
      .expect(201);
    await api.http
      .post('/api/v1/rankings')
      .set(as.intake)
      .send({ period: '2026-10', unitKind: 'window', after: registered.body.position })
      .expect(201);
    const first = (await api.http.get('/api/v1/rankings/2026-10-window').set(as.dashboard).expect(200)).body;
    expect(row(first, 'win-rk-1')).toBeDefined();

    const retired = await api.http.post('/api/v1/units/win-rk-1/retire').set(as.admin).send({ reason: '机构改革撤并' }).expect(200);
    // A correction of October now, the retirement applied: the window stood in October, so nothing changes.
    const amend = await api.http
      .post('/api/v1/rankings/2026-10-window/amend')
      .set(as.intake)
      .send({ reason: '撤并后核对', after: retired.body.position })
      .expect(422);
    expect(amend.body.code).toBe('AMENDMENT_CHANGES_NOTHING');
    expect(row((await api.http.get('/api/v1/rankings/2026-10-window').set(as.dashboard).expect(200)).body, 'win-rk-1')).toEqual(
      row(first, 'win-rk-1'),
    );
  });
});
