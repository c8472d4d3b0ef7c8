import { startConsole, type ConsoleRun } from '../support/console-browser';
import type { TestCaller } from '../support/tokens';
import { waitUntil } from '../support/wait';
import { MEASURE_STATUS_NAMES, type MeasureStatus } from '../../apps/console/src/views/ledger/labels';
import { measureKey, timeLeftText, type DeadlineRow, type MeasureIdentity } from '../../apps/console/src/views/unit-tasks/tasks';

const INTAKE: TestCaller = { sub: 'intake-wang', role: 'intake' };
const MARKET: TestCaller = { sub: 'unit-market', role: 'unit', unitId: 'dept-market' };
const HOUSING: TestCaller = { sub: 'unit-housing', role: 'unit', unitId: 'dept-housing' };

interface Command {
  id: string;
  position: string | null;
}
type Deadline = DeadlineRow & { title: string; unitId: string; dueDate: string };
type MeasureRow = MeasureIdentity & { status: string; responsibleUnitId: string; description: string };

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

  it('待整改措施 lists the measures the unit owes, not those another unit holds, with the ledger’s status names', async () => {
    const year = new Date().getFullYear();
    // A finding against the market bureau: M1 its own, M2 the housing bureau's.
    const finding = await command(INTAKE, '/api/v1/findings', {
      source: { kind: 'inspection' },
      unitId: 'dept-market',
      category: 'cumbersome_approval',
      description: '暗访发现窗口办理营业执照变更需多次补交材料',
      raisedBy: { kind: 'office', name: '区营商环境办' },
    });
    const findingMeasure = (description: string, responsibleUnitId: string) => ({
      description,
      responsibleUnitId,
      responsibleLeader: '张副局长',
      due: { date: `${year}-12-31` },
      sizeClass: 'immediate',
      category: 'approval_streamlining',
    });
    await command(MARKET, `/api/v1/findings/${finding.id}/measures`, {
      measures: [findingMeasure('编制一次性告知清单并在窗口公示', 'dept-market'), findingMeasure('公示房屋登记材料清单', 'dept-housing')],
    });
    // A case the market leads (housing is not on it): M1 its own, M2 naming the housing bureau.
    const led = await dispatch('窗口一次性告知不到位', 'dept-market');
    await command(MARKET, `/api/v1/cases/${led}/acknowledge`);
    await command(MARKET, `/api/v1/cases/${led}/report-handling`, { factsFound: '属实', factsEstablished: true, result: '已一次性告知' });
    const caseMeasure = (description: string, responsibleUnitId: string) => ({
      description,
      responsibleUnitId,
      responsibleLeader: '张局长',
      dueDate: `${year + 1}-06-30`,
    });
    await command(MARKET, `/api/v1/cases/${led}/plan-rectification`, {
      measures: [caseMeasure('窗口人员业务培训', 'dept-market'), caseMeasure('核对房屋登记告知单', 'dept-housing')],
    });

    const key = (holder: 'case' | 'finding', holderId: string, measureId: string) => `${holder}:${holderId}:${measureId}`;
    const rows = async (caller: TestCaller, count: number): Promise<MeasureRow[]> =>
      (
        await waitUntil(
          async () => {
            const page = await run.read<{ items: MeasureRow[] }>(caller, `/api/v1/rectifications?limit=100&after=${position}`);
            return page?.items.length === count ? page : null;
          },
          { timeoutMs: 30_000, intervalMs: 200, failure: `the ledger did not reach position ${position} within 30 s` },
        )
      ).items;
    await waitUntil(() => run.read(MARKET, `/api/v1/cases?status=in_progress&after=${position}`), {
      timeoutMs: 30_000,
      intervalMs: 200,
      failure: `the case list did not reach position ${position} within 30 s`,
    });
    // The API lists each unit more than it owes: the market its finding's M2, housing the case's M2 (a case it is not on).
    const market = await rows(MARKET, 4);
    const housing = await rows(HOUSING, 2);
    expect(market.map(measureKey).sort()).toEqual(
      [key('case', led, 'M1'), key('case', led, 'M2'), key('finding', finding.id, 'M1'), key('finding', finding.id, 'M2')].sort(),
    );
    expect(housing.map(measureKey).sort()).toEqual([key('case', led, 'M2'), key('finding', finding.id, 'M2')].sort());

    const shown = async (caller: TestCaller, unitId: string, owed: string[]) => {
      const page = await run.signedIn('unit', unitId);
      await page.waitForURL(/\/unit-tasks$/, { timeout: 15_000 });
      await page.getByTestId('count-measures').click();
      const links = page.getByTestId('measures-table').getByTestId('measure-link');
      await waitUntil(async () => (await links.count()) === owed.length, {
        timeoutMs: 20_000,
        failure: `待整改措施 of ${unitId} did not show ${owed.length} rows`,
      });
      // Exactly the measures it owes, in the API's order; the card counts them.
      const expected = (caller === MARKET ? market : housing).filter((row) => owed.includes(measureKey(row)));
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-measure-key')))).toEqual(expected.map(measureKey));
      expect(Number(await page.getByTestId('count-measures').getAttribute('data-count'))).toBe(owed.length);
      // A planned measure reads as in 整改台账, on the finding's page and on the case's (待整改), never another word.
      const statuses = page.getByTestId('measures-table').getByTestId('measure-status');
      expect(await statuses.allTextContents()).toEqual(expected.map((row) => MEASURE_STATUS_NAMES[row.status as MeasureStatus]));
      expect(await statuses.allTextContents()).toEqual(expected.map(() => '待整改'));
      return page;
    };

    // The market owes its finding's M1 (not housing's M2) and, as the case's lead, both of its case's measures.
    const marketPage = await shown(MARKET, 'dept-market', [
      key('finding', finding.id, 'M1'),
      key('case', led, 'M1'),
      key('case', led, 'M2'),
    ]);
    expect(await marketPage.getByTestId('measures-table').textContent()).not.toContain('公示房屋登记材料清单');
    await marketPage.close();

    // Housing owes the finding's M2, not the measure of a case it is not on (the lead reports that one).
    const housingPage = await shown(HOUSING, 'dept-housing', [key('finding', finding.id, 'M2')]);
    expect(await housingPage.getByTestId('measures-table').textContent()).not.toContain('核对房屋登记告知单');
    // Its row opens the finding, where it may report on the measure.
    await housingPage.getByTestId('measure-link').first().click();
    await housingPage.waitForURL(new RegExp(`/ledger/findings/${finding.id}$`), { timeout: 15_000 });
    await housingPage.getByTestId('measure-progress-M2').waitFor({ timeout: 20_000 });
    // The heading leads back where the unit found it, 单位待办's 待整改措施 (its menu has no 整改台账: that
    // link took it to its home's first tab).
    await housingPage.getByTestId('finding').getByRole('link', { name: '单位待办' }).click();
    await housingPage.waitForURL((url) => url.pathname === '/unit-tasks' && url.searchParams.get('tab') === 'measures', {
      timeout: 15_000,
    });
    await housingPage.getByTestId('measures-table').getByTestId('measure-link').first().waitFor({ timeout: 20_000 });
    expect(await housingPage.getByTestId('measures-table').isVisible()).toBe(true);
    await housingPage.reload();
    await housingPage.getByTestId('measures-table').getByTestId('measure-link').first().waitFor({ timeout: 20_000 });
    expect(await housingPage.getByTestId('measures-table').isVisible()).toBe(true);
    await housingPage.close();
  }, 120_000);
});
