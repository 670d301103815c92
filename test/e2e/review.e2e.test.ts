/**
 * Reviewing January's run in the demo from the keyboard alone (issue 14's "done when"): open the
 * run in the history, which shows it in `<invoice-grid>`; from the grid's first cell find a line,
 * open its explanation, fix its quantity (the totals follow), add a manual line, open the invoice's
 * document and print it, and finalize the draft; axe in every state. The grid with a line's
 * explanation open and the printed document are kept as pictures (`UPDATE_SCREENSHOT=1` writes
 * them into docs/, else .test-results/).
 */
import {mkdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import type {Page} from 'playwright-core';
import type {ViteDevServer} from 'vite';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {
  axeViolations,
  openBrowser,
  picturePath,
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

/** Where the focus is, through shadow roots: the element's part, and its grid cell if any. */
function focusOf(page: Page): Promise<{part: string; key: string; column: number; text: string}> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const cell = active?.closest<HTMLElement>('[data-column]');
    return {
      part: active?.getAttribute('part') ?? active?.localName ?? '',
      key: cell?.closest<HTMLElement>('[data-key]')?.dataset['key'] ?? '',
      column: Number(cell?.dataset['column'] ?? -1),
      text: (cell?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    };
  });
}

async function press(page: Page, ...keys: string[]): Promise<void> {
  for (const key of keys) await page.keyboard.press(key);
}

function savePicture(name: string): string {
  const path = picturePath(name);
  mkdirSync(dirname(path), {recursive: true});
  return path;
}

