import * as fs from 'node:fs';
import { DEMO_YEAR, startConsole, type ConsoleRun } from '../support/console-browser';
import { waitUntil } from '../support/wait';

const LEADER = { sub: 'leader-chen', role: 'dashboard' };

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
  components: Array<{ component: string }>;
  deductions: Array<{ deduction: string; items?: Array<Events & { deductionId?: string; accountabilityId?: string; findingId?: string }> }>;
  cases: { items: Array<{ caseId: string; title: string }>; nextCursor: string | null };
}

// Issue 13, 考核评议: the year's table as the API computes it, a unit's breakdown with the events
// behind each point, and the xlsx, in a real Chromium on the first-start demo year.
describe('考核评议 in a browser', () => {
  let run: ConsoleRun;
  const table = () => run.api<{ units: TableUnit[] }>(LEADER, `/api/v1/appraisals/${DEMO_YEAR}`);
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
});
