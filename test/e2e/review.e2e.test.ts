/**
 * Reviewing a draft in the demo (issue 14's "the demo shows it"), until the review grid opens
 * invoices in the history itself: open January's run, see why a line costs what it does, fix a
 * quantity, add a manual line, and print the invoice: `<invoice-document>` follows each edit live,
 * and its Print button prints a standalone copy of it (looked at as a picture in `.test-results/`).
 */
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import type {ViteDevServer} from 'vite';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {
  axeViolations,
  openBrowser,
  root,
  serverUrl,
  startDemoServer,
  waitForDemo,
} from './demo-page.js';

const LONG = 120_000;
/** Loading the demo's data and billing January take most of it. */
const FLOW = 300_000;
let server: ViteDevServer;

beforeAll(async () => {
  server = await startDemoServer();
});

afterAll(async () => {
  await server?.close();
});

test(
  'opens January’s run, explains a line, fixes a quantity, adds a line and prints the invoice',
  async () => {
    const {page, context, problems, close} = await openBrowser(1440, 1000);
    try {
      await page.goto(serverUrl(server));
      await waitForDemo(page, problems);
      const form = page.locator('invoice-run-form');
      await expect
        .poll(() => form.getByRole('radio', {name: 'All subscriptions'}).isChecked(), {
          timeout: LONG,
        })
        .toBe(true);
      await form.getByRole('button', {name: 'Start run'}).click();
      await form.locator('[part~="summary"]').waitFor({state: 'visible', timeout: LONG});

      // Open the run in the history: the review lists its invoices and shows the first draft.
      const history = page.locator('run-history');
      await history
        .locator('[part~="run"]')
        .filter({hasText: 'January 2026'})
        .first()
        .locator('[part~="open-button"]')
        .click();
      const review = page.locator('#review');
      const invoice = review.locator('invoice-document');
      await expect
        .poll(() => invoice.locator('[part~="title"]').innerText(), {timeout: LONG})
        .toBe('Draft invoice');
      // The seller from the demo's settings, the buyer from its account.
      await expect
        .poll(() => invoice.locator('[part~="seller"]').innerText(), {timeout: LONG})
        .toContain('Acme Billing GmbH');
      await expect
        .poll(() => invoice.locator('[part~="buyer"]').innerText(), {timeout: LONG})
        .toMatch(/Tax ID|Email/);
      const lines = invoice.locator('[part~="line"]');
      const before = await lines.count();
      expect(before).toBeGreaterThan(0);

      // Why the first line costs what it does.
      const explanation = review.locator('line-explanation');
      await expect
        .poll(() => explanation.locator('[part~="base"]').innerText())
        .toMatch(/billing period|billed once|transactions|From Order|Added by hand/);

      // Fix the quantity of line 1 (from the keyboard: Tab to the field, type, Enter).
      const quantity = review.getByLabel('Quantity', {exact: true}).first();
      const was = await quantity.inputValue();
      const wanted = was === '3' ? '4' : '3';
      await quantity.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(wanted);
      await page.keyboard.press('Enter');
      await expect
        .poll(() => review.locator('#review-status').innerText())
        .toBe(`Line 1: the quantity is ${wanted} now.`);
      // The record writes the numbers as the page's language does (14,406): compared without commas.
      await expect
        .poll(
          async () =>
            (await invoice.locator('[part~="edit"]').last().innerText()).replace(/,/g, ''),
          {timeout: LONG},
        )
        .toContain(`Line 1: quantity ${was} → ${wanted}`);

      // Add a manual line.
      await review.getByLabel('Description').fill('Setup assistance');
      await review.locator('#review-add-quantity').fill('2');
      await review.getByLabel('Unit price').fill('45.00');
      await review.getByRole('button', {name: 'Add line'}).click();
      await expect
        .poll(() => review.locator('#review-status').innerText())
        .toBe(`Added “Setup assistance” as line ${before + 1}.`);
      await expect.poll(() => lines.count(), {timeout: LONG}).toBe(before + 1);
      await expect(lines.last().innerText()).resolves.toMatch(/Setup assistance[\s\S]*€90\.00/);
      await expect(invoice.locator('[part~="edit"]').last().innerText()).resolves.toContain(
        'Line added: “Setup assistance”',
      );
      expect(await explanation.locator('[part~="manual"]').innerText()).toContain('Added by hand');

      // A refused edit says why and changes nothing.
      await review.getByLabel('Quantity', {exact: true}).first().fill('many');
      await review.getByRole('button', {name: 'Set quantity'}).click();
      await expect
        .poll(() => review.locator('#review-status').innerText())
        .toMatch(/^Not changed:/);
      expect(await lines.count()).toBe(before + 1);

      expect(await axeViolations(page)).toEqual([]);
      mkdirSync(join(root, '.test-results'), {recursive: true});
      await review.screenshot({path: join(root, '.test-results', 'review.png')});

      // Print: the document's own button prints a standalone copy of it.
      await page.evaluate(() => {
        const target = document.querySelector('#review-document')!;
        target.addEventListener('invoice-document-print', (event) => {
          (window as {printed?: string}).printed = (event as Event & {html: string}).html;
        });
      });
      await invoice.locator('[part~="print-button"]').click();
      await page.waitForFunction(() => (window as {printed?: string}).printed !== undefined);
      const printed = await page.evaluate(() => (window as {printed?: string}).printed!);
      expect(printed).toContain('Draft invoice');
      expect(printed).toContain('Setup assistance');
      const copy = await context.newPage();
      try {
        await copy.setViewportSize({width: 794, height: 1123});
        await copy.setContent(printed);
        await copy.emulateMedia({media: 'print'});
        mkdirSync(join(root, '.test-results'), {recursive: true});
        await copy.screenshot({
          path: join(root, '.test-results', 'review-printed.png'),
          fullPage: true,
        });
        await copy.pdf({path: join(root, '.test-results', 'review-printed.pdf'), format: 'A4'});
      } finally {
        await copy.close();
      }
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  },
  FLOW,
);
