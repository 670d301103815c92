/**
 * The demo as the end-to-end tests drive it: Vite serves `demo/` (the root `vite.config.ts`) or a
 * production build of it, Debian's Chromium loads it into a fresh profile, and the tests wait for
 * the demo's ready marker. Problems the page reports (console errors, uncaught errors) are kept.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {createServer} from 'vite';
import type {ViteDevServer} from 'vite';
import {chromiumFlags, chromiumPath} from '../../scripts/chromium.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where a picture goes: `docs/` on request (UPDATE_SCREENSHOT=1), else `.test-results/`. */
export function picturePath(name: string): string {
  return process.env['UPDATE_SCREENSHOT'] === '1'
    ? join(root, 'docs', name)
    : join(root, '.test-results', name);
}

/** The Vite dev server of the demo, without watching or HMR (edits must not reload the page). */
export async function startDemoServer(): Promise<ViteDevServer> {
  const server = await createServer({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    server: {host: '127.0.0.1', port: 0, strictPort: false, open: false, watch: null, hmr: false},
  });
  await server.listen();
  return server;
}

export function serverUrl(server: {resolvedUrls: {local: string[]} | null}): string {
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('The Vite server reports no local address.');
  return url;
}

export interface DemoBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** What the page reported as wrong so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(width = 1440, height = 1000): Promise<DemoBrowser> {
  const browser = await chromium.launch({executablePath: chromiumPath, args: chromiumFlags});
  const context = await browser.newContext({
    viewport: {width, height},
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return {
    browser,
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

/** Waits for the demo's ready marker (its data loaded, its components rendered). */
export async function waitForDemo(page: Page, problems: readonly string[]): Promise<void> {
  await page
    .waitForFunction(() => (window as {__demoReady?: boolean}).__demoReady === true, undefined, {
      timeout: 120_000,
    })
    .catch(async (error: unknown) => {
      const shown = await page.locator('#loading, #alert').allInnerTexts();
      throw new Error(
        `The demo did not get ready: ${String(error)}\nPage: ${shown.join(' | ')}\n` +
          `Problems: ${problems.join('\n') || 'none'}`,
      );
    });
}

/** One axe violation, in a line a person can read. */
export interface Violation {
  readonly id: string;
  readonly nodes: string[];
}

/** Runs axe-core over the whole page (shadow roots included) and returns what it finds. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const source = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({content: source});
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: Document) => Promise<{
            violations: {
              id: string;
              nodes: {target: unknown[]; failureSummary?: string}[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => ({
      id: violation.id,
      nodes: violation.nodes.map(
        (node) => `${JSON.stringify(node.target)}: ${node.failureSummary ?? ''}`,
      ),
    }));
  });
}
