import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's chromium-headless-shell: Chromium's own engine without the desktop browser around it (what
 * Playwright itself runs for headless tests). `.ci/run` installs it when missing, with fonts-noto-cjk
 * for the Chinese text. `npx jest test/browser` took 223 s against 283 s with the full `chromium` in
 * one sitting (CPU 171 against 228 s); `CHROMIUM_PATH=/usr/bin/chromium` runs them in the full one.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';

/** Office PCs' screen: what the screenshots in docs/screenshots/ are taken at. */
export const OFFICE_SCREEN = { width: 1366, height: 768 };

/** Headless, nothing fetched from Google, no state carried between runs. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** A fresh tab in zh-CN, at office screen size. */
  page(): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium driven by playwright-core, on a fresh profile (--user-data-dir) removed on close. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium-headless-shell and fonts-noto-cjk (.ci/run does), or set CHROMIUM_PATH`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: OFFICE_SCREEN,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    page: () => context.newPage(),
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
