import type { Pool } from 'pg';
import {
  CALENDAR_STREAM_ID,
  calendarPublicationDecider,
  caseStreamId,
  DEFAULT_TIME_LIMIT_POLICY,
  type CaseCategory,
  TIME_LIMITS_STREAM_ID,
  timeLimitPublicationDecider,
  unitDecider,
  unitStreamId,
} from '@app/domain';
import { decideAndAppend, PostgresEventStore, type EventMetadata } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { ApiClient, complaint } from '../support/api-client';
import { QueryLog } from '../support/query-log';
import { TEST_UNITS_SEED } from '../support/test-units';

const NOW = '2026-11-02T10:00:00+08:00';
/** Due dates of a dispatch on this day fall in 2027, a year the built-in calendar lacks. */
const CHRISTMAS_EVE = '2026-12-24T10:00:00+08:00';
/** Another API instance's admin: its writes reach this instance only through the shared database. */
const ELSEWHERE: EventMetadata = { actorId: 'admin-other-instance', role: 'admin', correlationId: 'other-instance', occurredAt: NOW };

/**
 * The command path holds the configuration streams (units, calendar, time limits) in memory; a case
 * command is decided on them as held and its append checks that they are still at those versions,
 * or it is decided again on them checked against the log (apps/api/src/common/configuration-reading.ts).
 * What a user relies on: a change made through ANOTHER API instance (here: appended by a store of
 * its own on the same database, as that instance's handlers do) decides the very next command on
 * this one; and a filing costs a handful of database round trips.
 */
