/**
 * The clerk's flow through the real demo (Vite serves `demo/`, Debian's Chromium loads it), as the
 * README tells it: run, delete a draft, View Remaining shows it, restore, the figures match the
 * invoices, finalize; in two tabs of one browser profile (one IndexedDB, two workers) and after a
 * reload. Then what a clerk met on the way: a reload during a run, a run waiting for another tab,
 * Cancel, and a new data set.
 */
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import type {Browser, BrowserContext, Locator, Page} from 'playwright-core';
import {createServer} from 'vite';
import type {ViteDevServer} from 'vite';
import {afterAll, afterEach, beforeAll, beforeEach, expect, test} from 'vitest';
import {chromiumFlags, chromiumPath} from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** A whole flow over the demo's 6,000 subscriptions: several runs and restores. */
const FLOW = 300_000;
const LONG = 120_000;

let server: ViteDevServer;
let browser: Browser;
/** A fresh browser profile per test: its own IndexedDB, the demo's first visit. */
let context: BrowserContext;
const problems: string[] = [];

beforeAll(async () => {
  server = await createServer({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    server: {host: '127.0.0.1', port: 0, strictPort: false, open: false, watch: null, hmr: false},
  });
  await server.listen();
  browser = await chromium.launch({executablePath: chromiumPath, args: chromiumFlags});
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  problems.length = 0;
  context = await browser.newContext({
    viewport: {width: 1440, height: 1000},
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
  });
});

afterEach(async () => {
  await context?.close();
});

function serverUrl(): string {
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('The Vite server reports no local address.');
  return url;
}

/** A tab of the demo, ready: its data loaded (generated on the profile's first visit). */
async function openTab(): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  await page.goto(serverUrl());
  await waitReady(page);
  return page;
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as {__demoReady?: boolean}).__demoReady === true, null, {
    timeout: LONG,
  });
}

/** Fills the form for January 2026 over all subscriptions, metered usage and service orders. */
async function fillJanuary(page: Page, title = 'January 2026'): Promise<void> {
  const form = page.locator('invoice-run-form');
  await form.getByRole('radio', {name: 'All subscriptions'}).check({timeout: LONG});
  await form.getByLabel('Period start').fill('2026-01-01');
  await form.getByLabel('Period end').fill('2026-01-31');
  await form.getByLabel('Title (optional)').fill(title);
  await form.getByRole('checkbox', {name: 'Metered usage'}).check();
  await form.getByRole('checkbox', {name: 'Service orders'}).check();
}

async function runJanuary(page: Page): Promise<void> {
  await fillJanuary(page);
  const form = page.locator('invoice-run-form');
  await form.getByRole('button', {name: 'Start run'}).click();
  await form.locator('[part~="summary"]').waitFor({timeout: LONG});
}

function historyRow(page: Page, name = 'January 2026'): Locator {
  return page.locator('run-history [part~="run"]').filter({hasText: name}).first();
}

async function cell(page: Page, part: string, name?: string): Promise<string> {
  return (await historyRow(page, name).locator(`[part~="${part}"]`).innerText()).trim();
}

function picker(page: Page): Locator {
  return page.locator('remaining-picker');
}

