import type { Page } from 'playwright-core';
import { DEMO_YEAR, startConsole, type ConsoleRun } from '../support/console-browser';

const WAIT = { timeout: 15_000 };

// A bookmark or a hand-edited address with a value the page cannot use: the page drops it from the
// address, shows its default, and says which filter was reset, rather than showing the raw value, a
// refusal, or quietly another choice.
describe('a filter value in the address that the page cannot use', () => {
  let run: ConsoleRun;

  beforeAll(async () => {
    run = await startConsole({ demoCases: 0 });
  }, 180_000);
  afterAll(async () => run?.close());

  async function opened(role: 'dashboard' | 'intake' | 'discipline' | 'unit' | 'admin', address: string): Promise<Page> {
    const page = await run.signedIn(role);
    await page.goto(`${run.base}${address}`);
    return page;
  }
  const note = (page: Page) => page.getByTestId('query-reset-note').locator('.el-alert__title');
  const search = (page: Page) => new URL(page.url()).searchParams;

  it.each([
    ['a period ending before it starts', '/dashboard?from=2026-12-31&to=2026-01-01'],
    ['a date that is none', '/dashboard?from=abc'],
    ['a start after today, with no end (the end is today)', '/dashboard?from=2099-01-01'],
  ])(
    '领导看板, %s: the default period, the note, no refusal',
    async (_, address) => {
      const page = await run.signedIn('dashboard');
      // The page signing in lands on has asked for what it shows before the address is opened.
      await page.waitForLoadState('networkidle');
      const summaries: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/v1/dashboard/summary') summaries.push(request.url());
      });
      await page.goto(`${run.base}${address}`);
      await page.getByTestId('query-reset-note').waitFor(WAIT);
      await page.getByTestId('tile-received').waitFor(WAIT);
      expect(await note(page).textContent()).toBe('筛选条件“统计期间”的值无效，已恢复默认');
      await page.waitForURL((url) => !url.searchParams.has('from') && !url.searchParams.has('to'), WAIT);
      // The picker shows the default period (1 January of last year to today), asked for once (taking
      // the value out of the address asks for nothing more), and nothing was refused.
      const start = await page.getByTestId('period-picker').locator('input').first().inputValue();
      const banners = await page.getByTestId('problem-banner').allTextContents();
      expect({ start, banners, summaries: summaries.length }).toEqual({ start: `${DEMO_YEAR}-01-01`, banners: [], summaries: 1 });
      // The next period the user picks clears the note.
      await page.goto(`${run.base}/dashboard?from=${DEMO_YEAR}-01-01&to=${DEMO_YEAR}-12-31`);
      await page.getByTestId('tile-received').waitFor(WAIT);
      expect(await page.getByTestId('query-reset-note').count()).toBe(0);
      await page.close();
    },
    60_000,
  );

  it('领导看板, a period longer than the three years the API aggregates: the default period, a note saying the rule, no refusal', async () => {
    const page = await run.signedIn('dashboard');
    await page.waitForLoadState('networkidle');
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/v1/dashboard/')) asked.push(url.search);
    });
    await page.goto(`${run.base}/dashboard?from=1999-01-01&to=2026-12-07`);
    await note(page).waitFor(WAIT);
    expect(await note(page).textContent()).toBe('统计期间最长三年（自1999年1月1日起最晚至2001年12月31日），已恢复默认期间');
    await page.waitForURL((url) => !url.searchParams.has('from') && !url.searchParams.has('to'), WAIT);
    await page.getByTestId('tile-received').waitFor(WAIT);
    const start = await page.getByTestId('period-picker').locator('input').first().inputValue();
    expect({
      start,
      banners: await page.getByTestId('problem-banner').count(),
      refusable: asked.filter((q) => q.includes('1999')),
    }).toEqual({
      start: `${DEMO_YEAR}-01-01`,
      banners: 0,
      refusable: [],
    });
    // A link of the list behind a figure with such a period (made by hand: the dashboard makes none):
    // the API's refusal is said by its rule in Chinese, and only the code stays in English.
    await page.goto(`${run.base}/dashboard/cases?figure=received&from=1999-01-01&to=2026-12-07`);
    const banner = page.getByTestId('problem-banner');
    await banner.getByTestId('problem-field').waitFor(WAIT);
    expect(await banner.getByTestId('problem-field').allTextContents()).toEqual(['结束日期距开始日期不能超过3年']);
    expect(await banner.getByTestId('problem-support').textContent()).toBe('错误代码：VALIDATION_FAILED');
    expect(((await banner.textContent()) ?? '').replace('VALIDATION_FAILED', '')).not.toMatch(/[A-Za-z]/);
    await page.close();
  }, 60_000);

  it.each([
    ['a case', 'intake', '/cases/not-a-uuid', '/cases/6f1d2c3b-4a5e-4f60-8172-93a4b5c6d7e8', 'case-no-access'],
    ['a finding', 'intake', '/ledger/findings/bogus', '/ledger/findings/6f1d2c3b-4a5e-4f60-8172-93a4b5c6d7e8', 'finding-no-access'],
    ['a ranking', 'intake', '/ledger/rankings/bogus', '/ledger/rankings/2001-01-department', 'ranking-no-access'],
    ['a campaign', 'intake', '/ledger/campaigns/bogus', '/ledger/campaigns/6f1d2c3b-4a5e-4f60-8172-93a4b5c6d7e8', 'campaign-no-access'],
  ] as const)(
    'a link to %s with an id no record could have reads as one to an unknown id: 无权查看或不存在, no form message',
    async (_, role, malformed, unknown, shown) => {
      const page = await opened(role, unknown);
      const texts: string[] = [];
      for (const address of [unknown, malformed]) {
        if (address !== unknown) await page.goto(`${run.base}${address}`);
        await page.getByTestId(shown).waitFor(WAIT);
        texts.push((await page.getByTestId(shown).textContent()) ?? '');
        expect({ address, banners: await page.getByTestId('problem-banner').allTextContents() }).toEqual({ address, banners: [] });
      }
      expect(texts[0]).toContain('无权查看或不存在');
      expect(texts[1]).toBe(texts[0]);
      await page.close();
    },
    60_000,
  );

  it('考核评议, a year the API has no table for (1999): last year’s table, saying the year was reset', async () => {
    const page = await opened('dashboard', '/appraisal?year=1999');
    await note(page).waitFor(WAIT);
    expect(await note(page).textContent()).toBe('筛选条件“年度”的值无效，已恢复默认');
    await page.waitForURL((url) => !url.searchParams.has('year'), WAIT);
    await page
      .getByTestId('appraisal-caption')
      .filter({ hasText: `${DEMO_YEAR}年度` })
      .waitFor(WAIT);
    await page.close();
  }, 60_000);

  it('案件工作台, a status and urgency of no list, a date that is none, a name it does not know: empty filters and a note', async () => {
    const page = await opened('intake', '/cases?status=bogus&urgency=xx&channel=letter');
    await note(page).waitFor(WAIT);
    expect(await note(page).textContent()).toBe('筛选条件“状态”“紧急程度”的值无效，已恢复默认');
    await page.waitForURL((url) => url.search === '?channel=letter', WAIT);
    // The dropdowns show 全部, not the raw codes; the usable filter stays; nothing was refused.
    const selected = (testid: string) => page.getByTestId(testid).locator('.el-select__placeholder').textContent();
    expect({
      status: (await selected('filter-status'))?.trim(),
      urgency: (await selected('filter-urgency'))?.trim(),
      channel: (await selected('filter-channel'))?.trim(),
      banners: await page.getByTestId('problem-banner').count(),
    }).toEqual({ status: '全部', urgency: '全部', channel: '来信', banners: 0 });

    await page.goto(`${run.base}/cases?receivedFrom=2026-13-45&receivedTo=2026-03-01`);
    await note(page).filter({ hasText: '筛选条件“受理日期”的值无效，已恢复默认' }).waitFor(WAIT);
    await page.waitForURL((url) => url.search === '?receivedTo=2026-03-01', WAIT);

    await page.goto(`${run.base}/cases?from=2026-13-45`);
    await note(page).filter({ hasText: '网址中的参数“from”无法识别，已忽略' }).waitFor(WAIT);
    await page.waitForURL((url) => url.search === '', WAIT);
    expect([...search(page).keys()]).toEqual([]);
    await page.close();
  }, 60_000);

  it('纪检审计 log, a case id, a role and a recording period the API would refuse: the usable filter kept, a note, no refusal', async () => {
    const page = await run.signedIn('discipline');
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/audit/events') asked.push(url.search);
    });
    // A period's start alone: the picker shows a pair, so it is reset too.
    await page.goto(`${run.base}/audit?caseId=123&role=boss&actorId=intake-wang&recordedFrom=2026-03-02T09:05:00%2B08:00`);
    await note(page).waitFor(WAIT);
    expect(await note(page).textContent()).toBe('筛选条件“案件编号”“角色”“记录时间”的值无效，已恢复默认');
    await page.waitForURL((url) => url.search === '?actorId=intake-wang', WAIT);
    await page.getByTestId('event-table').waitFor(WAIT);
    expect({
      actor: await page.getByTestId('filter-actor').inputValue(),
      role: (await page.getByTestId('filter-role').locator('.el-select__placeholder').textContent())?.trim(),
      banners: await page.getByTestId('problem-banner').allTextContents(),
      refusable: asked.filter((search) => /caseId|role|recorded/.test(search)),
    }).toEqual({ actor: 'intake-wang', role: '全部', banners: [], refusable: [] });

    // A period ending before it starts, and an event type written as no type is.
    await page.goto(
      `${run.base}/audit?type=ComplaintFiled,bogus&recordedFrom=2026-03-02T10:00:00%2B08:00&recordedTo=2026-03-02T09:00:00%2B08:00`,
    );
    await note(page).filter({ hasText: '筛选条件“事件类型”“记录时间”的值无效，已恢复默认' }).waitFor(WAIT);
    await page.waitForURL((url) => url.search === '', WAIT);
    expect(await page.getByTestId('problem-banner').allTextContents()).toEqual([]);

    // A tab there is none of and a filter of the log at once: two views correct one address, and
    // each says what it reset.
    await page.goto(`${run.base}/audit?tab=bogus&role=boss&actorId=intake-wang`);
    await page.waitForURL((url) => url.search === '?actorId=intake-wang', WAIT);
    await note(page).nth(1).waitFor(WAIT);
    expect(await note(page).allTextContents()).toEqual(['筛选条件“标签页”的值无效，已恢复默认', '筛选条件“角色”的值无效，已恢复默认']);
    await page.close();
  }, 60_000);

  it('整改台账, a status of no list, a due period the picker cannot show, a campaign not listed: the usable filters kept, a note', async () => {
    const page = await run.signedIn('intake');
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/rectifications') asked.push(url.search);
    });
    // The filters stay beside the tab they were not set on.
    await page.goto(`${run.base}/ledger?tab=rankings&status=bogus&holderKind=finding&dueFrom=2026-03-01`);
    await note(page).waitFor(WAIT);
    expect(await note(page).textContent()).toBe('筛选条件“状态”“完成时限”的值无效，已恢复默认');
    await page.waitForURL((url) => url.search === '?tab=rankings&holderKind=finding', WAIT);
    await page.getByTestId('rankings-table').waitFor(WAIT);
    expect({
      banners: await page.getByTestId('problem-banner').allTextContents(),
      refusable: asked.filter((search) => /status|dueFrom/.test(search)),
    }).toEqual({ banners: [], refusable: [] });

    // A campaign the campaigns' list does not hold (the demo-less server lists none).
    await page.goto(`${run.base}/ledger?campaignId=no-such-campaign`);
    await note(page).filter({ hasText: '筛选条件“活动”的值无效，已恢复默认' }).waitFor(WAIT);
    await page.waitForURL((url) => url.search === '', WAIT);
    expect((await page.getByTestId('filter-campaign').locator('.el-select__placeholder').textContent())?.trim()).toBe('全部');
    await page.close();
  }, 60_000);

  it.each([
    ['超期督办, a card there is none of (?card=green): both cards', 'intake', '/overdue?card=green', 'card', '牌色', 'card-filter'],
    ['纪检审计, a tab there is none of (?tab=bogus): the log', 'discipline', '/audit?tab=bogus', 'tab', '标签页', 'audit-tabs'],
    ['整改台账, a tab there is none of (?tab=bogus): the ledger', 'discipline', '/ledger?tab=bogus', 'tab', '标签页', 'ledger'],
    ['单位待办, a tab there is none of (?tab=bogus): 待签收', 'unit', '/unit-tasks?tab=bogus', 'tab', '标签页', 'sign-for-table'],
    [
      '系统管理 › 工作日历, a year no calendar may be published for (?year=1999): this year',
      'admin',
      '/admin/calendar?year=1999',
      'year',
      '年度',
      'calendar-months',
    ],
    [
      '问责台账, a year out of range (?year=1999): this year',
      'discipline',
      '/audit?tab=accountability&year=1999',
      'year',
      '年度',
      'accountability',
    ],
  ] as const)(
    '%s, saying so',
    async (_, role, address, param, label, shown) => {
      const page = await opened(role, address);
      await note(page).waitFor(WAIT);
      expect(await note(page).textContent()).toBe(`筛选条件“${label}”的值无效，已恢复默认`);
      await page.waitForURL((url) => !url.searchParams.has(param), WAIT);
      await page.getByTestId(shown).waitFor(WAIT);
      expect(await page.getByTestId('problem-banner').allTextContents()).toEqual([]);
      await page.close();
    },
    60_000,
  );
});
