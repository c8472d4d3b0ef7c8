import type { Page } from 'playwright-core';
import { DEMO_YEAR, startConsole, type ConsoleRun } from '../support/console-browser';
import { waitUntil } from '../support/wait';

const DEMO_CASES = 20;
const PERIOD = { from: `${DEMO_YEAR}-01-01`, to: `${DEMO_YEAR}-12-31` };
const LEADER = { sub: 'leader-chen', role: 'dashboard' };

interface Rate {
  numerator: number;
  denominator: number;
}
type Figures = Record<'received' | 'closed' | 'overdueNow', number> &
  Record<'onTimeCompletionRate' | 'completionRate' | 'satisfactionRate', Rate>;
interface Breakdown {
  rows: Array<{ key: string | null; label: string; figures: Figures }>;
}

// Issue 13, 领导看板: the breakdowns by unit kind and category, the red and yellow cards, the ranking,
// and every count opening the list of the cases it counts — against the real server's demo year.
describe('领导看板: breakdowns, cards and click-through', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await startConsole({ demoCases: DEMO_CASES });
    const summary = () => run.read<{ figures: Figures }>(LEADER, `/api/v1/dashboard/summary?${new URLSearchParams(PERIOD)}`);
    await waitUntil(async () => ((await summary())?.figures.received ?? 0) >= DEMO_CASES, {
      timeoutMs: 60_000,
      intervalMs: 200,
      failure: 'the demo year did not reach the dashboard within 60 s',
    });
  }, 180_000);

  afterAll(async () => {
    await run?.close();
  });

  function api<T>(route: string, query: Record<string, string> = {}): Promise<T> {
    return run.api<T>(LEADER, `${route}?${new URLSearchParams(query)}`);
  }

  /** What GET /overdue lists now under a card, every page. */
  async function overdueCount(card: 'red' | 'yellow'): Promise<number> {
    let n = 0;
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = await api('/api/v1/overdue', {
        card,
        limit: '100',
        ...(cursor ? { cursor } : {}),
      });
      n += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return n;
  }

  async function openDashboard(): Promise<Page> {
    const page = await run.signedIn('dashboard');
    await page.goto(`${run.base}/dashboard?from=${PERIOD.from}&to=${PERIOD.to}`);
    await page.getByTestId('tile-received').waitFor({ timeout: 30_000 });
    return page;
  }

  /** The figures a breakdown table shows, by row key, read from the cells' data attributes. */
  async function shown(page: Page, table: 'kind' | 'category'): Promise<Record<string, unknown>> {
    const keys = await page.getByTestId(`${table}-row`).evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-key') ?? ''));
    const rows: Record<string, unknown> = {};
    for (const key of keys) {
      const value = async (figure: string) => Number(await page.getByTestId(`${table}-${figure}-${key}`).getAttribute('data-value'));
      const rate = async (figure: string) => {
        const cell = page.getByTestId(`${table}-${figure}-${key}`);
        return {
          numerator: Number(await cell.getAttribute('data-numerator')),
          denominator: Number(await cell.getAttribute('data-denominator')),
        };
      };
      rows[key] = {
        received: await value('received'),
        closed: await value('closed'),
        overdueNow: await value('overdueNow'),
        onTimeCompletionRate: await rate('onTimeCompletionRate'),
        completionRate: await rate('completionRate'),
        satisfactionRate: await rate('satisfactionRate'),
      };
    }
    return rows;
  }

  const expected = (breakdown: Breakdown) =>
    Object.fromEntries(
      breakdown.rows.map(({ key, figures: f }) => [
        key ?? 'none',
        {
          received: f.received,
          closed: f.closed,
          overdueNow: f.overdueNow,
          onTimeCompletionRate: { numerator: f.onTimeCompletionRate.numerator, denominator: f.onTimeCompletionRate.denominator },
          completionRate: { numerator: f.completionRate.numerator, denominator: f.completionRate.denominator },
          satisfactionRate: { numerator: f.satisfactionRate.numerator, denominator: f.satisfactionRate.denominator },
        },
      ]),
    );

  it('shows the API’s breakdowns by unit kind and by category, the red and yellow cards of GET /overdue, and the ranking', async () => {
    const page = await openDashboard();
    const [kinds, categories] = await Promise.all([
      api<Breakdown>('/api/v1/dashboard/breakdown', { ...PERIOD, by: 'unitKind' }),
      api<Breakdown>('/api/v1/dashboard/breakdown', { ...PERIOD, by: 'category' }),
    ]);
    expect(kinds.rows.length).toBeGreaterThan(0);
    expect(categories.rows.length).toBeGreaterThan(0);
    await page.getByTestId('kind-row').first().waitFor({ timeout: 15_000 });
    expect(await shown(page, 'kind')).toEqual(expected(kinds));
    expect(await shown(page, 'category')).toEqual(expected(categories));
    // The category names are the time limits' (审批繁琐 …), not codes.
    for (const row of categories.rows)
      await page.getByTestId('by-category').getByText(row.label, { exact: true }).waitFor({ timeout: 5_000 });

    const [red, yellow] = await Promise.all([overdueCount('red'), overdueCount('yellow')]);
    for (const [card, count] of [
      ['red', red],
      ['yellow', yellow],
    ] as const) {
      const value = page.getByTestId(`tile-card-${card}`).locator(`[data-value="${count}"]`);
      await value.waitFor({ timeout: 30_000 });
      expect({ card, shown: Number(await value.getAttribute('data-value')) }).toEqual({ card, shown: count });
    }

    // The ranking: the best units by on-time completion first, from the breakdown by unit.
    const units = await api<Breakdown>('/api/v1/dashboard/breakdown', { ...PERIOD, by: 'unit' });
    const judged = units.rows.filter((r) => r.key !== null && r.figures.onTimeCompletionRate.denominator > 0);
    if (judged.length > 0) {
      const best = Math.max(...judged.map((r) => r.figures.onTimeCompletionRate.numerator / r.figures.onTimeCompletionRate.denominator));
      const first = await page.getByTestId('ranking-top-unit').first().getAttribute('data-key');
      const top = judged.find((r) => r.key === first)!;
      expect(top.figures.onTimeCompletionRate.numerator / top.figures.onTimeCompletionRate.denominator).toBe(best);
    }
    // A kind's name narrows the ranking to its units.
    const kind = kinds.rows.find((r) => r.key !== null)!;
    await page.locator(`[data-testid="kind-row"][data-key="${kind.key}"]`).click();
    await page.getByTestId('ranking-kind').locator('.is-active').filter({ hasText: kind.label }).waitFor({ timeout: 15_000 });
    const rankedKeys = await page
      .locator('[data-testid="ranking-top-unit"], [data-testid="ranking-bottom-unit"]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-key')!));
    for (const key of rankedKeys)
      expect({ key, kind: (await api<{ kind: string }>(`/api/v1/units/${key}`)).kind }).toEqual({ key, kind: kind.key });
    await page.getByTestId('ranking-kind').getByText('全部', { exact: true }).click();

    await page.getByTestId('trend-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('kind-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    await run.screenshot(page, 'dashboard');

    // A card opens 超期督办 with that card.
    await page.getByTestId('tile-card-yellow').click();
    await page.waitForURL(/\/overdue\?card=yellow$/, { timeout: 15_000 });
    await page.getByTestId('overdue').waitFor({ timeout: 15_000 });
    await page.close();
  }, 120_000);

  /** The list's rows once it has loaded every page. */
  async function listedRows(page: Page): Promise<number> {
    await page.locator('[data-testid="cases-count"][data-complete="true"]').waitFor({ timeout: 30_000 });
    return page.getByTestId('dashboard-cases-table').locator('tr.case-row').count();
  }

  it('the received tile opens the list of the cases it counts: as many rows as the figure; a category’s closed count its closed cases; 当前超期 its overdue cases', async () => {
    const page = await openDashboard();
    const received = Number(await page.getByTestId('tile-received').locator('[data-value]').getAttribute('data-value'));
    expect(received).toBeGreaterThanOrEqual(DEMO_CASES);
    await page.getByTestId('tile-received').click();
    await page.waitForURL(/\/dashboard\/cases\?figure=received/, { timeout: 15_000 });
    expect(await listedRows(page)).toBe(received);
    expect(await page.getByTestId('cases-count').getAttribute('data-count')).toBe(String(received));
    await page
      .getByTestId('cases-description')
      .filter({ hasText: `${DEMO_YEAR}年受理 · 受理总数：受理登记的全部案件` })
      .waitFor({ timeout: 5_000 });
    await run.screenshot(page, 'dashboard-cases');

    // Back, and a category's closed cases: the row count is the figure the table showed.
    await page.getByTestId('back-to-dashboard').click();
    await page.getByTestId('category-row').first().waitFor({ timeout: 30_000 });
    const categories = await api<Breakdown>('/api/v1/dashboard/breakdown', { ...PERIOD, by: 'category' });
    const withClosed = categories.rows.find((r) => r.key !== null && r.figures.closed > 0);
    if (withClosed) {
      await page.getByTestId(`category-closed-${withClosed.key}`).click();
      await page.waitForURL(new RegExp(`figure=closed.*category=${withClosed.key}`), { timeout: 15_000 });
      expect(await listedRows(page)).toBe(withClosed.figures.closed);
      const statuses = await page.getByTestId('dashboard-cases-table').locator('tr.case-row .el-tag').allTextContents();
      expect(new Set(statuses.filter((s) => s !== '逾期'))).toEqual(new Set(['已办结']));
    }
    // 当前超期 opens what it counts: the period's cases overdue now (not 超期督办's deadlines, which
    // ignore the period), as many as the tile says.
    await page.goto(`${run.base}/dashboard?from=${PERIOD.from}&to=${PERIOD.to}`);
    const overdueTile = page.getByTestId('tile-overdueNow');
    await overdueTile.waitFor({ timeout: 30_000 });
    const overdueNow = Number(await overdueTile.locator('[data-value]').getAttribute('data-value'));
    const summary = await api<{ figures: Figures }>('/api/v1/dashboard/summary', PERIOD);
    expect(overdueNow).toBe(summary.figures.overdueNow);
    await overdueTile.click();
    await page.waitForURL(new RegExp(`/dashboard/cases\\?figure=overdueNow&from=${PERIOD.from}&to=${PERIOD.to}$`), { timeout: 15_000 });
    expect(await listedRows(page)).toBe(overdueNow);
    await page
      .getByTestId('cases-description')
      .filter({ hasText: `${DEMO_YEAR}年受理 · 当前超期：` })
      .waitFor({ timeout: 5_000 });

    // A unit of the ranking: the cases it leads.
    const units = await api<Breakdown>('/api/v1/dashboard/breakdown', { ...PERIOD, by: 'unit' });
    await page.goto(`${run.base}/dashboard?from=${PERIOD.from}&to=${PERIOD.to}`);
    const ranked = page.getByTestId('ranking-top-unit').first();
    if (
      await ranked.waitFor({ timeout: 30_000 }).then(
        () => true,
        () => false,
      )
    ) {
      const key = (await ranked.getAttribute('data-key'))!;
      await page.getByTestId(`ranking-received-${key}`).first().click();
      await page.waitForURL(new RegExp(`unitId=${key}`), { timeout: 15_000 });
      expect(await listedRows(page)).toBe(units.rows.find((r) => r.key === key)!.figures.received);
    }
    await page.close();
  }, 120_000);

  it('each rate tile’s numerator and denominator open lists of as many rows as the tile shows; a kind’s counts and rates likewise', async () => {
    const page = await openDashboard();
    const rates = ['responseRate', 'onTimeCompletionRate', 'completionRate', 'satisfactionRate', 'reopenRate'] as const;
    const summary = await api<{ figures: Record<(typeof rates)[number], Rate> }>('/api/v1/dashboard/summary', PERIOD);
    for (const rate of rates)
      for (const part of ['numerator', 'denominator'] as const) {
        const tile = page.getByTestId(`tile-${rate}`);
        await tile.waitFor({ timeout: 30_000 });
        const shownValue = Number(await tile.getAttribute(`data-${part}`));
        expect({ rate, part, shown: shownValue }).toEqual({ rate, part, shown: summary.figures[rate][part] });
        await page.getByTestId(`tile-${rate}-${part}`).click();
        await page.waitForURL(new RegExp(`/dashboard/cases\\?figure=${rate}&part=${part}&from=${PERIOD.from}&to=${PERIOD.to}$`), {
          timeout: 15_000,
        });
        expect({ rate, part, rows: await listedRows(page) }).toEqual({ rate, part, rows: shownValue });
        if (rate === 'onTimeCompletionRate' && part === 'denominator') {
          await page
            .getByTestId('cases-description')
            .filter({ hasText: `${DEMO_YEAR}年受理 · 按时办结率的分母：已办结或已超期的案件` })
            .waitFor({ timeout: 5_000 });
          const outcomes = await page.getByTestId('dashboard-cases-table').locator('tr.case-row [data-testid^="outcome-"]').count();
          expect(outcomes).toBe(shownValue);
          await run.screenshot(page, 'dashboard-cases-rate');
        }
        await page.getByTestId('back-to-dashboard').click();
      }

    // Where the period's cases stand (beside the tiles): each count opens as many cases.
    for (const stage of ['awaitingAcceptance', 'accepted', 'rejected', 'inProgress']) {
      const link = page.getByTestId(`stage-${stage}`);
      await link.waitFor({ timeout: 30_000 });
      const value = Number(await link.getAttribute('data-value'));
      await link.click();
      await page.waitForURL(new RegExp(`/dashboard/cases\\?figure=${stage}&from=`), { timeout: 15_000 });
      expect({ stage, rows: await listedRows(page) }).toEqual({ stage, rows: value });
      await page.getByTestId('back-to-dashboard').click();
    }

    // A kind's row (and 无承办单位): its counts, and a rate's numerator and denominator through the popover.
    const kinds = await api<Breakdown>('/api/v1/dashboard/breakdown', { ...PERIOD, by: 'unitKind' });
    await page.getByTestId('kind-row').first().waitFor({ timeout: 30_000 });
    const kind = kinds.rows.find((r) => r.key !== null && r.figures.received > 0)!;
    await page.getByTestId(`kind-received-${kind.key}`).click();
    await page.waitForURL(new RegExp(`figure=received.*unitKind=${kind.key}`), { timeout: 15_000 });
    expect(await listedRows(page)).toBe(kind.figures.received);
    await page.getByTestId('back-to-dashboard').click();
    for (const part of ['numerator', 'denominator'] as const) {
      const cell = page.getByTestId(`kind-completionRate-${kind.key}`);
      await cell.click({ timeout: 30_000 });
      await page.getByTestId(`kind-completionRate-${kind.key}-${part}`).click({ timeout: 15_000 });
      await page.waitForURL(new RegExp(`figure=completionRate&part=${part}.*unitKind=${kind.key}`), { timeout: 15_000 });
      expect({ part, rows: await listedRows(page) }).toEqual({ part, rows: kind.figures.completionRate[part] });
      await page.getByTestId('back-to-dashboard').click();
    }
    const none = kinds.rows.find((r) => r.key === null && r.figures.received > 0);
    if (none) {
      await page.getByTestId('kind-received-none').click({ timeout: 30_000 });
      await page.waitForURL(/figure=received.*unitKind=none/, { timeout: 15_000 });
      expect(await listedRows(page)).toBe(none.figures.received);
      await page.getByTestId('cases-description').filter({ hasText: '无承办单位' }).waitFor({ timeout: 5_000 });
    }
    await page.close();
  }, 240_000);

  it('on a phone (390 px wide): the menu above the page, the heading on one line, tiles wide enough to read', async () => {
    const page = await run.signedIn('dashboard');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${run.base}/dashboard?${new URLSearchParams(PERIOD)}`);
    await page.getByTestId('tile-received').waitFor({ timeout: 15_000 });
    const box = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox())!;
    const menu = await box(page.getByTestId('side-menu'));
    const heading = await box(page.locator('.dashboard .heading'));
    const tiles = await Promise.all(['received', 'closed', 'overdueNow'].map((key) => box(page.getByTestId(`tile-${key}`))));
    const widths = await page.evaluate<number[]>('[document.documentElement.scrollWidth, window.innerWidth]');
    expect({
      // Across the screen above the heading, not a column beside it taking half the width.
      menuAbovePage: menu.width >= 380 && menu.y + menu.height <= heading.y,
      headingOneLine: heading.height < 40,
      tilesReadable: tiles.every((tile) => tile.width >= 90 && tile.x + tile.width <= 390),
      noSideScroll: widths[0] <= widths[1],
    }).toEqual({ menuAbovePage: true, headingOneLine: true, tilesReadable: true, noSideScroll: true });
    await page.close();
  }, 60_000);
});
