/**
 * From the browser to a server, as the root README shows it: the data a page keeps in IndexedDB,
 * exported by its client, imported by the server command line into PostgreSQL (PGlite here), and
 * the same run there bills the very same invoices.
 */
import 'fake-indexeddb/auto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, expect, it} from 'vitest';
import type {Invoice} from '@invoice-run/core';
import {createInProcessClient} from '@invoice-run/worker/in-process.js';
import {generateDataSet} from '../../../demo/src/generate-data.js';
import {serverMain, type CommandIo} from '../src/cli/server-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'invoice-run-from-browser-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function cli(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: {write: (text: string) => ((stdout += text), true)},
    stderr: {write: (text: string) => ((stderr += text), true), isTTY: false},
    cwd: dir,
    today: () => '2026-02-05',
  };
  const code = await serverMain([...args, '--db', join(dir, 'data')], io);
  return {code, stdout, stderr};
}

/** What an invoice bills, without when and where it was stored. */
function billed(invoice: Invoice) {
  const {id, runId, createdAt, ...rest} = invoice as Invoice & {createdAt?: unknown};
  void id;
  void runId;
  void createdAt;
  return rest;
}

it('a page’s data, exported and imported by the server command line, bills the same invoices', async () => {
  const {data} = generateDataSet({subscriptions: 200, transactions: 1000, seed: 7});
  const page = createInProcessClient({
    database: `from-browser-${process.pid}`,
    scheduler: {enabled: false},
  });
  let inBrowser: readonly Invoice[];
  try {
    const report = await page.import(data);
    expect(report.rejected).toEqual([]);
    const run = await page.startRun({
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      invoiceDate: '2026-02-01',
      subscriptionFilter: 'all',
      transactionFilters: ['metering'],
      genericFilters: ['service-orders'],
    });
    inBrowser = (await page.invoices(run.run.id, {offset: 0, limit: 1000})).items;
    writeFileSync(join(dir, 'export.json'), JSON.stringify(await page.export()));
  } finally {
    await page.dispose();
  }
  expect(inBrowser.length).toBeGreaterThan(150);

  const imported = await cli(['import', 'export.json', '--json']);
  expect(imported.code).toBe(0);
  expect(JSON.parse(imported.stdout).rejected).toEqual([]);
  const run = await cli([
    'run',
    '--period',
    '2026-01',
    '--invoice-date',
    '2026-02-01',
    '--subscription-filter',
    'all',
    '--transaction-filter',
    'metering',
    '--generic-filter',
    'service-orders',
    '--json',
  ]);
  expect(run.code).toBe(0);
  const runId: string = JSON.parse(run.stdout).run;
  const exported = await cli(['export', '--run', runId, '--format', 'json']);
  expect([exported.code, exported.stderr]).toEqual([0, '']);
  const onServer: Invoice[] = JSON.parse(exported.stdout);

  expect(onServer.map(billed)).toEqual(inBrowser.map(billed));
});
