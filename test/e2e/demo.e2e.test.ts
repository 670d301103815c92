/**
 * The demo, end to end: Vite serves `demo/` (the root `vite.config.ts`), Chromium loads it into a
 * fresh profile, the demo imports its data set into IndexedDB, and a run started through
 * `<invoice-run-form>` bills it. The screenshot of the finished run is the README's `docs/demo.png`.
 */
import {mkdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {createServer} from 'vite';
import type {ViteDevServer} from 'vite';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {chromiumFlags, chromiumPath} from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The README's picture is replaced only on request (UPDATE_SCREENSHOT=1 npm run test:e2e), so a
// test run leaves the working tree as it was; every run keeps its own picture to look at.
const screenshot =
  process.env['UPDATE_SCREENSHOT'] === '1'
    ? join(root, 'docs', 'demo.png')
    : join(root, '.test-results', 'demo.png');
/** The dark theme, for looking at (not committed). */
const darkScreenshot = join(root, '.test-results', 'demo-dark.png');

let server: ViteDevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  server = await createServer({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    // No file watching and no HMR: edits elsewhere in the workspace must not reload the page.
    server: {host: '127.0.0.1', port: 0, strictPort: false, open: false, watch: null, hmr: false},
  });
  await server.listen();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumFlags,
  });
  context = await browser.newContext({
    viewport: {width: 1440, height: 1000},
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

function serverUrl(): string {
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('The Vite server reports no local address.');
  return url;
}

test('the demo loads its data, runs a billing run through the form and shows the summary', async () => {
  await page.goto(serverUrl());

  // First visit: the demo shows its loading state while it imports the data set.
  await page.locator('#loading').waitFor({state: 'visible', timeout: 30_000});
  await page
    .waitForFunction(() => (window as {__demoReady?: boolean}).__demoReady === true, undefined, {
      timeout: 90_000,
    })
    .catch(async (error: unknown) => {
      // Say what the page showed: the loading state, an alert, the problems seen so far.
      const shown = await page.locator('#loading, #alert').allInnerTexts();
      throw new Error(
        `The demo did not get ready: ${String(error)}\nPage: ${shown.join(' | ')}\n` +
          `Problems: ${problems.join('\n') || 'none'}`,
      );
    });
  expect(await page.locator('body').getAttribute('data-ready')).toBe('true');
  await expect
    .poll(() => page.locator('.stat dd[data-count="accounts"]').textContent())
    .not.toBe('–');

  // The form: the period, a subscription filter (several exist: one must be picked), usage and
  // orders.
  const form = page.locator('invoice-run-form');
  await form.getByRole('radio', {name: 'All subscriptions'}).check({timeout: 30_000});
  await form.getByLabel('Period start').fill('2026-01-01');
  await form.getByLabel('Period end').fill('2026-01-31');
  await form.getByLabel('Title (optional)').fill('January 2026');
  await form.getByRole('checkbox', {name: 'Metered usage'}).check();
  await form.getByRole('checkbox', {name: 'Service orders'}).check();
  await form.getByRole('button', {name: 'Start run'}).click();

  // The summary of the finished run, with invoices.
  const summary = form.locator('[part~="summary"]');
  await summary.waitFor({state: 'visible', timeout: 90_000});
  const figures = await summary.locator('dl.figures').innerText();
  const invoices = /Invoices\s+([\d,.\s]+)/.exec(figures)?.[1]?.replace(/\D/g, '') ?? '';
  expect(Number(invoices)).toBeGreaterThan(0);

  // The history lists the run as it ended.
  const history = page.locator('run-history');
  await expect
    .poll(() => history.locator('[part~="run"]').count(), {timeout: 30_000})
    .toBeGreaterThan(0);
  await expect
    .poll(() => history.locator('[part~="run"]').first().innerText(), {timeout: 30_000})
    .toMatch(/January 2026/);

  // Let View Remaining load for the finished run before the picture is taken.
  await expect
    .poll(
      () =>
        page
          .locator('remaining-picker')
          .evaluate((element) => (element as HTMLElement & {runId?: string}).runId ?? ''),
      {timeout: 30_000},
    )
    .not.toBe('');
  const picker = page.locator('remaining-picker');
  await expect
    .poll(() => picker.locator('[part~="heading"]').textContent(), {timeout: 60_000})
    .toContain('January 2026');
  await expect
    .poll(() => picker.getByText('Looking up what remains').count(), {timeout: 60_000})
    .toBe(0);
  await page.waitForTimeout(500);

  mkdirSync(dirname(screenshot), {recursive: true});
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({path: screenshot, fullPage: true});

  // The dark theme, through the components' custom properties.
  await page.getByRole('button', {name: 'Dark theme'}).click();
  expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  mkdirSync(dirname(darkScreenshot), {recursive: true});
  await page.screenshot({path: darkScreenshot, fullPage: true});

  expect(problems).toEqual([]);
});
