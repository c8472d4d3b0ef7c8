import { CALENDAR_STREAM_ID, LEDGER_CONFIG_STREAM_ID, TIME_LIMITS_STREAM_ID } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { appendToCase } from '../support/event-log';
import { appendsWaitingForALock, heldAtAppend } from '../support/stream-locks';
import { waitUntil } from '../support/wait';

/**
 * Two admins editing the same publication at once (publication-revision.ts): each publication's
 * revision is its ETag, a PUT with a stale If-Match is 412 and writes nothing, a PUT without one
 * publishes as before, and the revision is the publication's own (a calendar year's, not the
 * calendar stream's).
 */

/** TEST DATA, not official calendars: one day off per year is enough here. */
const calendarOf = (year: number, note: string) => ({ holidays: [`${year}-01-03`], makeUpWorkdays: [], note });

const policy = (signForWorkingDays: number) => ({
  categories: [{ code: 'complaint_runaround', label: '投诉处理难', handlingWorkingDays: 15 }],
  signForWorkingDays,
  urgencyOverrides: { emergency: { signForWorkingDays: 0, handlingWorkingDays: 0 } },
});

describe('publications take If-Match: two admins cannot silently overwrite each other', () => {
  let api: TestApi;
  let store: EventStore;
  const streamLength = async (streamId: string) => (await store.readStream(streamId)).length;
  const putCalendar = (year: number, note: string, ifMatch?: string) => {
    const put = api.http.put(`/api/v1/admin/calendar/${year}`).set(as.admin);
    return (ifMatch === undefined ? put : put.set('If-Match', ifMatch)).send(calendarOf(year, note));
  };

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-21T10:00:00+08:00' });
    store = api.app.get(EVENT_STORE);
  });

  afterAll(async () => api?.close());

  describe('the time limits', () => {
    const put = (signFor: number, ifMatch?: string) => {
      const request = api.http.put('/api/v1/admin/time-limits').set(as.admin);
      return (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send(policy(signFor));
    };

    it('the default in force reads as ETag "0"; If-Match "0" publishes the first, answering ETag "1"', async () => {
      const read = await api.http.get('/api/v1/admin/time-limits').set(as.admin).expect(200);
      expect([read.body.revision, read.headers.etag]).toEqual([null, '"0"']);
      const published = await put(3, '"0"').expect(200);
      expect([published.body.revision, published.headers.etag]).toEqual([1, '"1"']);
    });

    it('a stale If-Match is 412 VERSION_MISMATCH and writes nothing: the read still shows the first admin’s policy', async () => {
      await put(4, '"1"').expect(200); // admin A, who read revision 1
      const before = await streamLength(TIME_LIMITS_STREAM_ID);
      const stale = await put(5, '"1"').expect(412); // admin B, who read revision 1 too
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stale.body).toMatchObject({ status: 412, code: 'VERSION_MISMATCH', currentVersion: 2 });
      expect(await streamLength(TIME_LIMITS_STREAM_ID)).toBe(before);
      const read = await api.http.get('/api/v1/admin/time-limits').set(as.admin).expect(200);
      expect([read.body.signForWorkingDays, read.body.revision, read.headers.etag]).toEqual([4, 2, '"2"']);
    });

    it('If-Match "0" once something is published is 412 too', async () => {
      const refused = await put(6, '"0"').expect(412);
      expect(refused.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 2 });
    });

    it('without If-Match a publication replaces whatever is in force, as before', async () => {
      const published = await put(6).expect(200);
      expect([published.body.revision, published.headers.etag]).toEqual([3, '"3"']);
    });

    it('a malformed If-Match is 400 INVALID_IF_MATCH naming the header, and writes nothing', async () => {
      const before = await streamLength(TIME_LIMITS_STREAM_ID);
      for (const malformed of ['3', 'W/"3"', '"3", "4"', '*', '']) {
        const refused = await put(7, malformed).expect(400);
        expect(refused.body).toMatchObject({ code: 'INVALID_IF_MATCH', errors: [{ field: 'If-Match' }] });
      }
      expect(await streamLength(TIME_LIMITS_STREAM_ID)).toBe(before);
    });
  });

  describe('the calendar: one stream, a revision per year', () => {
    it('a year nothing is published for takes If-Match "0"; a revision sent for it is 412', async () => {
      const refused = await putCalendar(2027, 'guessed a revision', '"1"').expect(412);
      expect(refused.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 0 });
      expect(await streamLength(CALENDAR_STREAM_ID)).toBe(0);
      const published = await putCalendar(2027, 'first notice', '"0"').expect(200);
      expect([published.body.revision, published.headers.etag]).toEqual([1, '"1"']);
    });

    it('publishing another year leaves this year’s If-Match good', async () => {
      const read2027 = await api.http.get('/api/v1/admin/calendar/2027').set(as.admin).expect(200);
      expect(read2027.headers.etag).toBe('"1"');
      const other = await putCalendar(2028, 'another year', '"0"').expect(200);
      expect(other.headers.etag).toBe('"2"'); // the stream's second publication
      const amended = await putCalendar(2027, 'amended', read2027.headers.etag).expect(200);
      expect([amended.body.revision, amended.headers.etag]).toEqual([3, '"3"']);
      // …and 2028's revision is still 2: amending 2027 moved only 2027.
      const read2028 = await api.http.get('/api/v1/admin/calendar/2028').set(as.admin).expect(200);
      expect(read2028.headers.etag).toBe('"2"');
    });

    it('a stale If-Match on a year is 412 and the year stays as the first admin published it', async () => {
      const before = await streamLength(CALENDAR_STREAM_ID);
      const stale = await putCalendar(2027, 'overwrite attempt', '"1"').expect(412);
      expect(stale.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 3 });
      expect(await streamLength(CALENDAR_STREAM_ID)).toBe(before);
      const read = await api.http.get('/api/v1/admin/calendar/2027').set(as.admin).expect(200);
      expect([read.body.note, read.headers.etag]).toEqual(['amended', '"3"']);
    });

    it('a built-in year reads as ETag "0"', async () => {
      const read = await api.http.get('/api/v1/admin/calendar/2026').set(as.admin).expect(200);
      expect([read.body.revision, read.headers.etag]).toEqual([null, '"0"']);
    });

    it('two PUTs with the same If-Match at once: exactly one publishes, the other is 412', async () => {
      const before = await streamLength(CALENDAR_STREAM_ID);
      let second: Promise<{ status: number; body: { code?: string } }> | undefined;
      // The first PUT waits at its append, decided on revision 3; the second is sent then and waits
      // there too, decided on the same revision; then both appends go on.
      const first = await heldAtAppend(
        api.db.pool,
        CALENDAR_STREAM_ID,
        () => putCalendar(2027, 'admin A', '"3"'),
        async () => {
          second = Promise.resolve(putCalendar(2027, 'admin B', '"3"')).then((r) => ({ status: r.status, body: r.body }));
          await waitUntil(async () => (await appendsWaitingForALock(api.db.pool)) === 2, { timeoutMs: 30_000 });
        },
      );
      const answers = [first, await second!];
      expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
      expect(answers.find((a) => a.status === 412)!.body.code).toBe('VERSION_MISMATCH');
      expect(await streamLength(CALENDAR_STREAM_ID)).toBe(before + 1);
    }, 60_000);
  });

  describe('the time limits while the case list is behind', () => {
    // Last: a case the case list never reaches (no projector here) makes every later publication of
    // the time limits wait for it, as counting the open cases per category must.
    it('a stale If-Match is 412 at once, not the 503 of the open cases the publication would have counted', async () => {
      await appendToCase(store, '00000000-0000-4000-8000-00000000c1a5', {
        type: 'ComplaintFiled',
        data: { category: 'complaint_runaround' },
      });
      const { headers } = await api.http.get('/api/v1/admin/time-limits').set(as.admin).expect(200);
      const before = await streamLength(TIME_LIMITS_STREAM_ID);
      const stale = await api.http
        .put('/api/v1/admin/time-limits')
        .set(as.admin)
        .set('If-Match', `"${Number(JSON.parse(headers.etag)) - 1}"`)
        .send(policy(8))
        .expect(412);
      expect(stale.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: Number(JSON.parse(headers.etag)) });
      expect(await streamLength(TIME_LIMITS_STREAM_ID)).toBe(before);
    });
  });

  describe('an appraisal scheme and the ledger configuration', () => {
    it('a year’s scheme: ETag on the read, 412 on a stale If-Match, nothing written', async () => {
      const read = await api.http.get('/api/v1/admin/appraisal-schemes/2026').set(as.admin).expect(200);
      expect(read.headers.etag).toBe('"0"');
      const scheme = { ...read.body.scheme, note: '区营商办〔2026〕12号' };
      const published = await api.http.put('/api/v1/admin/appraisal-schemes/2026').set(as.admin).set('If-Match', '"0"').send(scheme);
      expect([published.status, published.headers.etag]).toEqual([200, '"1"']);
      const stale = await api.http
        .put('/api/v1/admin/appraisal-schemes/2026')
        .set(as.admin)
        .set('If-Match', '"0"')
        .send({ ...scheme, note: '另一位管理员' })
        .expect(412);
      expect(stale.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 1 });
      const after = await api.http.get('/api/v1/admin/appraisal-schemes/2026').set(as.admin).expect(200);
      expect([after.body.scheme.note, after.headers.etag]).toEqual(['区营商办〔2026〕12号', '"1"']);
    });

    it('the ledger configuration: ETag on the read, 412 on a stale If-Match, nothing written', async () => {
      const read = await api.http.get('/api/v1/admin/ledger').set(as.admin).expect(200);
      expect(read.headers.etag).toBe('"0"');
      const { campaignKinds, findingCategories, measureCategories } = read.body;
      const body = (recheckAfterWorkingDays: number) => ({ campaignKinds, findingCategories, measureCategories, recheckAfterWorkingDays });
      const published = await api.http.put('/api/v1/admin/ledger').set(as.admin).set('If-Match', '"0"').send(body(20)).expect(200);
      expect(published.headers.etag).toBe('"1"');
      const stale = await api.http.put('/api/v1/admin/ledger').set(as.admin).set('If-Match', '"0"').send(body(30)).expect(412);
      expect(stale.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 1 });
      expect(await streamLength(LEDGER_CONFIG_STREAM_ID)).toBe(1);
      const after = await api.http.get('/api/v1/admin/ledger').set(as.admin).expect(200);
      expect([after.body.recheckAfterWorkingDays, after.headers.etag]).toEqual([20, '"1"']);
    });
  });
});
