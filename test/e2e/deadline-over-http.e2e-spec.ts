import { DeadlineScheduler } from '../../apps/server/src';
import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

/**
 * The whole path of a red card (红牌): a unit that does not sign for a case in time gets exactly one
 * DeadlinePassed from the scheduler running in the same process (APP_ROLE=all), on the test's clock.
 */
describe('a sign-for deadline passing, end to end', () => {
  let api: TestApi;
  beforeAll(
    async () =>
      (api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } })),
  );
  afterAll(async () => api.close());

  /** Until two ticks have completed from now: at least one whole tick has seen what came before. */
  async function twoMoreTicks(): Promise<void> {
    const scheduler = api.app.get(DeadlineScheduler, { strict: false });
    const from = scheduler.completedTicks;
    await waitUntil(() => scheduler.completedTicks >= from + 2, { timeoutMs: 15_000, failure: 'the deadline scheduler did not tick' });
  }

  async function historyOf(
    path: string,
  ): Promise<Array<{ type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>> {
    return (await api.http.get(`${path}/history`).set(as.discipline).expect(200)).body.events;
  }

  it('fires once after the due day ends in Beijing, and not for the unit that signed in time', async () => {
    const client = new ApiClient(api);
    const file = () =>
      client.file({
        category: 'irregular_enforcement',
        title: '执法检查未出示证件',
        description: '检查人员未亮证',
        receivedAt: '2026-11-16T08:30:00+08:00',
      });
    const cases = [await file(), await file()];
    for (const caseId of cases) {
      await client.accept(caseId);
      await client.notifyUnit(caseId, 'dept-market');
    }
    const [late, onTime] = cases.map((caseId) => `/api/v1/cases/${caseId}`);
    expect((await api.http.get(late).set(as.intake)).body.units[0].signForDue).toBe('2026-11-17');
    await api.http.post(`${onTime}/acknowledge`).set(as.unit('dept-market')).send({}).expect(200);

    api.clock.set('2026-11-17T23:59:00+08:00');
    await twoMoreTicks(); // still the due day
    expect((await historyOf(late)).map((e) => e.type)).not.toContain('DeadlinePassed');

    api.clock.set('2026-11-18T00:00:00+08:00');
    const passed = await waitUntil(async () => (await historyOf(late)).find((e) => e.type === 'DeadlinePassed'), {
      timeoutMs: 15_000,
      intervalMs: 200,
      failure: 'timed out',
    });
    expect(passed.data).toEqual({ deadline: 'sign_for', unitId: 'dept-market', dueDate: '2026-11-17' });
    expect(passed.metadata).toMatchObject({ role: 'system', actorId: 'deadline-scheduler' });

    await twoMoreTicks();
    expect((await historyOf(late)).filter((e) => e.type === 'DeadlinePassed')).toHaveLength(1);
    expect((await historyOf(onTime)).map((e) => e.type)).not.toContain('DeadlinePassed');
  });
});
