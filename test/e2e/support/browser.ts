// Real Chromium (Debian's package) driven by playwright-core: launch, a screenshot of each step
// under test/e2e/screens/, and axe-core's check of the page as it stands (no serious or critical
// violation). Without Chromium the e2e tests skip, naming the package.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENS = path.resolve(import.meta.dirname, '..', 'screens');

/** Why the e2e tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed (${CHROMIUM}): apt-get install chromium (npm test installs it when run as root)`;
  if (!existsSync(path.resolve(import.meta.dirname, '..', '..', '..', 'renderer', 'dist', 'index.html'))) {
    return 'the wizard is not built: npm run build:renderer (npm ci and npm test build it)';
  }
  return undefined;
}

export interface Opened {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far (a CSP violation shows here). */
  errors: string[];
  close(): Promise<void>;
}

export async function openWizard(url: string, opts: { dark?: boolean } = {}): Promise<Opened> {
  // Root cannot use Chromium's user-namespace sandbox; a normal user keeps it.
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args, timeout: 60_000 });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, colorScheme: opts.dark ? 'dark' : 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Modem Doctor' }).waitFor();
  return { browser, context, page, errors, close: async () => { await context.close(); await browser.close(); } };
}

/** A screenshot of the page as it is now, as test/e2e/screens/<name>.png. */
export async function screen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
}

/** axe-core over the page: no serious or critical violation, named with its nodes when there is one. */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
    [],
    `accessibility at ${where}`,
  );
}

/** Opens a wizard step from the step list and waits for its heading. */
export async function openStep(page: Page, step: string, title: string): Promise<void> {
  await page.locator(`nav [data-step="${step}"]`).click();
  await page.locator('#step-heading', { hasText: title }).waitFor();
}

/** Screenshot plus accessibility check: what every step of every test does. */
export async function record(page: Page, name: string): Promise<void> {
  await screen(page, name);
  await assertAccessible(page, name);
}