describe('the command path: configuration held in memory, never stale; few round trips', () => {
  let api: TestApi;
  let client: ApiClient;
  let elsewhere: PostgresEventStore;
  const queries = new QueryLog();

  beforeAll(async () => {
    api = await startTestApi({ now: NOW, env: { UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    elsewhere = new PostgresEventStore(api.db.pool, api.db.url, { pollIntervalMs: 60_000 });
    queries.follow(api.app.get<Pool>(PG_POOL));
  });

  afterAll(async () => {
    await elsewhere?.close();
    await api?.close();
  });

  const unitNotified = async (caseId: string) =>
    (await elsewhere.readStream(caseStreamId(caseId))).filter((e) => e.type === 'UnitNotified').at(-1)?.data as Record<string, unknown>;

  it('a filing takes 1 round trip to the database, a dispatch 1 (before: 10 and 5, then 5 and 3, then 2 and 3, then 2 and 2)', async () => {
    const file = () =>
      client.file({ title: '办事材料反复提交', receivedAt: NOW, complainant: { anonymous: false, name: '王女士', phone: '13800000000' } });
    await file(); // the held copies are current after this one

    const filing = await queries.during(file);

    await client.dispatch({ title: '审批超时', receivedAt: NOW }, 'dept-housing'); // dept-housing held from here on
    const caseId = await client.fileAndAccept({ title: '审批又超时', receivedAt: NOW });
    const dispatch = await queries.during(() => client.notifyUnit(caseId, 'dept-housing'));

    // Filing: the append with the complainant's rows, checking in the same statement that the unit,
    // the calendar and the time limits are still at the versions held (decidedOn). Dispatch: the
    // append at the version of the case this instance holds since it accepted it, checking the same
    // (neither the case nor the configuration is read: the append's version checks confirm them).
    expect({ filing: filing.length, dispatch: dispatch.length, statements: { filing, dispatch } }).toMatchObject({
      filing: 1,
      dispatch: 1,
    });
    expect(filing).toEqual([expect.stringMatching(/FROM append_one_to_stream_with_rows/)]);
    expect(dispatch).toEqual([expect.stringMatching(/FROM append_one_to_stream\(/)]);
  });

  it('a unit retired by another instance is refused by the very next filing and dispatch here, and nothing of theirs is written', async () => {
    const caseId = await client.fileAndAccept({ title: '窗口办事排长队', receivedAt: NOW, complainedUnitId: 'town-yangluo' });
    const eventsNow = async () => Number((await api.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
    await decideAndAppend(
      elsewhere,
      unitStreamId('town-yangluo'),
      unitDecider,
      { type: 'RetireUnit', at: NOW, reason: '区划调整', holdings: { openCases: 0, openFindings: [], activeChildren: [] } },
      { metadata: ELSEWHERE },
    );
    const before = await eventsNow();

    // Each decided first on the unit as held here (active), the append refusing it (the unit moved),
    // then again on the unit checked: retired.
    const filing = await api.http
      .post('/api/v1/cases')
      .set(as.intake)
      .send(complaint({ title: '再次投诉', receivedAt: NOW, complainedUnitId: 'town-yangluo' }));
    expect(filing.status).toBe(422);
    expect(filing.body).toMatchObject({ code: 'UNIT_RETIRED', unitId: 'town-yangluo', field: 'complainedUnitId' });
    const dispatch = await api.http
      .post(`/api/v1/cases/${caseId}/notify-unit`)
      .set(as.intake)
      .send({ unitId: 'town-yangluo', role: 'lead', responsibleLeader: '张主任' });
    expect(dispatch.status).toBe(422);
    expect(dispatch.body).toMatchObject({ code: 'UNIT_RETIRED', unitId: 'town-yangluo', field: 'unitId' });
    expect(await eventsNow()).toBe(before);
  });

  it('a time-limit policy published by another instance decides the very next filing and dispatch here', async () => {
    const publishElsewhere = (extra: CaseCategory[]) =>
      decideAndAppend(
        elsewhere,
        TIME_LIMITS_STREAM_ID,
        timeLimitPublicationDecider,
        {
          type: 'PublishTimeLimitPolicy',
          at: NOW,
          categories: [...DEFAULT_TIME_LIMIT_POLICY.categories, ...extra],
          signForWorkingDays: 1,
          urgencyOverrides: {},
          openCasesByCategory: {},
        },
        { metadata: ELSEWHERE },
      );
    const fileDigitalCase = () =>
      api.http
        .post('/api/v1/cases')
        .set(as.intake)
        .send(complaint({ title: '一网通办无法提交', receivedAt: NOW, category: 'digital_service' }));

    await publishElsewhere([]);
    // Held here from now on: time-limits@1, without the category.
    expect((await fileDigitalCase()).body).toMatchObject({ code: 'UNKNOWN_CATEGORY' });
    await publishElsewhere([{ code: 'digital_service', label: '数字政务', handlingWorkingDays: 5 }]);

    const filed = await fileDigitalCase();
    expect(filed.status).toBe(201);
    await client.accept(filed.body.id);
    await client.notifyUnit(filed.body.id, 'dept-market');
    expect(await unitNotified(filed.body.id)).toMatchObject({ timeLimitsVersion: 'time-limits@2' });
  });

  it('a calendar year published by another instance counts the due dates of the very next dispatch here', async () => {
    const publishElsewhere = (year: number) =>
      decideAndAppend(
        elsewhere,
        CALENDAR_STREAM_ID,
        calendarPublicationDecider,
        { type: 'PublishCalendarYear', at: NOW, year, holidays: [`${year}-01-01`], makeUpWorkdays: [], note: 'test data' },
        { metadata: ELSEWHERE },
      );
    await publishElsewhere(2028);
    api.clock.set(CHRISTMAS_EVE);
    const caseId = await client.fileAndAccept({ title: '年底办证难', receivedAt: CHRISTMAS_EVE });
    const dispatch = () =>
      api.http
        .post(`/api/v1/cases/${caseId}/notify-unit`)
        .set(as.intake)
        .send({ unitId: 'dept-market', role: 'lead', responsibleLeader: '张局长' });
    // Held here from now on: the calendar stream with 2028 only.
    expect((await dispatch()).body).toMatchObject({ code: 'CALENDAR_YEAR_MISSING' });

    await publishElsewhere(2027);

    expect((await dispatch()).status).toBe(200);
    expect(await unitNotified(caseId)).toMatchObject({ calendarVersion: expect.stringContaining('2027:admin@2') });
  });
});