test(
  'opens January’s run, finds a line, explains it, fixes its quantity, adds a line, prints the invoice and finalizes it without a mouse',
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

      // Open January's run from the keyboard: the history shows its invoices in the grid.
      const history = page.locator('run-history');
      await history
        .locator('[part~="run"]')
        .filter({hasText: 'January 2026'})
        .first()
        .locator('[part~="open-button"]')
        .focus();
      await press(page, 'Enter');
      const grid = history.locator('invoice-grid');
      await grid.locator('[part~="row"]').first().waitFor({timeout: LONG});
      // Tab reaches the grid's one stop: its first row's status.
      for (let n = 0; n < 20 && !(await focusOf(page)).key.startsWith('i|'); n++) {
        await press(page, 'Tab');
      }
      const first = await focusOf(page);
      expect(first.key).toMatch(/^i\|/);
      expect(first.text).toBe('Draft');
      expect(await axeViolations(page)).toEqual([]);

      // Find a line: Enter opens the invoice's lines, the arrow goes down to its first line.
      await press(page, 'Enter', 'ArrowDown');
      const line = await focusOf(page);
      expect(line.key).toMatch(/^l\|.*\|0$/);
      const invoiceId = line.key.split('|')[1]!;

      // See why it costs what it does: the line's Explain button, in a dialog.
      for (let n = 0; n < 10 && (await focusOf(page)).part !== 'explain-button'; n++) {
        await press(page, 'ArrowRight');
      }
      await press(page, 'Enter');
      const dialog = grid.locator('[part~="detail-dialog"]');
      await expect
        .poll(() => dialog.evaluate((each) => (each as HTMLDialogElement).open))
        .toBe(true);
      await expect(grid.locator('#detail-heading').innerText()).resolves.toMatch(/^Why “/);
      await expect
        .poll(() => dialog.locator('line-explanation [part~="base"]').innerText(), {timeout: LONG})
        .toMatch(/billing period|billed once|transactions|From Order|Added by hand/);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({path: savePicture('invoice-grid-explanation.png')});
      await press(page, 'Escape');
      await expect.poll(async () => (await focusOf(page)).part).toBe('explain-button');

      // Correct it: the quantity (F2, a number, Enter); the live region says what the edit did,
      // and the invoice's gross and the footer's totals follow.
      const totals = grid.locator('[part~="totals"]');
      const totalsBefore = await totals.innerText();
      const invoiceRow = grid.locator(`[data-key="i|${invoiceId}"]`);
      const rowBefore = await invoiceRow.innerText();
      for (let n = 0; n < 10 && (await focusOf(page)).column !== 2; n++) {
        await press(page, 'ArrowLeft');
      }
      const was = (await focusOf(page)).text;
      const wanted = was === '7' ? '8' : '7';
      await press(page, 'F2');
      await page.keyboard.type(wanted);
      await press(page, 'Enter');
      const announcer = grid.locator('[part~="announcer"]');
      await expect
        .poll(() => announcer.innerText(), {timeout: LONG})
        .toMatch(new RegExp(`changed from .* to ${wanted}\\. The invoice now totals`));
      await expect.poll(() => totals.innerText()).not.toBe(totalsBefore);
      await expect.poll(() => invoiceRow.innerText()).not.toBe(rowBefore);
      // The focus stayed on the cell, which shows the stored quantity.
      expect(await focusOf(page)).toMatchObject({key: line.key, column: 2, text: wanted});
      expect(await axeViolations(page)).toEqual([]);

      // A manual line: Insert, its fields with Tab, Enter.
      await press(page, 'Insert');
      await page.keyboard.type('Setup assistance');
      await press(page, 'Tab', 'Tab');
      await page.keyboard.type('45');
      await press(page, 'Enter');
      await expect
        .poll(() => announcer.innerText(), {timeout: LONG})
        .toMatch(/^Line “Setup assistance” added to the draft/);
      expect((await focusOf(page)).text).toBe('Setup assistance');
      expect(await axeViolations(page)).toEqual([]);
      await grid.screenshot({path: savePicture('invoice-grid.png')});

      // The invoice's document: up to its row, its Document button, Enter.
      for (let n = 0; n < 40 && !(await focusOf(page)).key.startsWith('i|'); n++) {
        await press(page, 'ArrowUp');
      }
      expect((await focusOf(page)).key).toBe(`i|${invoiceId}`);
      for (let n = 0; n < 14 && (await focusOf(page)).part !== 'document-button'; n++) {
        await press(page, 'ArrowRight');
      }
      await press(page, 'Enter');
      await expect
        .poll(() => dialog.evaluate((each) => (each as HTMLDialogElement).open))
        .toBe(true);
      const invoiceDocument = dialog.locator('invoice-document');
      await expect
        .poll(() => invoiceDocument.locator('[part~="title"]').innerText(), {timeout: LONG})
        .toBe('Draft invoice');
      await expect
        .poll(() => invoiceDocument.locator('[part~="lines"]').innerText(), {timeout: LONG})
        .toContain('Setup assistance');
      await expect(invoiceDocument.locator('[part~="edit"]').last().innerText()).resolves.toContain(
        'Line added: “Setup assistance”',
      );
      expect(await axeViolations(page)).toEqual([]);

      // Print: Tab to the document's Print button, Enter. What is printed is a standalone copy.
      await page.evaluate(() => {
        document.addEventListener('invoice-document-print', (event) => {
          (window as {printed?: string}).printed = (event as Event & {html: string}).html;
        });
      });
      for (let n = 0; n < 6 && (await focusOf(page)).part !== 'print-button'; n++) {
        await press(page, 'Tab');
      }
      await press(page, 'Enter');
      await page.waitForFunction(() => (window as {printed?: string}).printed !== undefined);
      const printed = await page.evaluate(() => (window as {printed?: string}).printed!);
      expect(printed).toContain('Draft invoice');
      expect(printed).toContain('Setup assistance');
      const copy = await context.newPage();
      try {
        await copy.setViewportSize({width: 794, height: 1123});
        await copy.setContent(printed);
        await copy.emulateMedia({media: 'print'});
        // Looked at in .test-results/ (docs/ keeps the document's own pictures).
        mkdirSync(join(root, '.test-results'), {recursive: true});
        await copy.screenshot({
          path: join(root, '.test-results', 'review-printed.png'),
          fullPage: true,
        });
        const pdf = await copy.pdf({format: 'A4'});
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      } finally {
        await copy.close();
      }
      // Escape closes the document; the focus is back on its button.
      await page.bringToFront();
      await press(page, 'Escape');
      await expect.poll(async () => (await focusOf(page)).part).toBe('document-button');

      // Finalize: Space on the row's status selects the draft; Shift+Tab to Finalize, Enter, and
      // the confirmation's Finalize.
      await press(page, 'Home', 'ArrowRight', 'Space');
      await expect
        .poll(() => grid.locator('[part~="selected-count"]').innerText())
        .toBe('1 draft selected');
      for (let n = 0; n < 10 && (await focusOf(page)).part !== 'finalize-button'; n++) {
        await press(page, 'Shift+Tab');
      }
      expect((await focusOf(page)).part).toBe('finalize-button');
      await press(page, 'Enter');
      await history.getByRole('dialog', {name: 'Finalize drafts'}).waitFor({state: 'visible'});
      expect(await axeViolations(page)).toEqual([]);
      await press(page, 'Tab', 'Enter');
      await expect
        .poll(() => history.locator('[part~="announcer"]').first().innerText(), {timeout: LONG})
        .toBe('1 invoice finalized.');
      await expect.poll(() => invoiceRow.innerText(), {timeout: LONG}).toMatch(/INV-2026-\d{5}/);
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  },
  FLOW,
);
