import { TIME_LIMITS_STREAM_ID, unitStreamId } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ApiClient, type Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * Issue 9: admin changes that would orphan open cases are refused with 422 and a code
 * (docs/rules.md#admin-publications-and-open-cases): a time-limit policy dropping a category an open
 * case uses, retiring a unit that handles open cases or has active units under it. A calendar year
 * that moves due dates is published: due dates already recorded stand.
 */
describe('admin changes and the open cases', () => {
  let api: TestApi;
  let client: ApiClient;
  let store: EventStore;
  const streamLength = async (streamId: string) => (await store.readStream(streamId)).length;
  const received = { receivedAt: '2026-11-16T08:30:00+08:00' };

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    store = api.app.get(EVENT_STORE);
  });
  afterAll(async () => api?.close());

  describe('the time-limit policy keeps every category an open case uses', () => {
    let inForce: Json;
    const policyWithout = (...codes: string[]) => ({
      categories: inForce.categories.filter((c: Json) => !codes.includes(c.code)),
      signForWorkingDays: inForce.signForWorkingDays,
      urgencyOverrides: inForce.urgencyOverrides,
    });
    const publish = (policy: object) => api.http.put('/api/v1/admin/time-limits').set(as.admin).send(policy);

    beforeAll(async () => {
      inForce = (await api.http.get('/api/v1/admin/time-limits').set(as.admin).expect(200)).body;
    });

    it('dropping a category open cases use is 422 CATEGORY_IN_USE, naming the categories and the count; nothing is published', async () => {
      await client.fileAndAccept({ ...received, title: '咨询开办手续', category: 'enquiry' });
      await client.dispatch({ ...received, title: '咨询税务登记', category: 'enquiry' }, 'dept-approval');
      const disorder = await client.file({ ...received, title: '市场秩序混乱', category: 'market_disorder' });
      const refused = await publish(policyWithout('enquiry', 'market_disorder', 'high_business_cost')).expect(422);
      expect(refused.body).toMatchObject({
        status: 422,
        code: 'CATEGORY_IN_USE',
        categories: ['enquiry', 'market_disorder'],
        openCases: 3,
        openCasesByCategory: { enquiry: 2, market_disorder: 1 },
      });
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await streamLength(TIME_LIMITS_STREAM_ID)).toBe(0);

      // A category with a new label and limit stays in use: fine. One no open case uses may go.
      const relabelled = policyWithout('high_business_cost');
      relabelled.categories = relabelled.categories.map((c: Json) =>
        c.code === 'enquiry' ? { ...c, label: '政策咨询（含办事指引）', handlingWorkingDays: 5 } : c,
      );
      expect((await publish(relabelled).expect(200)).body).toMatchObject({ version: 'time-limits@1' });

      // Once no open case uses it, it may be dropped (a rejected complaint is not open).
      const withoutDisorder = { ...relabelled, categories: relabelled.categories.filter((c: Json) => c.code !== 'market_disorder') };
      expect((await publish(withoutDisorder).expect(422)).body).toMatchObject({ categories: ['market_disorder'], openCases: 1 });
      await client.send(`/api/v1/cases/${disorder}/reject`, as.intake, { reason: '不属受理范围' });
      expect((await publish(withoutDisorder).expect(200)).body).toMatchObject({ version: 'time-limits@2' });
    });

    it('a case filed a moment ago counts, though the read model has not been asked to catch up', async () => {
      // No `after` anywhere: the check itself waits for the case list to reach the log's head.
      const { body } = await api.http
        .post('/api/v1/cases')
        .set(as.intake)
        .send({
          ...received,
          channel: 'web',
          category: 'complaint_runaround',
          urgency: 'normal',
          title: '投诉无人处理',
          description: '…',
          complainedUnitId: 'dept-market',
          complainant: { anonymous: true },
        })
        .expect(201);
      expect(body.id).toEqual(expect.any(String));
      const refused = await publish(policyWithout('complaint_runaround', 'market_disorder', 'high_business_cost')).expect(422);
      expect(refused.body).toMatchObject({ code: 'CATEGORY_IN_USE', categories: ['complaint_runaround'], openCases: 1 });
    });
  });

  describe('a unit is retired only when nothing is left without it', () => {
    const retire = (unitId: string) => api.http.post(`/api/v1/units/${unitId}/retire`).set(as.admin).send({ reason: '机构改革撤并' });

    it('with active units under it: 422 UNIT_HAS_ACTIVE_CHILDREN naming them; handling open cases: 422 UNIT_HAS_OPEN_CASES with the count', async () => {
      const caseId = await client.dispatch({ ...received, title: '税务窗口排队过久' }, 'win-tax-01');
      await client.notifyUnit(caseId, 'town-yangluo', 'co');

      const parent = await retire('dept-approval').expect(422);
      expect(parent.body).toMatchObject({ code: 'UNIT_HAS_ACTIVE_CHILDREN', unitId: 'dept-approval', children: ['win-tax-01'] });
      const lead = await retire('win-tax-01').expect(422);
      expect(lead.body).toMatchObject({ code: 'UNIT_HAS_OPEN_CASES', unitId: 'win-tax-01', openCases: 1 });
      const co = await retire('town-yangluo').expect(422);
      expect(co.body).toMatchObject({ code: 'UNIT_HAS_OPEN_CASES', unitId: 'town-yangluo', openCases: 1 });
      expect(await streamLength(unitStreamId('win-tax-01'))).toBe(1);

      // Intake transfers the window's part (改派): now the window, and then its parent, may be retired.
      await client.send(`/api/v1/cases/${caseId}/transfer`, as.intake, {
        fromUnitId: 'win-tax-01',
        toUnitId: 'dept-housing',
        reason: '窗口撤并，职责划转',
        responsibleLeader: '李局长',
      });
      await retire('win-tax-01').expect(200);
      expect((await api.http.get('/api/v1/units/win-tax-01').set(as.admin).expect(200)).body).toMatchObject({ status: 'retired' });
      // dept-approval still leads the enquiry case dispatched above.
      expect((await retire('dept-approval').expect(422)).body).toMatchObject({ code: 'UNIT_HAS_OPEN_CASES', openCases: 1 });
    });

    it('a unit that disputed its only case no longer handles it and may be retired', async () => {
      await api.http.post('/api/v1/units').set(as.admin).send({ id: 'town-new', name: '新港镇', kind: 'town' }).expect(201);
      const caseId = await client.dispatch({ ...received, title: '新港镇办事难' }, 'town-new');
      await client.send(`/api/v1/cases/${caseId}/dispute-dispatch`, as.unit('town-new'), { reason: '不属本镇管辖' });
      await retire('town-new').expect(200);
    });
  });

  it('a calendar year that moves due dates is published: the due dates recorded stand, new counts use it', async () => {
    const before = await client.dispatch({ ...received, title: '调休前交办的案件' }, 'dept-market');
    const dueOf = async (caseId: string) =>
      ((await api.http.get(`/api/v1/cases/${caseId}`).set(as.intake).expect(200)).body.units as Json[])[0].handlingDue as string;
    const recorded = await dueOf(before);
    const year = (await api.http.get('/api/v1/admin/calendar/2026').set(as.admin).expect(200)).body;
    await api.http
      .put('/api/v1/admin/calendar/2026')
      .set(as.admin)
      .send({ holidays: [...year.holidays, '2026-11-20'], makeUpWorkdays: year.makeUpWorkdays, note: '补充通知：11月20日放假' })
      .expect(200);
    expect(await dueOf(before)).toBe(recorded);
    const after = await client.dispatch({ ...received, title: '调休后交办的案件' }, 'dept-market');
    expect(await dueOf(after)).not.toBe(recorded);
  });
});