/** What the run's invoices that exist add up to, read through the page's own client. */
async function invoicesOfRun(
  page: Page,
  runId: string,
): Promise<{invoices: number; credits: number; drafts: number; totals: string}> {
  return page.evaluate(async (id) => {
    type Client = {
      invoices(
        runId: string,
        page: {offset: number; limit: number},
      ): Promise<{
        items: {class: string; status: string; currency: string; gross: string}[];
        total: number;
      }>;
    };
    const client = (document.querySelector('invoice-run-provider') as unknown as {client: Client})
      .client;
    const sums = new Map<string, {units: bigint; digits: number}>();
    let invoices = 0;
    let credits = 0;
    let drafts = 0;
    for (let offset = 0; ; offset += 1000) {
      const page = await client.invoices(id, {offset, limit: 1000});
      for (const invoice of page.items) {
        if (invoice.class === 'credit') credits++;
        else invoices++;
        if (invoice.status === 'draft') drafts++;
        const digits = invoice.gross.split('.')[1]?.length ?? 0;
        const sum = sums.get(invoice.currency) ?? {units: 0n, digits};
        sum.units += BigInt(invoice.gross.replace('.', ''));
        sums.set(invoice.currency, sum);
      }
      if (offset + 1000 >= page.total) break;
    }
    const totals = [...sums.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, {units, digits}]) => {
        const negative = units < 0n;
        const text = (negative ? -units : units).toString().padStart(digits + 1, '0');
        const amount =
          (negative ? '-' : '') +
          (digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`);
        const format = new Intl.NumberFormat('en-US', {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
        return (format.format as unknown as (value: string) => string)(amount);
      })
      .join('\n');
    return {invoices, credits, drafts, totals};
  }, runId);
}

async function latestRunId(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const client = (
      document.querySelector('invoice-run-provider') as unknown as {
        client: {runs(page: {limit: number}): Promise<{items: {id: string}[]}>};
      }
    ).client;
    return (await client.runs({limit: 1})).items[0]!.id;
  });
}

/** The history's figures of the run are those of its invoices that exist. */
async function expectFiguresOfInvoices(page: Page, runId: string): Promise<void> {
  const expected = await invoicesOfRun(page, runId);
  const count = (value: number) => value.toLocaleString('en-US');
  await expect
    .poll(() => cell(page, 'figures'), {timeout: LONG})
    .toMatch(
      new RegExp(`^${count(expected.invoices)} invoices, ${count(expected.credits)} credits`),
    );
  expect(await cell(page, 'totals')).toBe(expected.totals);
}

test(
  "the README's flow in two tabs and after a reload: run, delete, View Remaining, restore, figures, finalize",
  async () => {
    const first = await openTab();
    const second = await openTab();
    // Nothing needs completing on a fresh page: View Remaining waits for a run, refusing nothing.
    await expect
      .poll(() => picker(second).locator('[part~="notice"]').innerText())
      .toContain('Choose a run');

    await runJanuary(first);
    const runId = await latestRunId(first);
    // The other tab sees the run, completed, live.
    await expect
      .poll(() => historyRow(second).locator('[part~="status"]').innerText(), {timeout: LONG})
      .toMatch(/^Completed/);
    await expectFiguresOfInvoices(second, runId);
    const ownDuration = await cell(second, 'duration');

    // The first tab deletes a draft in the history.
    await historyRow(first).locator('[part~="open-button"]').click();
    // The grid draws the rows in view (it is virtualised): the clerk scrolls down to it.
    const list = first.locator('run-history invoice-grid [part~="grid"]');
    await list.waitFor({timeout: LONG});
    await list.scrollIntoViewIfNeeded();
    const invoice = first.locator('run-history invoice-grid [part~="row"]').first();
    await invoice.waitFor({timeout: LONG});
    // Its subscription column, as shown: rows around the view are rendered (`content-visibility`)
    // at the frame after the scroll that brought them into it, and their text is seen from then.
    let subscription = '';
    await expect
      .poll(
        async () =>
          (subscription = (await invoice.locator('[data-column="4"]').innerText()).trim()),
        {timeout: LONG},
      )
      .toMatch(/^(SUB|ORDER)-/);
    // A draft's checkbox selects it.
    await invoice.locator('input[type="checkbox"]').check();
    await first.locator('run-history [part~="delete-button"]').click();
    await first.locator('run-history dialog[open] [part~="confirm-button"]').click();
    await expect
      .poll(() => first.locator('run-history [part~="announcer"]').first().innerText(), {
        timeout: LONG,
      })
      .toMatch(/deleted/);

    // The second tab's View Remaining (from its history) shows the deleted draft's subscription.
    await historyRow(second)
      .getByRole('button', {name: /^View Remaining of/})
      .click();
    const rows = picker(second).locator('[part~="row"]');
    await expect.poll(() => rows.count(), {timeout: LONG}).toBe(1);
    expect(await rows.first().innerText()).toContain(subscription!);
    expect(await picker(second).locator('h2').innerText()).toContain('January 2026');
    // The first tab's View Remaining (the run it just made, scrolled out of view) has it too.
    await expect
      .poll(() => picker(first).locator('[part~="count"]').innerText(), {timeout: LONG})
      .toBe('0 of 1 selected');
    // The history says what the run holds now, in both tabs.
    await expectFiguresOfInvoices(second, runId);
    await expectFiguresOfInvoices(first, runId);
    expect(await cell(second, 'figures')).toMatch(/made in total/);

    // Restore it in the second tab.
    await rows.first().locator('input[type="checkbox"]').check();
    const restore = picker(second).locator('[part~="restore-button"]');
    expect(await restore.innerText()).toBe('Restore 1 subscription');
    await restore.click();
    await expect
      .poll(() => picker(second).locator('[part~="notice"]').innerText(), {timeout: LONG})
      .toContain('Nothing remains');
    await expect
      .poll(() => picker(first).locator('[part~="notice"]').innerText(), {timeout: LONG})
      .toContain('Nothing remains');
    await expectFiguresOfInvoices(first, runId);
    await expectFiguresOfInvoices(second, runId);
    // The run's own duration stays; the restore is told apart.
    await expect.poll(() => cell(second, 'duration')).toContain('Restored once');
    expect(await cell(second, 'duration')).toContain(ownDuration);

    // A picture of the history after the restore, to look at (not compared, not committed).
    await historyRow(second).scrollIntoViewIfNeeded();
    await second.screenshot({path: join(root, '.test-results', 'clerk-flow.png'), fullPage: true});

    // The first tab finalizes two drafts; it says so once the rows show their numbers.
    await list.scrollIntoViewIfNeeded();
    const drafts = first.locator('run-history invoice-grid [part~="row"][data-status="draft"]');
    await drafts.nth(0).locator('input[type="checkbox"]').check();
    await drafts.nth(1).locator('input[type="checkbox"]').check();
    await first.locator('run-history [part~="finalize-button"]').click();
    await first.locator('run-history dialog[open] [part~="confirm-button"]').click();
    await expect
      .poll(() => first.locator('run-history [part~="announcer"]').first().innerText(), {
        timeout: LONG,
      })
      .toMatch(/2 invoices finalized/);
    await expect
      .poll(
        () => first.locator('run-history invoice-grid [part~="row"][data-status="open"]').count(),
        {timeout: LONG},
      )
      .toBe(2);
    const held = await invoicesOfRun(first, runId);
    expect(held.drafts).toBe(held.invoices + held.credits - 2);

    // After a reload: nothing to complete, so nothing preselected; the figures still hold.
    await second.reload();
    await waitReady(second);
    await expect
      .poll(() => picker(second).locator('[part~="notice"]').innerText())
      .toContain('Choose a run');
    await expectFiguresOfInvoices(second, runId);
    expect(await cell(second, 'duration')).toContain('Restored once');
    await historyRow(second)
      .getByRole('button', {name: /^View Remaining of/})
      .click();
    await expect
      .poll(() => picker(second).locator('[part~="notice"]').innerText(), {timeout: LONG})
      .toContain('Nothing remains');
    expect(problems).toEqual([]);
  },
  FLOW,
);

/** Starts the filled run and waits until it bills (its progress counts subscriptions). */
async function startAndWaitBilling(page: Page): Promise<void> {
  const form = page.locator('invoice-run-form');
  await form.getByRole('button', {name: 'Start run'}).click();
  await expect
    .poll(() => form.locator('[part~="status"]').innerText(), {timeout: LONG})
    .toMatch(/Subscriptions: [1-9]/);
}

test(
  'a reload during a run asks first; the other tab sees the run interrupted, the reloaded one preselects it, Restore completes it',
  async () => {
    const first = await openTab();
    const second = await openTab();
    await fillJanuary(first);
    await startAndWaitBilling(first);
    // The other tab shows it running, and offers neither Re-run nor View Remaining on it.
    await expect
      .poll(() => historyRow(second).locator('[part~="status"]').innerText(), {timeout: LONG})
      .toBe('Running');
    expect(await historyRow(second).locator('[part~="rerun-button"]').count()).toBe(0);
    expect(await historyRow(second).locator('[part~="remaining-button"]').count()).toBe(0);

    // A reload asks first (the browser's own question); the clerk leaves anyway.
    const dialogs: string[] = [];
    first.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await first.reload();
    expect(dialogs).toEqual(['beforeunload']);

    // The other tab sees the run interrupted, without a reload of its own.
    await expect
      .poll(() => historyRow(second).locator('[part~="status"]').innerText(), {timeout: LONG})
      .toBe('Interrupted');

    // The reloaded tab preselects the run that needs completing, named, and refuses nothing.
    await waitReady(first);
    await expect
      .poll(() => picker(first).locator('h2').innerText(), {timeout: LONG})
      .toContain('January 2026');
    await expect
      .poll(() => picker(first).locator('[part~="count"]').innerText(), {timeout: LONG})
      .toMatch(/^0 of [\d,]+ selected$/);
    const view = await picker(first).locator('[part~="base"]').innerText();
    expect(view).toContain('interrupted before it finished');
    expect(view).not.toContain('cannot be restored');
    await picker(first).locator('[part~="select-all-button"]').click();
    const restore = picker(first).locator('[part~="restore-button"]');
    expect(await restore.innerText()).toMatch(/^Restore [\d,]+ subscriptions and [\d,]+ records$/);
    await restore.click();
    await expect
      .poll(() => picker(first).locator('[part~="notice"]').innerText(), {timeout: LONG})
      .toContain('Nothing remains');

    // Completed by the restore: no tab says "Interrupted" any more; the figures are its invoices'.
    for (const page of [first, second]) {
      await expect
        .poll(() => historyRow(page).locator('[part~="status"]').innerText(), {timeout: LONG})
        .toMatch(/^Completed/);
    }
    await expectFiguresOfInvoices(second, await latestRunId(second));
    expect(problems.filter((problem) => !problem.includes('WORKER_TERMINATED'))).toEqual([]);
  },
  FLOW,
);

test(
  "two tabs bill one period: the second waits, says so, then that nothing was left; this tab's own run is not blamed on another; Cancel says Cancelling… at once",
  async () => {
    const first = await openTab();
    const second = await openTab();
    await fillJanuary(first);
    await fillJanuary(second);
    await first.locator('invoice-run-form').getByRole('button', {name: 'Start run'}).click();

    // View Remaining of the run this tab bills (opened as soon as the history shows it, seconds
    // before it ends): it says the run is being billed, and blames no other run.
    await expect
      .poll(() => historyRow(first).locator('[part~="status"]').innerText(), {timeout: LONG})
      .toBe('Running');
    // By keyboard: the row's figures change as the run bills, so the row never stands still for
    // a pointer click.
    await historyRow(first).locator('[part~="open-button"]').press('Enter');
    await expect
      .poll(() => picker(first).locator('[part~="notice"]').innerText(), {timeout: LONG})
      .toContain('This run is being billed right now');
    expect(await picker(first).locator('[part~="base"]').innerText()).not.toContain('Another run');

    // The second tab starts the same period meanwhile: it waits, and says so.
    const secondForm = second.locator('invoice-run-form');
    await secondForm.getByRole('button', {name: 'Start run'}).click();
    await expect
      .poll(() => secondForm.locator('[part~="status"]').innerText(), {timeout: LONG})
      .toContain('Waiting: another tab or window is billing');
    await first.locator('invoice-run-form [part~="summary"]').waitFor({timeout: LONG});
    const summary = secondForm.locator('[part~="summary"]');
    await summary.waitFor({timeout: LONG});
    expect(await summary.innerText()).toContain('Nothing was left to bill');
    // Once its run ended, this tab's View Remaining shows its run; the other tab's run of the
    // same filters is newer, and View Remaining says which one to complete instead.
    await expect
      .poll(() => picker(first).locator('[part~="notice"]').innerText(), {timeout: LONG})
      .toContain('A newer run with the same filters exists: January 2026');
    await expect
      .poll(() => picker(second).locator('[part~="notice"]').innerText(), {timeout: LONG})
      .toContain('Nothing remains');

    // Cancel: said at once, while the worker ends the chunk it bills.
    await fillJanuary(first, 'February 2026');
    const form = first.locator('invoice-run-form');
    await form.getByLabel('Period start').fill('2026-02-01');
    await form.getByLabel('Period end').fill('2026-02-28');
    await startAndWaitBilling(first);
    const cancel = form.locator('[part~="cancel-button"]');
    await cancel.click();
    await expect.poll(() => cancel.innerText()).toBe('Cancelling…');
    expect(await cancel.isDisabled()).toBe(true);
    await expect
      .poll(() => form.locator('[part~="summary"] h3').innerText(), {timeout: LONG})
      .toContain('Run cancelled');
    expect(problems).toEqual([]);
  },
  FLOW,
);

test(
  'a new data set: every component drops what it showed, and the next run is not said to be gone',
  async () => {
    const page = await openTab();
    await runJanuary(page);
    await historyRow(page).locator('[part~="open-button"]').click();
    const list = page.locator('run-history invoice-grid [part~="grid"]');
    await list.waitFor({timeout: LONG});
    await list.scrollIntoViewIfNeeded();
    await page
      .locator('run-history invoice-grid [part~="row"]')
      .first()
      .locator('input[type="checkbox"]')
      .check();
    await page.locator('run-history [part~="delete-button"]').click();
    await page.locator('run-history dialog[open] [part~="confirm-button"]').click();
    await expect
      .poll(() => page.locator('run-history [part~="announcer"]').first().innerText(), {
        timeout: LONG,
      })
      .toMatch(/deleted/);
    await expect
      .poll(() => picker(page).locator('h2').innerText(), {timeout: LONG})
      .toContain('January 2026');

    await page.getByRole('button', {name: 'Reset demo data'}).click();
    await page.locator('#confirm-ok').click();
    await page.waitForFunction(() => (window as {__demoReady?: boolean}).__demoReady !== true);
    await waitReady(page);

    const form = page.locator('invoice-run-form');
    expect(await form.locator('[part~="summary"]').count()).toBe(0);
    await expect
      .poll(() => page.locator('run-history [part~="notice"]').innerText(), {timeout: LONG})
      .toContain('No runs yet');
    expect(await page.locator('run-history [part~="announcer"]').first().innerText()).toBe('');
    expect(await page.locator('run-history [part~="details"]').count()).toBe(0);
    expect(await picker(page).locator('h2').innerText()).toBe('View Remaining');
    expect(await picker(page).locator('[part~="notice"]').innerText()).toContain('Choose a run');

    // The next run (the same id as the old one, in the new database) is shown as it is.
    await fillJanuary(page);
    await form.getByRole('button', {name: 'Start run'}).click();
    await expect
      .poll(() => historyRow(page).locator('[part~="status"]').innerText(), {timeout: LONG})
      .toBe('Running');
    expect(await page.locator('body').innerText()).not.toContain('no longer exists');
    await form.locator('[part~="summary"]').waitFor({timeout: LONG});
    expect(await page.locator('body').innerText()).not.toContain('no longer exists');
    expect(problems).toEqual([]);
  },
  FLOW,
);
