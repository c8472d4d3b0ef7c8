import * as fs from 'node:fs';
import { DEMO_YEAR, startConsole, type ConsoleRun } from '../support/console-browser';
import { waitUntil } from '../support/wait';

const LEADER = { sub: 'leader-chen', role: 'dashboard' };
const ADMIN = { sub: 'admin-zhao', role: 'admin' };

interface TableUnit {
  unitId: string;
  kind: string;
  rank: number | null;
  score: number | null;
  grade: string | null;
}
interface Events {
  events: Array<{ eventId: string }>;
}
interface UnitAppraisal {
  name: string;
  score: number | null;
  weightedPoints: number;
  deductedPoints: number;
  components: Array<{
    component: string;
    weight: number;
    points: number;
    record?: { revision: number; note: string | null; superseded: Array<{ eventId: string }> } | null;
  }>;
  deductions: Array<{
    deduction: string;
    items?: Array<Events & { deductionId?: string; accountabilityId?: string; findingId?: string }>;
    withdrawn?: Array<Events & { deductionId: string; withdrawal: { reason: string } }>;
  }>;
  cases: { items: Array<{ caseId: string; title: string }>; nextCursor: string | null };
}
interface AppraisalInputs {
  version: number;
  inputs: {
    survey: { score: number; revision: number } | null;
    deductions: Array<{ deductionId: string }>;
    withdrawnDeductions: Array<{ deductionId: string }>;
  };
}

/** The numbers a deduction of the year can no longer take: those that count, then those withdrawn. */
const usedIds = ({ inputs }: AppraisalInputs) => [...inputs.deductions, ...inputs.withdrawnDeductions].map((d) => d.deductionId);
/** The year in Beijing, the appraisal's clock. */
const beijingYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** Millionths and hundredths of a point, the units the domain adds scores and deductions in. */
const micro = (points: number) => Math.round(points * 1_000_000);
const hundredths = (points: number) => Math.round(points * 100);
/**
 * A unit's score from its weighted points (millionths) and deductions (hundredths), as the scheme
 * says it is made (libs/domain unit-appraisal.ts): their difference rounded half up to the hundredth, not below 0.
 */
const composite = (weightedMicro: number, deductedHundredths: number) =>
  Math.max(0, Math.floor((weightedMicro - deductedHundredths * 10_000 + 5_000) / 10_000)) / 100;

