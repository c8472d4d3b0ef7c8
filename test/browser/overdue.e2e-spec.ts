import * as fs from 'node:fs';
import ExcelJS from 'exceljs';
import { timeLeftText } from '../../apps/console/src/format';
import { startConsole, type ConsoleRun } from '../support/console-browser';
import type { TestCaller } from '../support/tokens';
import { waitUntil } from '../support/wait';

const DEMO_CASES = 20;
const INTAKE: TestCaller = { sub: 'intake-wang', role: 'intake' };

interface Command {
  id: string;
  position: string | null;
}
interface OverdueRow {
  caseId: string;
  unitId: string;
  kind: 'sign_for' | 'handling';
  card: 'red' | 'yellow';
  workingDaysOverdue: number;
  workingDaysLeft: number;
  supervision: { count: number; level: string | null; lastIssuedAt: string | null };
}
interface OverduePage {
  items: OverdueRow[];
  nextCursor: string | null;
}

// 超期督办 (issue 13): the list of red and yellow cards, urging a unit from its row, the xlsx export.
describe('超期督办 in a browser', () => {
  let run: ConsoleRun;
  let position = '0';
  /** A case of our own, dispatched today to the market: its sign-for deadline is a yellow card. */
  let ownCase = '';

  const command = async (caller: TestCaller, route: string, body: object = {}): Promise<Command> => {
    const answer = await run.api<Command>(caller, route, { body });
    if (answer.position) position = answer.position;
    return answer;
  };
  /** Every row of GET /api/v1/overdue (after the last command), page after page. */
  async function overdueRows(query = ''): Promise<OverdueRow[]> {
    const rows: OverdueRow[] = [];
    let cursor: string | null = null;
    do {
      const page: OverduePage = await run.api<OverduePage>(
        INTAKE,
        `/api/v1/overdue?limit=100&after=${position}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }
  const testId = (row: OverdueRow) => `${row.caseId}-${row.unitId}-${row.kind}`;

  beforeAll(async () => {
    run = await startConsole({ demoCases: DEMO_CASES });
    const filed = await command(INTAKE, '/api/v1/cases', {
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '营业执照变更反复补材料',
      description: '企业反映办事多次往返',
      complainedUnitId: 'dept-market',
      receivedAt: new Date().toISOString(),
      complainant: { anonymous: true },
    });
    ownCase = filed.id;
    await command(INTAKE, `/api/v1/cases/${ownCase}/accept`);
    await command(INTAKE, `/api/v1/cases/${ownCase}/notify-unit`, { unitId: 'dept-market', role: 'lead', responsibleLeader: '张局长' });
    // `?after=` waits 5 s at most; the list's first build of the demo year may take longer on a loaded machine.
    await waitUntil(() => run.read(INTAKE, `/api/v1/overdue?limit=1&after=${position}`), {
      timeoutMs: 60_000,
      intervalMs: 200,
      failure: 'the overdue list did not reach the demo year and our case within 60 s',
    });
  }, 180_000);

  afterAll(async () => {
    await run?.close();
  });

  it('intake opens 超期督办 from its menu and sees the API’s red and yellow cards, in its order', async () => {
    const page = await run.signedIn('intake');
    await page.waitForURL(/\/cases$/, { timeout: 15_000 });
    await page.getByTestId('menu-overdue').click();
    await page.waitForURL(/\/overdue$/, { timeout: 15_000 });
    const items = (await run.api<OverduePage>(INTAKE, `/api/v1/overdue?limit=50&after=${position}`)).items;
    const cards = page.getByTestId('overdue-table').locator('[data-card]');
    if (items.length === 0) await page.getByText('没有超期或临期的事项').waitFor({ timeout: 15_000 });
    await waitUntil(async () => (await cards.count()) === items.length, {
      timeoutMs: 20_000,
      failure: `the table did not show ${items.length} rows`,
    });
    expect(await cards.evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-card')))).toEqual(items.map((item) => item.card));
    // The API counts working days: the cells say so under their header, as 单位待办 does (never 「天」).
    expect(await page.getByTestId('overdue-table').locator('th').filter({ hasText: '超期 / 剩余（工作日）' }).count()).toBe(1);
    expect(await page.getByTestId('overdue-table').getByTestId('time-left').allTextContents()).toEqual(
      items.map((item) => timeLeftText(item)),
    );
    await page.close();
  }, 60_000);

  it('intake urges a unit from a card’s row: the row and GET /api/v1/overdue show the supervision', async () => {
    const rows = await overdueRows();
    // Our own case's sign-for deadline (a yellow card): the served server runs on the real clock, so a
    // deadline can't be made to pass here, and the demo year leaves no case open past one.
    const target = rows.find((row) => row.caseId === ownCase && row.kind === 'sign_for')!;
    expect(target).toMatchObject({ unitId: 'dept-market', card: 'yellow' });
    const before = target.supervision.count;

    const page = await run.signedIn('intake');
    await page.goto(`${run.base}/overdue`);
    const supervision = page.getByTestId(`supervision-${testId(target)}`);
    await supervision.waitFor({ timeout: 20_000 });
    expect(Number(await supervision.getAttribute('data-count'))).toBe(before);

    // The row's menu reads the case (its version and allowedActions) and offers 催办, 督办, 挂牌督办.
    await page.getByTestId(`actions-${testId(target)}`).click();
    const urge = page.locator('[data-testid="action-urge"]:visible');
    await urge.waitFor({ timeout: 15_000 });
    await urge.click();
    const dialog = page.getByTestId('supervise-dialog');
    // Sent without a note: refused at the note; the error goes as soon as a note is typed, before any resend.
    await page.getByTestId('supervise-submit').click();
    const noteError = dialog.locator('.el-form-item__error').filter({ hasText: '请填写督办意见' });
    await noteError.waitFor({ timeout: 15_000 });
    // (el-input puts its attributes on the textarea itself.)
    await page
      .locator('textarea[data-testid="supervise-note"], [data-testid="supervise-note"] textarea')
      .fill('请于两个工作日内签收并反馈办理进展');
    await noteError.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.getByTestId('supervise-submit').click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });

    // The row re-reads the list after the command: one more supervision, as the API now lists it.
    await waitUntil(async () => Number(await supervision.getAttribute('data-count')) === before + 1, {
      timeoutMs: 20_000,
      failure: 'the row did not show the new supervision',
    });
    const after = (await overdueRows()).find((row) => testId(row) === testId(target))!;
    expect(after.supervision.count).toBe(before + 1);
    expect(after.supervision.level).not.toBeNull();
    expect(await supervision.getAttribute('data-level')).toBe(after.supervision.level);

    // Its history (expand row): the 催办 with its note.
    await supervision.locator('xpath=ancestor::tr').locator('.el-table__expand-icon').click();
    await page
      .getByTestId(`history-${target.caseId}`)
      .getByTestId('history-event')
      .filter({ hasText: '请于两个工作日内签收并反馈办理进展' })
      .first()
      .waitFor({ timeout: 15_000 });
    await run.screenshot(page, 'overdue');
    await page.close();
  }, 90_000);

  it('a case changed by someone else meanwhile: 412 says so plainly, 刷新 reads it again, and the act then goes through', async () => {
    const target = (await overdueRows()).find((row) => row.caseId === ownCase && row.kind === 'sign_for')!;
    const page = await run.signedIn('intake');
    await page.goto(`${run.base}/overdue`);
    const supervision = page.getByTestId(`supervision-${testId(target)}`);
    await supervision.waitFor({ timeout: 20_000 });
    await page.getByTestId(`actions-${testId(target)}`).click();
    const urge = page.locator('[data-testid="action-urge"]:visible');
    await urge.waitFor({ timeout: 15_000 });
    await urge.click();
    // The menu has read the case's version; another user acts on the case now.
    await command({ sub: 'discipline-li', role: 'discipline' }, `/api/v1/cases/${ownCase}/supervise`, {
      unitId: 'dept-market',
      level: 'supervise',
      note: '纪检督办',
    });
    const note = page.locator('textarea[data-testid="supervise-note"], [data-testid="supervise-note"] textarea');
    await note.fill('再次催办');
    await page.getByTestId('supervise-submit').click();
    await page.getByTestId('stale').filter({ hasText: '此案件已被他人修改，请刷新' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('stale-reload').click();
    await page.getByTestId('stale').waitFor({ state: 'hidden', timeout: 15_000 });
    await page.getByTestId('supervise-submit').click();
    await waitUntil(async () => Number(await supervision.getAttribute('data-count')) === target.supervision.count + 2, {
      timeoutMs: 20_000,
      failure: 'the row did not show both supervisions',
    });
    const after = (await overdueRows()).find((row) => testId(row) === testId(target))!;
    expect(after.supervision).toMatchObject({ count: target.supervision.count + 2, level: 'supervise' });
    await page.close();
  }, 90_000);

  it('导出 Excel downloads an xlsx (a ZIP: “PK”) with a row for every row the API lists', async () => {
    const rows = await overdueRows();
    const page = await run.signedIn('intake');
    await page.goto(`${run.base}/overdue`);
    await page.getByTestId('overdue-table').waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^超期督办清单-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const body = fs.readFileSync((await download.path())!);
    expect(body.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const caseIds: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) caseIds.push(String(row.getCell(1).value));
    });
    expect(caseIds).toHaveLength(rows.length);
    expect(caseIds).toEqual(rows.map((row) => row.caseId));
    await page.close();
  }, 90_000);
});
