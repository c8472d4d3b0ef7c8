import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { freePort } from '@app/platform';
import { launchChromium, type Browser } from './browser';
import { spawnServer, waitForStatus, type ServerProcess } from './server-process';
import { createTestDatabase, databaseActivity, type TestDatabase } from './test-database';
import type { TestCaller } from './tokens';
import { TEST_UNITS_SEED } from './test-units';

/**
 * Where the browser tests put their screenshots (1366×768): `.data/screenshots` by default, so a test
 * run leaves the working tree as it was; `npm run screenshots` points it at docs/screenshots, the
 * copies the README and docs/console.md show.
 */
export const SCREENSHOTS = path.resolve(process.env.CONSOLE_SCREENSHOTS ?? path.join(__dirname, '../../.data/screenshots'));

/** The first-start demo plays last year (tools/demo/src/first-start-demo.ts). */
export const DEMO_YEAR = new Date().getFullYear() - 1;

/** The console's demo users by role (the sign-in page's buttons are `sign-in-<role>`). */
export type ConsoleRole = 'intake' | 'unit' | 'discipline' | 'dashboard' | 'admin';

/** One built server as `npm start` runs it (with its first-start demo) on a database of its own, and a Chromium. */
export interface ConsoleRun {
  base: string;
  server: ServerProcess;
  db: TestDatabase;
  browser: Browser;
  /** A request to the API as `caller`, its JSON answer; throws on an answer other than `expect` (default 2xx). */
  api<T>(
    caller: TestCaller,
    route: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string>; expect?: number },
  ): Promise<T>;
  /**
   * A GET of a read model as `caller` for a probe inside `waitUntil`: its JSON answer, or null while it
   * answers 503 PROJECTION_NOT_READY (the server is up before its read models' first build of the
   * demo year is done, and a loaded machine shows it).
   */
  read<T>(caller: TestCaller, route: string): Promise<T | null>;
  /** A fresh tab on the sign-in page. */
  signedOutPage(): Promise<Page>;
  /** A fresh tab signed in as the demo user of `role` (a unit: the unit picked by `unitId`, else the first). */
  signedIn(role: ConsoleRole, unitId?: string): Promise<Page>;
  /** The page at 1366×768 into SCREENSHOTS/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `port`: where the server listens (default: a free one), for a test that must know the console's
 * origin before it starts (an OIDC provider's redirect URI); `env`: more of the server's environment
 * (e.g. OIDC_ISSUER: then `signedIn` and `api` do not work, the server trusts no development key).
 */
export async function startConsole(options: { demoCases?: number; port?: number; env?: Record<string, string> } = {}): Promise<ConsoleRun> {
  const db = await createTestDatabase({ empty: true });
  const port = options.port ?? (await freePort());
  const server = spawnServer({
    PORT: String(port),
    DATABASE_URL: db.url,
    DEMO_ON_FIRST_START: String(options.demoCases ?? 0),
    UNITS_SEED_FILE: TEST_UNITS_SEED,
    ...options.env,
  });
  const base = `http://127.0.0.1:${port}`;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await db.drop();
  };
  try {
    await waitForStatus(`${base}/health`, 200, 120_000, server, () => databaseActivity(db.name));
    browser = await launchChromium();
  } catch (error) {
    await close();
    throw error;
  }
  const run: ConsoleRun = {
    base,
    server,
    db,
    browser,
    async api<T>(
      caller: TestCaller,
      route: string,
      init: { method?: string; body?: unknown; headers?: Record<string, string>; expect?: number } = {},
    ) {
      const response = await fetch(`${base}${route}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { ...server.as(caller), ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      const expected = init.expect === undefined ? response.ok : response.status === init.expect;
      if (!expected) throw new Error(`${init.method ?? 'GET'} ${route} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async read<T>(caller: TestCaller, route: string) {
      return run.api<T>(caller, route).catch((error: Error) => {
        if (error.message.includes('answered 503') && error.message.includes('PROJECTION_NOT_READY')) return null;
        throw error;
      });
    },
    async signedOutPage() {
      const page = await browser!.page();
      await page.goto(`${base}/`);
      await page.waitForURL(/\/sign-in/, { timeout: 15_000 });
      return page;
    },
    async signedIn(role, unitId) {
      const page = await run.signedOutPage();
      if (role === 'unit' && unitId) {
        // The unit picker is an el-select: open it and choose the unit by its data-unit-id.
        await page.getByTestId('sign-in-unit-select').click();
        await page.locator(`[data-unit-id="${unitId}"]`).click();
      }
      await page.getByTestId(`sign-in-${role}`).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 15_000 });
      return page;
    },
    async screenshot(page, name) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
    },
    close,
  };
  return run;
}