// Issue 13, 考核评议: the year's table as the API computes it, a unit's breakdown with the events
// behind each point, and the xlsx, in a real Chromium on the first-start demo year.
describe('考核评议 in a browser', () => {
  let run: ConsoleRun;
  const table = () => run.api<{ units: TableUnit[] }>(LEADER, `/api/v1/appraisals/${DEMO_YEAR}`);
  /** A unit of the year's table still active (a deduction may be recorded for it) and scored. */
  async function activeUnitWithScore(): Promise<TableUnit> {
    const units = await run.api<{ items: Array<{ unitId: string; status: string }> }>(ADMIN, '/api/v1/units');
    const active = new Set(units.items.filter((u) => u.status === 'active').map((u) => u.unitId));
    return (await table()).units.find((u) => active.has(u.unitId) && u.score !== null)!;
  }
  const tableWhenBuilt = () => run.read<{ units: TableUnit[] }>(LEADER, `/api/v1/appraisals/${DEMO_YEAR}`);

  beforeAll(async () => {
    run = await startConsole({ demoCases: 20 });
    await waitUntil(async () => (await tableWhenBuilt())?.units.some((unit) => unit.score !== null || unit.rank !== null), {
      timeoutMs: 60_000,
      intervalMs: 250,
      failure: 'the demo year did not reach the appraisal within 60 s',
    });
  }, 180_000);
  afterAll(async () => run?.close());

  it('a leader opens 考核评议 from the menu and sees the year’s table, grouped by kind, as the API answers it', async () => {
    const page = await run.signedIn('dashboard');
    await page.getByTestId('menu-appraisal').click();
    await page.waitForURL(/\/appraisal$/, { timeout: 15_000 });
    await page
      .getByTestId('appraisal-caption')
      .filter({ hasText: `${DEMO_YEAR}年度` })
      .waitFor({ timeout: 15_000 });
    // The scheme as a reader says it; its code only in the tooltip.
    const caption = (await page.getByTestId('appraisal-caption').textContent())!;
    expect([caption.includes('考核方案：默认方案'), caption.includes('appraisal-scheme')]).toEqual([true, false]);
    const { units } = await table();
    const cells = page.locator('[data-unit-id][data-rank]');
    await waitUntil(async () => (await cells.count()) === units.length, {
      timeoutMs: 15_000,
      failure: `the table did not show ${units.length} units`,
    });
    const shown = await cells.evaluateAll((spans) =>
      spans.map((span) => ({
        unitId: span.getAttribute('data-unit-id'),
        rank: span.getAttribute('data-rank'),
        score: span.getAttribute('data-score'),
        grade: span.getAttribute('data-grade'),
      })),
    );
    const expected = units.map((u) => ({
      unitId: u.unitId,
      rank: String(u.rank ?? ''),
      score: String(u.score ?? ''),
      grade: u.grade ?? '',
    }));
    const byId = (a: { unitId: string | null }, b: { unitId: string | null }) => String(a.unitId).localeCompare(String(b.unitId));
    expect(shown.sort(byId)).toEqual(expected.sort(byId));
    // Each kind is ranked on its own: a unit sits in its kind's table.
    for (const unit of units) {
      expect(await page.getByTestId(`appraisal-kind-${unit.kind}`).locator(`[data-unit-id="${unit.unitId}"]`).count()).toBe(1);
    }
    await run.screenshot(page, 'appraisal');
    await page.close();
  }, 90_000);

  it('the export downloads the year’s xlsx under the server’s file name', async () => {
    const page = await run.signedIn('dashboard');
    await page.goto(`${run.base}/appraisal?year=${DEMO_YEAR}`);
    await page.getByTestId('appraisal-caption').waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('appraisal-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.close();
  }, 60_000);

  it('a unit’s breakdown lists the API’s components, deduction items with their events, and cases', async () => {
    const { units } = await table();
    // The unit with the most behind its score: deduction items first, then cases.
    const details = await Promise.all(
      units.map(async (u) => ({
        unit: u,
        view: await run.api<UnitAppraisal>(LEADER, `/api/v1/appraisals/${DEMO_YEAR}/units/${u.unitId}`),
      })),
    );
    const weight = (v: UnitAppraisal) => v.deductions.reduce((n, d) => n + (d.items?.length ?? 0), 0) * 1000 + v.cases.items.length;
    const { unit } = details.sort((a, b) => weight(b.view) - weight(a.view))[0];
    // Its cases' titles come from the case list, which may still be a batch behind the appraisal.
    const breakdown = () => run.api<UnitAppraisal>(LEADER, `/api/v1/appraisals/${DEMO_YEAR}/units/${unit.unitId}`);
    await waitUntil(async () => (await breakdown()).cases.items.every((c) => c.title !== ''), {
      timeoutMs: 15_000,
      failure: 'the breakdown did not name every case by its title within 15 s',
    });
    const view = await breakdown();

    const page = await run.signedIn('dashboard');
    await page.goto(`${run.base}/appraisal?year=${DEMO_YEAR}`);
    await page.getByTestId(`appraisal-unit-${unit.unitId}`).click();
    await page.waitForURL(new RegExp(`/appraisal/${DEMO_YEAR}/units/${unit.unitId}$`), { timeout: 15_000 });
    await page.getByTestId('appraisal-unit-summary').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('appraisal-unit-summary').locator('[data-score]').getAttribute('data-score')).toBe(
      String(view.score ?? ''),
    );

    const attributes = (selector: string, name: string) =>
      page.locator(selector).evaluateAll((nodes, attr) => nodes.map((node) => node.getAttribute(attr as string)), name);
    expect(await attributes('[data-testid="appraisal-components"] [data-component]', 'data-component')).toEqual(
      view.components.map((c) => c.component),
    );
    expect(await attributes('[data-testid="appraisal-deductions"] [data-deduction]', 'data-deduction')).toEqual(
      view.deductions.map((d) => d.deduction),
    );
    const items = view.deductions.flatMap((d) => d.items ?? []);
    expect(await attributes('[data-testid="appraisal-deductions"] [data-item]', 'data-item')).toEqual(
      items.map((i) => i.deductionId ?? i.accountabilityId),
    );
    // Every event behind a deduction is named; a finding's or a case's item names it, but links no
    // page for a leader: the API refuses leaders both (readable.ts), the link would end on 「无权查看」.
    const itemEvents = await attributes('[data-testid="appraisal-deductions"] [data-event-id]', 'data-event-id');
    expect(itemEvents).toEqual(items.flatMap((i) => i.events.map((e) => e.eventId)));
    expect(await page.getByTestId('finding-link-text').count()).toBe(items.filter((i) => i.findingId).length);
    expect(await attributes('[data-testid="appraisal-cases"] [data-case-id]', 'data-case-id')).toEqual(
      view.cases.items.map((c) => c.caseId),
    );
    // Each case by the title it was filed under, which a leader can read, not by an id.
    expect(await page.locator('[data-testid="appraisal-cases"] [data-case-id]').allInnerTexts()).toEqual(
      view.cases.items.map((c) => c.title),
    );
    expect({
      caseAnchors: await page.locator('[data-testid="appraisal-cases"] a[data-case-id]').count(),
      findingLinks: await page.getByTestId('finding-link').count(),
      caseLinks: await page.getByTestId('case-link').count(),
    }).toEqual({ caseAnchors: 0, findingLinks: 0, caseLinks: 0 });
    await run.screenshot(page, 'appraisal-unit');
    await page.close();
  }, 90_000);

  // Last: it changes a unit's score, which the tests above compare with the API's.
  it('the admin withdraws an inspection deduction (撤销扣分) from a unit’s breakdown: a reason, a confirmation, then the breakdown without its points, the deduction shown 已撤销', async () => {
    // An active unit with a score: 1000 lapses for 10, a typo of 100 points, recorded through the API.
    const unit = await activeUnitWithScore();
    const path = `/api/v1/appraisals/${DEMO_YEAR}/units/${unit.unitId}`;
    const typo = { deductionId: 'DC-BROWSER-1', kind: 'lapse', count: 1000, reason: '服务台账记录不全', occurredOn: `${DEMO_YEAR}-06-15` };
    const before = await run.api<UnitAppraisal>(LEADER, path);
    const recorded = await run.api<{ position: string }>(
      ADMIN,
      `/api/v1/appraisal-inputs/${DEMO_YEAR}/units/${unit.unitId}/inspection-deductions`,
      {
        body: typo,
      },
    );
    await waitUntil(async () => (await run.read<UnitAppraisal>(LEADER, `${path}?after=${recorded.position}`)) !== null, {
      timeoutMs: 15_000,
      failure: 'the appraisal read model did not reach the deduction within 15 s',
    });
    const counted = await run.api<UnitAppraisal>(LEADER, path);
    expect(counted.deductedPoints).toBe(Math.round((before.deductedPoints + 100) * 100) / 100);

    // A leader sees the deduction but may not withdraw it: no 撤销 (the API allows the admin alone).
    const leader = await run.signedIn('dashboard');
    await leader.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    await leader.locator(`[data-item="${typo.deductionId}"]`).waitFor({ timeout: 15_000 });
    expect(await leader.locator('[data-testid^="withdraw-deduction-"]').count()).toBe(0);
    await leader.close();

    const page = await run.signedIn('admin');
    await page.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    await page.locator(`[data-item="${typo.deductionId}"]`).waitFor({ timeout: 15_000 });
    const score = () => page.getByTestId('appraisal-unit-summary').locator('[data-score]').getAttribute('data-score');
    expect(await score()).toBe(String(counted.score ?? ''));
    // Each inspection item shows its number (扣分编号), as the API lists them.
    const inspectionItems = counted.deductions.find((d) => d.deduction === 'inspection')?.items ?? [];
    expect(await page.locator('[data-testid="appraisal-deductions"] [data-item] [data-testid="deduction-number"]').allInnerTexts()).toEqual(
      inspectionItems.map((i) => i.deductionId),
    );
    await page.getByTestId(`withdraw-deduction-${typo.deductionId}`).click();
    // The dialog names the deduction by its number.
    expect(await page.getByTestId('withdraw-deduction-what').innerText()).toContain(`编号 ${typo.deductionId}`);
    // No reason: the API refuses it, and the dialog says so at the field (nothing to confirm).
    await page.getByTestId('withdraw-deduction-submit').click();
    await page.getByText('请填写撤销理由').waitFor({ timeout: 15_000 });
    await page.getByTestId('withdraw-deduction-reason').fill('误录：应为10处，督查记录核实后撤销');
    await page.getByTestId('withdraw-deduction-submit').click();
    // Asked to confirm first: it cannot be undone.
    const box = page.locator('.el-message-box');
    await box.waitFor({ timeout: 15_000 });
    expect(await box.innerText()).toContain(`撤销后扣分 ${typo.deductionId}（${(typo.count * 0.1).toFixed(2)} 分）`);
    await box.getByRole('button', { name: '撤销' }).click();

    // The breakdown read again once it has the withdrawal: the deduction listed as withdrawn, its points gone.
    const withdrawn = page.locator(`[data-withdrawn-item="${typo.deductionId}"]`);
    await withdrawn.waitFor({ timeout: 15_000 });
    expect(await withdrawn.innerText()).toContain('已撤销');
    expect(await withdrawn.getByTestId('deduction-number').innerText()).toBe(typo.deductionId);
    expect(await withdrawn.innerText()).toContain('误录：应为10处，督查记录核实后撤销');
    expect(await page.locator(`[data-item="${typo.deductionId}"]`).count()).toBe(0);
    const after = await run.api<UnitAppraisal>(LEADER, path);
    expect([after.deductedPoints, after.score]).toEqual([before.deductedPoints, before.score]);
    expect(await score()).toBe(String(after.score ?? ''));
    const inspection = after.deductions.find((d) => d.deduction === 'inspection')!;
    expect(inspection.withdrawn?.map((w) => [w.deductionId, w.withdrawal.reason, w.events.length])).toEqual([
      [typo.deductionId, '误录：应为10处，督查记录核实后撤销', 2],
    ]);
    // Withdrawn once: the button is gone with the deduction's place among those that count.
    expect(await page.getByTestId(`withdraw-deduction-${typo.deductionId}`).count()).toBe(0);
    await page.close();
  }, 90_000);

  // After the one above: it records a deduction and withdraws it, leaving the unit's score as it was.
  it('a withdrawal refused because another admin withdrew the deduction meanwhile is said in the dialog, and the breakdown read again shows it 已撤销', async () => {
    const unit = await activeUnitWithScore();
    const path = `/api/v1/appraisals/${DEMO_YEAR}/units/${unit.unitId}`;
    const inputs = `/api/v1/appraisal-inputs/${DEMO_YEAR}/units/${unit.unitId}/inspection-deductions`;
    const deductionId = 'DC-BROWSER-2';
    const recorded = await run.api<{ position: string }>(ADMIN, inputs, {
      body: { deductionId, kind: 'lapse', count: 3, reason: '窗口服务登记不全', occurredOn: `${DEMO_YEAR}-07-01` },
    });
    await waitUntil(async () => (await run.read<UnitAppraisal>(LEADER, `${path}?after=${recorded.position}`)) !== null, {
      timeoutMs: 15_000,
      failure: 'the appraisal read model did not reach the deduction within 15 s',
    });

    const page = await run.signedIn('admin');
    await page.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    await page.locator(`[data-item="${deductionId}"]`).waitFor({ timeout: 15_000 });
    await page.getByTestId(`withdraw-deduction-${deductionId}`).click();
    await page.getByTestId('withdraw-deduction-reason').fill('重复录入，撤销');

    // Meanwhile another admin withdraws it (another tab, another PC); the page still lists it as counting.
    const withdrawn = await run.api<{ position: string }>(ADMIN, `${inputs}/${deductionId}/withdrawal`, {
      body: { reason: '与督查记录核对，重复录入' },
    });
    await waitUntil(async () => (await run.read<UnitAppraisal>(LEADER, `${path}?after=${withdrawn.position}`)) !== null, {
      timeoutMs: 15_000,
      failure: 'the appraisal read model did not reach the withdrawal within 15 s',
    });
    expect(await page.locator(`[data-item="${deductionId}"]`).count()).toBe(1);

    await page.getByTestId('withdraw-deduction-submit').click();
    const box = page.locator('.el-message-box');
    await box.waitFor({ timeout: 15_000 });
    await box.getByRole('button', { name: '撤销' }).click();

    // The API refuses it (422 DEDUCTION_ALREADY_WITHDRAWN): the dialog says why, not nothing.
    const dialog = page.locator('.el-dialog').filter({ has: page.getByTestId('withdraw-deduction-reason') });
    const banner = dialog.getByTestId('problem-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.innerText()).toContain('该扣分已撤销');
    expect(await banner.getByTestId('problem-support').innerText()).toBe('错误代码：DEDUCTION_ALREADY_WITHDRAWN');
    // Behind it the breakdown is read again: the deduction shows as withdrawn, with the other admin's reason.
    const row = page.locator(`[data-withdrawn-item="${deductionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain('与督查记录核对，重复录入');
    expect(await page.locator(`[data-item="${deductionId}"]`).count()).toBe(0);
    await page.close();
  }, 90_000);

  it('录入 is the admin’s: a leader reads a unit’s breakdown with no recording action; the admin gets the scores of the unit’s kind and 记录扣分', async () => {
    const unit = await activeUnitWithScore();
    const leader = await run.signedIn('dashboard');
    await leader.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    await leader.getByTestId('appraisal-unit-summary').waitFor({ timeout: 15_000 });
    // The actions come with the breakdown: once it shows, they would too.
    expect({
      actions: await leader.getByTestId('appraisal-input-actions').count(),
      buttons: await leader.locator('[data-testid^="record-"]').count(),
    }).toEqual({ actions: 0, buttons: 0 });
    // The heading leads a leader back to the year's table.
    expect(await leader.locator('a.back').getAttribute('href')).toBe(`/appraisal?year=${DEMO_YEAR}`);
    await leader.close();

    // Discipline opens a breakdown by its address: no 录入, and no link to a table its menu does not have.
    const discipline = await run.signedIn('discipline');
    await discipline.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    await discipline.getByTestId('appraisal-unit-summary').waitFor({ timeout: 15_000 });
    expect({
      link: await discipline.locator('a.back').count(),
      actions: await discipline.getByTestId('appraisal-input-actions').count(),
    }).toEqual({ link: 0, actions: 0 });
    await discipline.close();

    const admin = await run.signedIn('admin');
    await admin.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    await admin.getByTestId('record-deduction').waitFor({ timeout: 15_000 });
    // 集中评议 for departments and towns, 网上投票 for service windows; 抽样问卷调查 for all.
    const scores = ['survey', unit.kind === 'window' ? 'online_vote' : 'concentrated_evaluation'];
    const buttons = await admin
      .locator('[data-testid^="record-input-"]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
    expect(buttons).toEqual(scores.map((input) => `record-input-${input}`));
    await admin.close();
  }, 60_000);

  it('a score or a deduction the API refuses is said at its field in the dialog, and nothing is recorded', async () => {
    const unit = await activeUnitWithScore();
    const inputsPath = `/api/v1/appraisal-inputs/${DEMO_YEAR}/units/${unit.unitId}`;
    // A number already used this year (the tests above record and withdraw some): recorded here when none is.
    if (usedIds(await run.api<AppraisalInputs>(ADMIN, inputsPath)).length === 0) {
      await run.api(ADMIN, `${inputsPath}/inspection-deductions`, {
        body: { deductionId: 'DC-BROWSER-5', kind: 'lapse', count: 1, reason: '台账不全', occurredOn: `${DEMO_YEAR}-03-02` },
      });
    }
    const before = await run.api<AppraisalInputs>(ADMIN, inputsPath);
    // A recorded survey: a valid score would correct it, which is confirmed first.
    expect(before.inputs.survey).not.toBeNull();
    const page = await run.signedIn('admin');
    await page.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    const score = page.getByTestId('appraisal-unit-summary').locator('[data-score]');
    await score.waitFor({ timeout: 15_000 });
    const shown = await score.getAttribute('data-score');
    const fieldError = (dialog: ReturnType<typeof page.locator>, label: string) =>
      dialog
        .locator('.el-form-item')
        .filter({ has: page.locator('.el-form-item__label', { hasText: label }) })
        .locator('.el-form-item__error');

    // Three decimals and above 100: the API refuses it, the dialog says why at 分数, nothing to confirm.
    await page.getByTestId('record-input-survey').click();
    const scoreDialog = page.locator('.el-dialog').filter({ has: page.getByTestId('appraisal-input-score') });
    await page.getByTestId('appraisal-input-score').fill('100.555');
    await page.getByTestId('appraisal-input-submit').click();
    await fieldError(scoreDialog, '分数').filter({ hasText: '分数不能大于100' }).waitFor({ timeout: 15_000 });
    // Changed, the error goes until the next refusal; within 0–100, only its decimals are wrong.
    await page.getByTestId('appraisal-input-score').fill('99.555');
    await fieldError(scoreDialog, '分数').waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('appraisal-input-submit').click();
    await fieldError(scoreDialog, '分数')
      .filter({ hasText: /^分数最多两位小数$/ })
      .waitFor({ timeout: 15_000 });
    // A valid score with 问卷人数 0: not confirmed (the API refuses it), said at 问卷人数.
    await page.getByTestId('appraisal-input-score').fill('90');
    await page.getByTestId('appraisal-input-sample').fill('0');
    await page.getByTestId('appraisal-input-submit').click();
    await fieldError(scoreDialog, '问卷人数').filter({ hasText: '问卷人数不能小于1' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.el-message-box').count()).toBe(0);
    await page.getByTestId('appraisal-input-sample').fill('300');
    await fieldError(scoreDialog, '问卷人数').waitFor({ state: 'detached', timeout: 15_000 });
    await scoreDialog.getByRole('button', { name: '取消' }).click();
    await scoreDialog.waitFor({ state: 'hidden', timeout: 15_000 });

    // The deduction dialog lists the numbers used (counting, then withdrawn), and the page's year in its example.
    await page.getByTestId('record-deduction').click();
    const deductionDialog = page.locator('.el-dialog').filter({ has: page.getByTestId('deduction-reason') });
    const used = usedIds(before);
    const listed = deductionDialog.locator('[data-used-deduction-id]');
    await waitUntil(async () => (await listed.count()) === used.length, {
      timeoutMs: 15_000,
      failure: `the dialog did not list the ${used.length} numbers used`,
    });
    expect(await listed.allInnerTexts()).toEqual(used);
    expect(await page.getByTestId('deduction-id').getAttribute('placeholder')).toContain(`DC-${DEMO_YEAR}-`);

    // A number used: refused at 扣分编号 before anything is asked or sent.
    await page.getByTestId('deduction-id').fill(used[0]!);
    await page.getByTestId('deduction-kind-lapse').click();
    await page.getByTestId('deduction-count').fill('5');
    await page.getByTestId('deduction-reason').fill('窗口服务登记不全');
    const date = page.getByTestId('deduction-occurred-on').locator('input');
    // The picker opens on the page's year.
    await date.click();
    const header = page.locator('.el-picker-panel:visible .el-date-picker__header-label').first();
    await header.waitFor({ timeout: 15_000 });
    expect(await header.innerText()).toContain(String(DEMO_YEAR));
    await date.fill(`${DEMO_YEAR}-04-08`);
    await date.press('Enter');
    await page.getByTestId('deduction-submit').click();
    await fieldError(deductionDialog, '扣分编号')
      .filter({ hasText: `编号 ${used[0]}` })
      .waitFor({ timeout: 15_000 });
    expect(await page.locator('.el-message-box').count()).toBe(0);
    await page.getByTestId('deduction-id').fill('DC-BROWSER-4');
    await fieldError(deductionDialog, '扣分编号').waitFor({ state: 'detached', timeout: 15_000 });

    // Complete, but citing a 问题编号 not of the API's form: refused at it before anything is asked or
    // sent, and gone once the field changes (cleared: it is optional).
    await page.getByTestId('deduction-finding-id').fill('问题 7');
    await page.getByTestId('deduction-submit').click();
    await fieldError(deductionDialog, '问题编号').filter({ hasText: '问题编号格式不正确' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.el-message-box').count()).toBe(0);
    await page.getByTestId('deduction-finding-id').fill('');
    await fieldError(deductionDialog, '问题编号').waitFor({ state: 'detached', timeout: 15_000 });

    // Complete but for its reason: said at 扣分事由, and gone as one is typed.
    await page.getByTestId('deduction-reason').fill('');
    await page.getByTestId('deduction-submit').click();
    await fieldError(deductionDialog, '扣分事由').filter({ hasText: '请填写扣分事由' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.el-message-box').count()).toBe(0);
    await page.getByTestId('deduction-reason').fill('窗口服务登记不全');
    await fieldError(deductionDialog, '扣分事由').waitFor({ state: 'detached', timeout: 15_000 });

    // A date of the year before typed: kept (the picker would drop it), not confirmed, the API's refusal at 发生日期.
    const lastYearsDay = `${DEMO_YEAR - 1}-12-31`;
    await date.fill(lastYearsDay);
    await date.press('Enter');
    await page.getByTestId('deduction-submit').click();
    await fieldError(deductionDialog, '发生日期').filter({ hasText: '日期不在该考核年度内' }).waitFor({ timeout: 15_000 });
    expect([await date.inputValue(), await page.locator('.el-message-box').count()]).toEqual([lastYearsDay, 0]);
    // The dialog, its errors shown, fits the office screen.
    const box = (await deductionDialog.boundingBox())!;
    const screen = page.viewportSize()!;
    expect([box.y >= 0, box.y + box.height <= screen.height]).toEqual([true, true]);

    // Refused all: the inputs are as they were, and so is the unit's score.
    const after = await run.api<AppraisalInputs>(ADMIN, inputsPath);
    expect([after.version, usedIds(after)]).toEqual([before.version, used]);
    expect(await score.getAttribute('data-score')).toBe(shown);
    await page.close();
  }, 90_000);

  // The API answers no breakdown of a year not begun (422 APPRAISAL_YEAR_IN_FUTURE), rather than a
  // table of full scores no one has earned: the page says so, and offers nothing to record.
  it('a year not begun in Beijing shows no breakdown and offers no 录入, saying why', async () => {
    const unit = await activeUnitWithScore();
    const next = beijingYear() + 1;
    const page = await run.signedIn('admin');
    await page.goto(`${run.base}/appraisal/${next}/units/${unit.unitId}`);
    const banner = page.getByTestId('problem-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect([
      (await banner.innerText()).includes('该年度的考核尚未开始'),
      await page.locator('[data-testid^="record-"]').count(),
      await page.getByTestId('appraisal-input-actions').count(),
    ]).toEqual([true, 0, 0]);
    await page.close();
  }, 60_000);

  // Last: it changes a unit's survey score and deducts from it, which the tests above compare with the API's.
  it('the admin records a survey score and a deduction (录入) on a unit’s breakdown: the points previewed, and the score moves by what was entered', async () => {
    const unit = await activeUnitWithScore();
    const path = `/api/v1/appraisals/${DEMO_YEAR}/units/${unit.unitId}`;
    const inputsPath = `/api/v1/appraisal-inputs/${DEMO_YEAR}/units/${unit.unitId}`;
    const before = await run.api<UnitAppraisal>(LEADER, path);
    const { inputs } = await run.api<AppraisalInputs>(ADMIN, inputsPath);
    const survey = before.components.find((c) => c.component === 'survey')!;
    // A score 12.34 points away from the one recorded, within 0–100.
    const old = inputs.survey?.score ?? 50;
    const entered = (hundredths(old) + (old >= 50 ? -1234 : 1234)) / 100;
    // The survey's points replaced by the new score × its weight; the deductions as they were.
    const weightedMicro = micro(before.weightedPoints) - micro(survey.points) + hundredths(entered) * hundredths(survey.weight);
    const afterSurvey = composite(weightedMicro, hundredths(before.deductedPoints));

    const page = await run.signedIn('admin');
    await page.goto(`${run.base}/appraisal/${DEMO_YEAR}/units/${unit.unitId}`);
    const score = page.getByTestId('appraisal-unit-summary').locator('[data-score]');
    await score.waitFor({ timeout: 15_000 });
    expect(await score.getAttribute('data-score')).toBe(String(before.score ?? ''));

    await page.getByTestId('record-input-survey').click();
    // The dialog says what is recorded, which the new score corrects.
    const current = inputs.survey
      ? `已录入 ${inputs.survey.score.toFixed(2)} 分（第 ${inputs.survey.revision} 次录入`
      : '尚未录入抽样问卷调查得分';
    await page.getByTestId('appraisal-input-current').filter({ hasText: current }).waitFor({ timeout: 15_000 });
    await page.getByTestId('appraisal-input-score').fill(String(entered));
    // Full-width, as a Chinese input method types it: 320.
    await page.getByTestId('appraisal-input-sample').fill('３２０');
    const note = '第三方机构复核后更正';
    await page.getByTestId('appraisal-input-note').fill(note);
    await page.getByTestId('appraisal-input-submit').click();
    if (inputs.survey) {
      const box = page.locator('.el-message-box');
      await box.waitFor({ timeout: 15_000 });
      expect(await box.innerText()).toContain(`保存后以 ${entered.toFixed(2)} 分为准`);
      await box.getByRole('button', { name: '保存' }).click();
    }
    // Read again once it has the record: the survey row shows the score entered, the total moves by it.
    const revision = (inputs.survey?.revision ?? 0) + 1;
    await page
      .getByTestId('appraisal-components')
      .getByText(`录入 ${entered} 分（第 ${revision} 次，样本 320）`)
      .waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid="appraisal-unit-summary"] [data-score="${afterSurvey}"]`).waitFor({ timeout: 15_000 });
    // The note of the record in force, and the records it corrected, each by its revision and event, newest first.
    const corrected = (await run.api<UnitAppraisal>(LEADER, path)).components.find((c) => c.component === 'survey')!.record!;
    expect([corrected.revision, corrected.note, corrected.superseded.length]).toEqual([revision, note, revision - 1]);
    const surveyRow = page
      .getByTestId('appraisal-components')
      .locator('tr')
      .filter({ has: page.locator('[data-component="survey"]') });
    expect(await surveyRow.getByTestId('component-note').innerText()).toBe(`备注：${note}`);
    const earlier = surveyRow.locator('[data-superseded-revision]');
    expect(
      await earlier.evaluateAll((nodes) =>
        nodes.map((n) => [n.getAttribute('data-superseded-revision'), n.getAttribute('data-superseded-event')]),
      ),
    ).toEqual(corrected.superseded.map((e, i) => [String(i + 1), e.eventId]).reverse());
    // The record just corrected, newest: what it recorded, as the dialog showed it before the correction.
    expect(await earlier.first().innerText()).toContain(`录入 ${inputs.survey!.score.toFixed(2)} 分（第 ${inputs.survey!.revision} 次`);
    expect(await earlier.first().innerText()).toContain('已被更正');

    // 违反作风建设规定, 3 person-times at 0.7: the dialog shows the points before saving.
    const deduction = { deductionId: 'DC-BROWSER-3', personTimes: 3, pointsEach: 0.7, reason: '工作时间脱岗，督查暗访发现' };
    const deducted = hundredths(deduction.personTimes * deduction.pointsEach) / 100;
    await page.getByTestId('record-deduction').click();
    await page.getByTestId('deduction-id').fill(deduction.deductionId);
    await page.getByTestId('deduction-kind-conduct').click();
    await page.getByTestId('deduction-person-times').fill(String(deduction.personTimes));
    await page.getByTestId('deduction-points-per-person-time').fill(String(deduction.pointsEach));
    const preview = page.locator(`[data-testid="deduction-points"][data-points="${deducted}"]`);
    await preview.waitFor({ timeout: 15_000 });
    expect(await preview.innerText()).toContain(`共扣 ${deducted.toFixed(2)} 分`);
    await page.getByTestId('deduction-reason').fill(deduction.reason);
    await page.getByTestId('deduction-occurred-on').locator('input').fill(`${DEMO_YEAR}-05-20`);
    await page.getByTestId('deduction-occurred-on').locator('input').press('Enter');
    await run.screenshot(page, 'appraisal-deduction-dialog');
    await page.getByTestId('deduction-submit').click();
    const box = page.locator('.el-message-box');
    await box.waitFor({ timeout: 15_000 });
    expect(await box.innerText()).toContain(`扣 ${deducted.toFixed(2)} 分`);
    await box.getByRole('button', { name: '记录' }).click();

    // The breakdown lists it with its points, and the total is down by them.
    const item = page.locator(`[data-item="${deduction.deductionId}"]`);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.innerText()).toContain(`${deduction.reason}（${deduction.personTimes} 人次），扣 ${deducted.toFixed(2)} 分`);
    const afterDeduction = composite(weightedMicro, hundredths(before.deductedPoints) + hundredths(deducted));
    await page.locator(`[data-testid="appraisal-unit-summary"] [data-score="${afterDeduction}"]`).waitFor({ timeout: 15_000 });
    const after = await run.api<UnitAppraisal>(LEADER, path);
    expect([after.score, after.deductedPoints]).toEqual([afterDeduction, (hundredths(before.deductedPoints) + hundredths(deducted)) / 100]);
    await run.screenshot(page, 'appraisal-unit-inputs');
    await page.close();
  }, 90_000);
});
