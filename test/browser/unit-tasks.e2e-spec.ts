import { startConsole, type ConsoleRun } from '../support/console-browser';
import type { TestCaller } from '../support/tokens';
import { waitUntil } from '../support/wait';
import { timeLeftText, type DeadlineRow } from '../../apps/console/src/views/unit-tasks/tasks';

const INTAKE: TestCaller = { sub: 'intake-wang', role: 'intake' };
const MARKET: TestCaller = { sub: 'unit-market', role: 'unit', unitId: 'dept-market' };

interface Command {
  id: string;
  position: string | null;
}
type Deadline = DeadlineRow & { title: string; unitId: string; dueDate: string };

// 单位待办 (issue 13): a unit user's home lists what its unit must sign for and handle, as the API lists it.
describe('单位待办 in a browser', () => {
  let run: ConsoleRun;
  /** A and C: market leads (C signed for); B: housing leads, not market's. */
  const id = { a: '', b: '', c: '' };
  let position = '0';

  const command = async (caller: TestCaller, route: string, body: object = {}): Promise<Command> => {
    const answer = await run.api<Command>(caller, route, { body });
    if (answer.position) position = answer.position;
    return answer;
  };
  const dispatch = async (title: string, unitId: string): Promise<string> => {
    const filed = await command(INTAKE, '/api/v1/cases', {
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title,
      description: '企业反映办事多次往返',
      complainedUnitId: unitId,
      receivedAt: new Date().toISOString(),
      complainant: { anonymous: true },
    });
    await command(INTAKE, `/api/v1/cases/${filed.id}/accept`);
    await command(INTAKE, `/api/v1/cases/${filed.id}/notify-unit`, { unitId, role: 'lead', responsibleLeader: '张局长' });
    return filed.id;
  };
  /**
   * The market's open deadlines as the API lists them, once the read model has the setup. `?after=`
   * waits 5 s at most; other tests' transactions on the shared database server can hold every read
   * model back for a while, so a 503 PROJECTION_NOT_READY is asked again.
   */
  const marketDeadlines = (kind: 'sign_for' | 'handling') =>
    waitUntil(() => run.read<{ items: Deadline[] }>(MARKET, `/api/v1/overdue?upcoming=true&limit=100&kind=${kind}&after=${position}`), {
      timeoutMs: 30_000,
      intervalMs: 200,
      failure: `the overdue list did not reach position ${position} within 30 s`,
    });

  beforeAll(async () => {
    run = await startConsole({ demoCases: 0 });
    id.a = await dispatch('营业执照变更反复补材料', 'dept-market');
    id.b = await dispatch('房屋登记窗口推诿', 'dept-housing');
    id.c = await dispatch('食品经营许可证延续超时', 'dept-market');
    await command(MARKET, `/api/v1/cases/${id.c}/acknowledge`);
  }, 180_000);

  afterAll(async () => {
    await run?.close();
  });

  it('a unit user sees exactly the cases the API lists for it to sign for, with time left; another unit’s are not there', async () => {
    const signFor = (await marketDeadlines('sign_for')).items;
    const handling = (await marketDeadlines('handling')).items.filter((row) => !signFor.some((s) => s.caseId === row.caseId));
    expect(signFor.map((row) => row.caseId)).toEqual([id.a]);
    expect(handling.map((row) => row.caseId)).toEqual([id.c]);

    const page = await run.signedIn('unit', 'dept-market');
    await page.waitForURL(/\/unit-tasks$/, { timeout: 15_000 });
    const table = page.getByTestId('sign-for-table');
    const links = table.getByTestId('task-link');
    await waitUntil(async () => (await links.count()) === signFor.length, {
      timeoutMs: 20_000,
      failure: `待签收 did not show ${signFor.length} rows`,
    });
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-case-id')))).toEqual(signFor.map((row) => row.caseId));
    expect(await table.getByTestId('time-left').allTextContents()).toEqual(signFor.map((row) => timeLeftText(row)));
    expect(await table.textContent()).not.toContain('房屋登记窗口推诿');
    expect(await page.getByTestId('unit-tasks').textContent()).not.toContain('房屋登记窗口推诿');
    expect(Number(await page.getByTestId('count-sign-for').getAttribute('data-count'))).toBe(signFor.length);
    expect(Number(await page.getByTestId('count-handling').getAttribute('data-count'))).toBe(handling.length);

    // 待办结: the case the market signed for, with its handling deadline.
    await page.getByTestId('count-handling').click();
    const handled = page.getByTestId('handling-table').getByTestId('task-link');
    await handled.first().waitFor({ timeout: 15_000 });
    expect(await handled.evaluateAll((as) => as.map((a) => a.getAttribute('data-case-id')))).toEqual(handling.map((row) => row.caseId));
    await page.getByTestId('count-sign-for').click();
    await run.screenshot(page, 'unit-tasks');

    // A row opens its case page.
    await links.first().click();
    await page.waitForURL(new RegExp(`/cases/${id.a}$`), { timeout: 15_000 });
    await page.close();
  }, 90_000);
});
