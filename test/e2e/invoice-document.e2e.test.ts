/**
 * The invoice document as Chromium prints it: the print fixture (`test/e2e/fixtures`, served by
 * Vite with the demo's config) shows the sample invoice (seller, buyer, every kind of line, two tax
 * rates, an edit) in `<invoice-document>`. Printed with print media, on A4: the picture of it and
 * the PDF are kept (`docs/` on request, UPDATE_SCREENSHOT=1; else `.test-results/`), and so is
 * the PDF of `print()`'s standalone copy. A long invoice shows its page breaks.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {createServer} from 'vite';
import type {ViteDevServer} from 'vite';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {openBrowser, picturePath, root, serverUrl, type DemoBrowser} from './demo-page.js';

/** A4 at 96 dpi less the page's margins (16 mm each side): the width the document prints at. */
const PRINTED_WIDTH = 674;
const A4_POINTS = [595.92, 842.88];

let server: ViteDevServer;
let chromium: DemoBrowser;

beforeAll(async () => {
  server = await createServer({
    configFile: join(root, 'vite.config.ts'),
    root: join(root, 'test', 'e2e', 'fixtures'),
    logLevel: 'warn',
    server: {host: '127.0.0.1', port: 0, strictPort: false, open: false, watch: null, hmr: false},
  });
  await server.listen();
  chromium = await openBrowser(PRINTED_WIDTH, 1100);
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function openFixture(page: Page, query = ''): Promise<void> {
  await page.goto(`${serverUrl(server)}invoice-document.html${query}`);
  await page.waitForSelector('body[data-ready]', {timeout: 60_000});
}

/** The pages of a PDF and the size of the first, in points. */
function pdfPages(pdf: Buffer): {count: number; size: number[]} {
  const text = pdf.toString('latin1');
  const count = text.match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
  const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  return {count, size: box === null ? [] : [Number(box[3]), Number(box[4])]};
}

/** Keeps a file: the README's pictures in `docs/` on request (`picturePath`), others to look at. */
function keep(name: string, data: Buffer, docs = false): string {
  const path = docs ? picturePath(name) : join(root, '.test-results', name);
  mkdirSync(dirname(path), {recursive: true});
  writeFileSync(path, data);
  return path;
}

/** The first page of a PDF as a PNG in `.test-results/`, when poppler's pdftoppm is installed. */
function firstPageAsPng(pdfPath: string): void {
  const name = pdfPath.replace(/^.*\//, '').replace(/\.pdf$/, '-page-1');
  try {
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '110',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdfPath,
      join(root, '.test-results', name),
    ]);
  } catch {
    // No pdftoppm: the print-media screenshot is the picture to look at.
  }
}

test('prints the invoice on A4 with print styles: no button, every part, two tax rates, the edits', async () => {
  const {page, problems} = chromium;
  await openFixture(page);
  const button = page.locator('invoice-document').locator('[part~="print-button"]');
  await expect(button.isVisible()).resolves.toBe(true);

  await page.emulateMedia({media: 'print'});
  await expect(button.isVisible()).resolves.toBe(false);
  const invoice = page.locator('invoice-document');
  await expect(invoice.locator('[part~="title"]').innerText()).resolves.toBe('Invoice');
  await expect(invoice.locator('[part~="seller"]').innerText()).resolves.toContain(
    'Acme Billing GmbH',
  );
  await expect(invoice.locator('[part~="buyer"]').innerText()).resolves.toContain('Nordwerk GmbH');
  await expect(invoice.locator('[part~="line"]').count()).resolves.toBe(7);
  await expect(invoice.locator('[part~="tax-row"]').allInnerTexts()).resolves.toEqual([
    expect.stringMatching(/Tax 7% of €152\.10\s+€10\.65/),
    expect.stringMatching(/Tax 19% of €1,775\.51\s+€337\.35/),
  ]);
  await expect(invoice.locator('[part~="edit"]').innerText()).resolves.toContain(
    'Line 2: quantity 10 → 12',
  );
  // Nothing of the document is wider than the printed page.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);

  keep('invoice-document.png', await page.screenshot({fullPage: true}), true);
  const pdf = await page.pdf({format: 'A4'});
  const pdfPath = keep('invoice-document.pdf', pdf, true);
  firstPageAsPng(pdfPath);
  const pages = pdfPages(pdf);
  expect(pages.size.map(Math.round)).toEqual(A4_POINTS.map(Math.round));
  expect(pages.count).toBeGreaterThanOrEqual(1);
  expect(pages.count).toBeLessThanOrEqual(2);
  expect(problems).toEqual([]);
});

test('print() prints a standalone copy: the same document, A4, the number in the corner', async () => {
  const {context, page, problems} = chromium;
  await page.emulateMedia({media: 'screen'});
  await openFixture(page);
  const markup = await page.evaluate(() =>
    document.querySelector('invoice-document')!.printableHtml(),
  );
  const copy = await context.newPage();
  try {
    await copy.setContent(markup);
    const title = copy.locator('.invoice-document').locator('[part~="title"]');
    await expect(title.innerText()).resolves.toBe('Invoice');
    await expect(copy.locator('[part~="print-button"]').count()).resolves.toBe(0);
    const pdf = await copy.pdf({format: 'A4'});
    const pdfPath = keep('invoice-document-standalone.pdf', pdf);
    firstPageAsPng(pdfPath);
    const pages = pdfPages(pdf);
    expect(pages.size.map(Math.round)).toEqual(A4_POINTS.map(Math.round));
    expect(pages.count).toBeLessThanOrEqual(2);
  } finally {
    await copy.close();
  }

  // The Print button itself: a hidden frame that prints and goes again; nothing fails.
  await page.evaluate(() => {
    (window as {printed?: number}).printed = 0;
    document.querySelector('invoice-document')!.addEventListener('invoice-document-print', () => {
      (window as {printed?: number}).printed!++;
    });
  });
  await page.locator('invoice-document').locator('[part~="print-button"]').click();
  await page.waitForFunction(() => (window as {printed?: number}).printed === 1);
  expect(problems).toEqual([]);
});

test('a long invoice runs over pages between rows, with the column heads again on each', async () => {
  const {page, problems} = chromium;
  await openFixture(page, '?lines=40');
  await page.emulateMedia({media: 'print'});
  const rows = page.locator('invoice-document').locator('[part~="line"]');
  await expect(rows.count()).resolves.toBe(47);
  await expect(rows.first().evaluate((row) => getComputedStyle(row).breakInside)).resolves.toBe(
    'avoid',
  );
  const pdf = await page.pdf({format: 'A4'});
  const pdfPath = keep('invoice-document-long.pdf', pdf);
  firstPageAsPng(pdfPath);
  expect(pdfPages(pdf).count).toBeGreaterThanOrEqual(3);
  expect(problems).toEqual([]);
});
