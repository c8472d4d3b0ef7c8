import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_YEAR, startConsole, type ConsoleRun } from '../support/console-browser';
import { parseCsv } from '../support/csv';
import type { TestCaller } from '../support/tokens';
import { waitUntil } from '../support/wait';

const DEMO_CASES = 20;
const DISCIPLINE: TestCaller = { sub: 'discipline-zhao', role: 'discipline' };

interface AuditEvent {
  position: string;
  type: string;
  streamId: string;
  hash: string | null;
}
interface CaseRow {
  id: string;
  title: string;
}
interface CaseView {
  id: string;
  version: number;
  units: Array<{ unitId: string }>;
  complainedUnitId: string | null;
  allowedActions: string[];
}
interface Entry {
  accountabilityId: string;
  caseId: string | null;
  findingId: string | null;
  target: { kind: string; unitId: string; name?: string };
  forms: string[];
  basis: { facts: string; rule: string };
}

// Issue 13, 纪检审计: the discipline office's home, in a real Chromium against the real server with its
// first-start demo year: a case's whole history, the export, accountability through the form, the
// integrity check.
describe('纪检审计 in a browser', () => {
  let run: ConsoleRun;
  let cases: CaseRow[];

  beforeAll(async () => {
    run = await startConsole({ demoCases: DEMO_CASES });
    cases = await waitUntil(
      async () => {
        const page = await run.read<{ items: CaseRow[] }>(DISCIPLINE, '/api/v1/cases?limit=100');
        return page && page.items.length >= DEMO_CASES ? page.items : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, failure: 'the demo year did not reach the case list within 60 s' },
    );
  }, 180_000);

  afterAll(async () => {
    await run?.close();
  });

  async function historyOf(caseId: string): Promise<AuditEvent[]> {
    return (await run.api<{ items: AuditEvent[] }>(DISCIPLINE, `/api/v1/audit/events?caseId=${caseId}&limit=1000`)).items;
  }

  async function shownPositions(page: Page): Promise<string[]> {
    return page
      .getByTestId('event-table')
      .locator('[data-event-position]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-event-position')!));
  }

  async function disciplineHome(): Promise<Page> {
    const page = await run.signedIn('discipline');
    await page.waitForURL(/\/audit$/, { timeout: 15_000 });
    await page.getByTestId('audit-events').waitFor({ timeout: 15_000 });
    return page;
  }

  it('discipline lands on 纪检审计 and finds a case’s whole history: the rows are the API’s events of its stream, in order', async () => {
    const page = await disciplineHome();
    expect(await page.getByTestId('side-menu').textContent()).toContain('纪检审计');

    const { id } = cases[0];
    await page.getByTestId('case-lookup-input').fill(id);
    await page.getByTestId('case-lookup-input').press('Enter');
    await page.waitForURL(new RegExp(`caseId=${id}`), { timeout: 15_000 });
    // The case history is the log filtered by the case: every event of its streams, in log order.
    let expected: string[] = [];
    await waitUntil(
      async () => {
        expected = (await historyOf(id)).map((e) => e.position);
        const shown = await shownPositions(page);
        return expected.length > 0 && JSON.stringify(shown) === JSON.stringify(expected);
      },
      { timeoutMs: 20_000, intervalMs: 200, failure: `the case history did not show the API's events of case ${id}` },
    );
    const events = await historyOf(id);
    expect(events[0].type).toBe('ComplaintFiled');
    expect(await page.locator('[data-event-type]').first().getAttribute('data-event-type')).toBe('ComplaintFiled');
    // The heading names the case by its title and links to the case page.
    await page.getByTestId('case-history-heading').filter({ hasText: cases[0].title }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('case-link').getAttribute('href')).toBe(`/cases/${id}`);
    // The first row opens to its payload, as the API gives it to discipline, and its chain hash.
    await page.getByTestId('event-table').locator('.el-table__expand-icon').first().click();
    const payload = page.getByTestId('event-payload').first();
    await payload.waitFor({ timeout: 15_000 });
    expect(await payload.textContent()).toContain(cases[0].title);
    expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await payload.textContent()).toContain(events[0].hash!);
    await run.screenshot(page, 'audit');

    // Text that is not a case id looks the case up by its title.
    await page.goto(`${run.base}/audit`);
    await page.getByTestId('case-lookup-input').fill(cases[1].title);
    await page.getByTestId('case-lookup-submit').click();
    await waitUntil(
      async () => page.url().includes(`caseId=${cases[1].id}`) || (await page.locator(`[data-case-id="${cases[1].id}"]`).count()) > 0,
      { timeoutMs: 15_000, failure: 'the title lookup neither opened the case nor listed it' },
    );
    await page.close();
  }, 90_000);

  it('exports the filtered log: the downloaded file, named by the server, has a row for each event the API lists', async () => {
    const page = await disciplineHome();
    const { id } = cases[0];
    await page.goto(`${run.base}/audit?caseId=${id}`);
    const events = await historyOf(id);
    await waitUntil(async () => (await shownPositions(page)).length === events.length, {
      timeoutMs: 20_000,
      failure: 'the case history did not load',
    });
    for (const format of ['ndjson', 'csv'] as const) {
      await page.getByTestId('event-export').click();
      const item = page.getByTestId(`export-${format}`);
      await item.waitFor({ timeout: 15_000 });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), item.click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^audit-events-\\d{4}-\\d{2}-\\d{2}-to-\\d+\\.${format}$`));
      const text = fs.readFileSync((await download.path())!, 'utf8');
      const rows =
        format === 'ndjson'
          ? text
              .split('\n')
              .filter((line) => line !== '')
              .map((line) => (JSON.parse(line) as AuditEvent).position)
          : parseCsv(text.replace(/^\uFEFF/, ''))
              .slice(1)
              .filter((cells) => cells.length > 1)
              .map((cells) => cells[0]);
      expect({ format, rows }).toEqual({ format, rows: events.map((e) => e.position) });
    }
    await page.close();
  }, 90_000);

  it('filters the log by a unit picked by its name, as the 单位 column names it: the rows are the API’s events of that unit', async () => {
    const [acted] = (
      await run.api<{ items: Array<AuditEvent & { metadata: { unitId?: string } }> }>(DISCIPLINE, '/api/v1/audit/events?role=unit&limit=1')
    ).items;
    const unitId = acted.metadata.unitId!;
    const { name } = await run.api<{ name: string }>(DISCIPLINE, `/api/v1/units/${unitId}`);
    const expected = (await run.api<{ items: AuditEvent[] }>(DISCIPLINE, `/api/v1/audit/events?unitId=${unitId}&limit=100`)).items.map(
      (e) => e.position,
    );
    const page = await disciplineHome();
    const picker = page.getByTestId('filter-unit');
    await picker.click();
    await page.keyboard.type(name);
    await page.locator(`.el-select-dropdown__item[data-unit-id="${unitId}"]`).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.getByTestId('event-search').click();
    await page.waitForURL(new RegExp(`unitId=${unitId}`), { timeout: 15_000 });
    await waitUntil(async () => JSON.stringify(await shownPositions(page)) === JSON.stringify(expected), {
      timeoutMs: 20_000,
      intervalMs: 200,
      failure: `the log filtered by ${unitId} did not show the API's events of that unit`,
    });
    expect(await page.getByTestId('query-reset-note').count()).toBe(0);
    await page.close();
  }, 90_000);

  it('issues accountability on a case through the form (If-Match, confirm), refreshes when another change got there first, and sees it in the register', async () => {
    // A case the discipline office may hold to account on now (dispatched), as the API says.
    let target: CaseView | undefined;
    for (const c of cases) {
      const view = await run.api<CaseView>(DISCIPLINE, `/api/v1/cases/${c.id}`);
      if (view.allowedActions.includes('issue-accountability')) {
        target = view;
        break;
      }
    }
    expect(target).toBeDefined();
    const caseId = target!.id;

    const page = await disciplineHome();
    await page.goto(`${run.base}/audit?tab=accountability`);
    await page.getByTestId('accountability-case-input').fill(caseId);
    await page.getByTestId('accountability-start').click();
    await page.waitForURL(new RegExp(`/audit/accountability/new\\?caseId=${caseId}`), { timeout: 15_000 });
    await page.getByTestId('accountability-form').waitFor({ timeout: 15_000 });

    // Nothing filled: the form says so at the fields before asking the API.
    await page.getByTestId('accountability-submit').click();
    await page.getByText('请至少选择一种问责方式').waitFor({ timeout: 15_000 });

    const rule = `《中国共产党问责条例》第七条（浏览器测试 ${Date.now()}）`;
    const errorAt = (text: string) => page.getByText(text, { exact: true }).and(page.locator('.el-form-item__error'));
    await page.getByTestId('forms').locator('[data-form="circulated_notice"]').click();
    // Each gap clears at its field once changed; the others stay until theirs are.
    await errorAt('请至少选择一种问责方式').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await errorAt('请填写问责事实').count()).toBe(1);
    // A zero-width space is no blank to the browser's trim, but the API's rule finds nothing visible: refused at both fields.
    await page.getByTestId('basis-facts').fill('\u200b');
    await page.getByTestId('basis-rule').fill('\u200b');
    await errorAt('请填写问责事实').waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('accountability-submit').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定问责' }).click();
    await errorAt('请填写问责事实').waitFor({ timeout: 20_000 });
    await errorAt('请填写依据规定').waitFor({ timeout: 15_000 });
    // At the fields only: the banner would restate them.
    expect(await page.getByTestId('problem-banner').count()).toBe(0);
    // The facts corrected: their error goes before any resend; the rule, as sent, keeps its own.
    await page.getByTestId('basis-facts').fill('承办单位推诿扯皮，群众多次往返，造成不良影响。');
    await errorAt('请填写问责事实').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await errorAt('请填写依据规定').count()).toBe(1);
    await page.getByTestId('basis-rule').fill(rule);
    await errorAt('请填写依据规定').waitFor({ state: 'detached', timeout: 15_000 });
    await run.screenshot(page, 'accountability-new');

    // Someone else acts on the case after the form read it: the form's If-Match no longer holds.
    await run.api(DISCIPLINE, `/api/v1/cases/${caseId}/issue-accountability`, {
      body: {
        target: { kind: 'organisation', unitId: target!.units[0]?.unitId ?? target!.complainedUnitId },
        forms: ['written_self_examination'],
        basis: { facts: '另一位纪检人员先作出的问责', rule: '《中国共产党问责条例》第八条' },
      },
    });
    await page.getByTestId('accountability-submit').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定问责' }).click();
    const stale = page.getByTestId('stale-warning');
    await stale.waitFor({ timeout: 20_000 });
    expect(await stale.textContent()).toContain('此案件已被他人修改，请刷新');
    await page.getByTestId('stale-reload').click();
    await stale.waitFor({ state: 'detached', timeout: 15_000 });

    // Sent again on the fresh version, after the confirmation: back to the register, which shows it.
    await page.getByTestId('accountability-submit').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定问责' }).click();
    await page.waitForURL(/\/audit\?tab=accountability$/, { timeout: 20_000 });

    // The register's read model catches up with the command on its own (the screen read it with ?after=).
    const issued = await waitUntil(
      async () =>
        (await run.api<{ items: Entry[] }>(DISCIPLINE, `/api/v1/accountability?limit=100`)).items.find((e) => e.basis.rule === rule),
      { timeoutMs: 20_000, intervalMs: 200, failure: 'GET /api/v1/accountability did not list the entry issued through the form' },
    );
    expect(issued).toMatchObject({ caseId, forms: ['circulated_notice'], target: { kind: 'organisation' } });
    await page.locator(`[data-accountability-id="${issued!.accountabilityId}"]`).waitFor({ timeout: 20_000 });
    const summary = await run.api<{ entries: number }>(DISCIPLINE, `/api/v1/accountability/summary?year=${new Date().getFullYear()}`);
    await page
      .getByTestId('summary-entries')
      .and(page.locator(`[data-value="${summary.entries}"]`))
      .waitFor({ timeout: 15_000 });
    await run.screenshot(page, 'accountability');
    await page.close();
  }, 120_000);

  it('on a transferred case the form starts on the unit answering for it now; each unit says its part, the one transferred away still offered', async () => {
    const intake: TestCaller = { sub: 'intake-wang', role: 'intake' };
    const file = async (title: string) => {
      const { id } = await run.api<{ id: string }>(intake, '/api/v1/cases', {
        body: {
          channel: 'hotline',
          category: 'cumbersome_approval',
          urgency: 'normal',
          title,
          description: '企业反映办事需多次往返。',
          complainedUnitId: 'dept-approval',
          receivedAt: new Date().toISOString(),
          complainant: { anonymous: true },
        },
      });
      await run.api(intake, `/api/v1/cases/${id}/accept`, { body: { note: '受理' } });
      await run.api(intake, `/api/v1/cases/${id}/notify-unit`, {
        body: { unitId: 'dept-approval', role: 'lead', responsibleLeader: '李局长' },
      });
      return id;
    };
    // Led by the approval bureau, transferred to the market regulator; housing co-handles.
    const transferred = await file('改派后问责：营业执照变更多次往返');
    await run.api(intake, `/api/v1/cases/${transferred}/notify-unit`, {
      body: { unitId: 'dept-housing', role: 'co', responsibleLeader: '周局长' },
    });
    await run.api(intake, `/api/v1/cases/${transferred}/transfer`, {
      body: { fromUnitId: 'dept-approval', toUnitId: 'dept-market', reason: '属市场监管职责', responsibleLeader: '张局长' },
    });
    // Returned by its lead (退回) and not yet taken up: no unit answers for it.
    const returned = await file('退回后问责：无人主办');
    await run.api({ sub: 'unit-li', role: 'unit', unitId: 'dept-approval' }, `/api/v1/cases/${returned}/dispute-dispatch`, {
      body: { reason: '不属本单位职责' },
    });

    const page = await disciplineHome();
    await page.goto(`${run.base}/audit/accountability/new?caseId=${transferred}`);
    await page.getByTestId('accountability-form').waitFor({ timeout: 15_000 });
    const select = page.getByTestId('target-unit');
    await select.filter({ hasText: '区市场监督管理局（主办）' }).waitFor({ timeout: 15_000 });
    expect(await select.textContent()).not.toContain('区行政审批局');
    await select.click();
    const options = page.locator('.el-select-dropdown__item:visible');
    await options.first().waitFor({ timeout: 15_000 });
    expect(await options.allTextContents()).toEqual([
      '区市场监督管理局（主办）',
      '区住房和城乡建设局（协办）',
      '区行政审批局（主办·已改派）',
    ]);
    await page.keyboard.press('Escape');

    await page.goto(`${run.base}/audit/accountability/new?caseId=${returned}`);
    await page.getByTestId('accountability-form').waitFor({ timeout: 15_000 });
    await select.filter({ hasText: '请选择问责单位' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('accountability-submit').click();
    await page.getByText('请选择问责单位', { exact: true }).and(page.locator('.el-form-item__error')).waitFor({ timeout: 15_000 });
    await select.click();
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.el-select-dropdown__item:visible').allTextContents()).toEqual(['区行政审批局（主办·已退回）']);
    await page.close();
  }, 90_000);

  it('issues accountability on a finding of the ledger against an official, as the finding page’s button leads', async () => {
    const finding = await run.api<{ id: string }>({ sub: 'intake-wang', role: 'intake' }, '/api/v1/findings', {
      body: {
        source: { kind: 'inspection' },
        unitId: 'dept-market',
        category: 'cumbersome_approval',
        description: '营业执照变更需多次往返窗口补交材料',
        raisedBy: { kind: 'office', name: '区督查室' },
      },
    });
    const page = await disciplineHome();
    await page.goto(`${run.base}/audit/accountability/new?findingId=${finding.id}`);
    await page.getByTestId('accountability-subject').filter({ hasText: '营业执照变更需多次往返窗口补交材料' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('target-kind').getByText('个人').click();
    // A person's forms: 诫勉 offered, 改组 (an organisation's) not.
    await page.getByTestId('forms').locator('[data-form="admonishment"]').click();
    expect(await page.getByTestId('forms').locator('[data-form="reorganisation"]').count()).toBe(0);
    await page.getByTestId('target-name').fill('张某某');
    await page.getByTestId('target-position').fill('窗口科科长');
    await page.getByTestId('basis-facts').fill('对企业反映的问题长期不予整改。');
    const rule = `《中国共产党问责条例》第七条第一款（问题问责 ${Date.now()}）`;
    await page.getByTestId('basis-rule').fill(rule);
    await page.getByTestId('accountability-submit').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定问责' }).click();
    await page.waitForURL(/\/audit\?tab=accountability$/, { timeout: 20_000 });

    const issued = await waitUntil(
      async () =>
        (await run.api<{ items: Entry[] }>(DISCIPLINE, `/api/v1/accountability?limit=100`)).items.find((e) => e.basis.rule === rule),
      { timeoutMs: 20_000, intervalMs: 200, failure: 'GET /api/v1/accountability did not list the entry on the finding' },
    );
    expect(issued).toMatchObject({
      caseId: null,
      findingId: finding.id,
      forms: ['admonishment'],
      target: { kind: 'person', unitId: 'dept-market', name: '张某某', position: '窗口科科长' },
    });
    const row = page.locator(`[data-accountability-id="${issued.accountabilityId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('张某某');
    await page.close();
  }, 90_000);

  it('on a phone (390×844) the register’s three summary cards are all on screen, 按单位（前五） too', async () => {
    // A year whose summary names units (the demo's, or this year's, where the tests above issued some).
    const years = [DEMO_YEAR, new Date().getFullYear()];
    const summaries = await Promise.all(
      years.map((year) => run.api<{ byUnit: unknown[] }>(DISCIPLINE, `/api/v1/accountability/summary?year=${year}`)),
    );
    const year = years[summaries.findIndex((summary) => summary.byUnit.length > 0)];
    expect(year).toBeDefined();
    const page = await disciplineHome();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${run.base}/audit?tab=accountability&year=${year}`);
    const cards = page.getByTestId('accountability-summary').locator('.figure');
    await cards.nth(2).locator('.el-tag').first().waitFor({ timeout: 15_000 });
    const shown = await page.getByTestId('accountability-summary').evaluate((figures) => {
      const area = figures.getBoundingClientRect();
      return {
        cards: [...figures.querySelectorAll('.figure')].map((card) => {
          const box = card.getBoundingClientRect();
          return {
            label: card.querySelector('.figure-label')?.textContent,
            whole: box.left >= area.left - 0.5 && box.right <= area.right + 0.5,
          };
        }),
        onScreen: area.right <= 390,
        sideScroll: figures.scrollWidth > figures.clientWidth + 1,
      };
    });
    expect(shown).toEqual({
      cards: [
        { label: `${year}年问责`, whole: true },
        { label: '按问责方式', whole: true },
        { label: '按单位（前五）', whole: true },
      ],
      onScreen: true,
      sideScroll: false,
    });
    await page.close();
  }, 60_000);

  it('runs the integrity check and sees the log intact, with the number of events the API checked', async () => {
    const page = await disciplineHome();
    await page.goto(`${run.base}/audit?tab=verify`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/audit/verify'), { timeout: 60_000 }),
      page.getByTestId('verify-run').click(),
    ]);
    const verification = (await response.json()) as { ok: boolean; events: number };
    expect(verification.ok).toBe(true);
    const result = page.getByTestId('verify-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('日志完整');
    expect(Number(await page.getByTestId('verify-events').getAttribute('data-value'))).toBe(verification.events);
    expect(verification.events).toBeGreaterThan(DEMO_CASES);
    // The audit read model the history is served from, compared with the log beside it.
    expect(await page.getByTestId('verify-read-model').textContent()).toContain('与日志一致');
    await run.screenshot(page, 'verify');
    await page.close();
  }, 90_000);

  // Last: it breaks the log for good.
  it('after an event was changed behind the API’s back, lists the failure in Chinese from its fields, the API’s English only as a tooltip', async () => {
    const streamId = `case-${cases[0]!.id}`;
    const client = await run.db.pool.connect();
    try {
      // As a superuser bypassing the log's triggers, as test/e2e/audit-verify does.
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `UPDATE events SET data = jsonb_set(data, '{title}', '"被改动的标题"') WHERE stream_id = $1 AND stream_version = 1`,
        [streamId],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const page = await disciplineHome();
    await page.goto(`${run.base}/audit?tab=verify`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/audit/verify'), { timeout: 60_000 }),
      page.getByTestId('verify-run').click(),
    ]);
    const verification = (await response.json()) as {
      ok: boolean;
      failures: Array<{ kind: string; streamId: string; version: number; message: string }>;
    };
    expect(verification.failures).toEqual([expect.objectContaining({ kind: 'hash_mismatch', streamId, version: 1 })]);
    const table = page.getByTestId('verify-failures');
    await table.waitFor({ timeout: 30_000 });
    expect(await table.getByTestId('failure-kind').allTextContents()).toEqual(['哈希不符（事件内容被改动）']);
    const text = table.getByTestId('failure-text');
    expect(await text.allTextContents()).toEqual(['版本 1 与其哈希不符：该事件的内容或在日志中的位置被改动过']);
    expect(await text.getAttribute('title')).toBe(`原始信息：${verification.failures[0]!.message}`);
    // What the table says is Chinese: the only Latin letters are the stream's name (case-<id>) where it is.
    expect(((await table.textContent()) ?? '').replaceAll(streamId, '')).not.toMatch(/[A-Za-z]/);
    await page.close();
  }, 90_000);
});
